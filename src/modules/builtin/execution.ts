/**
 * The `execution` module: the plan that puts an approved strategy and its
 * creatives to work (the operator's Execution tab and its `run_execution_step`).
 */
import * as z from 'zod/mini';
import { defineModule } from '../define.js';
import { choice, text, textOrList, texts, wholeNumber } from '../fields.js';

/** The `execution` module (`POST /api/v1/execution/generate`): execution plan and content calendar. */
export const executionModule = defineModule({
  name: 'execution',
  description:
    'An execution plan (phases, jobs, cadence, UTM, governance) and a content calendar for a campaign.',
  input: z.object(
    {
      /** The campaign to execute, e.g. `cmp_2026_aligners`. */
      campaign_id: text(200),
      /** Campaign name, for titles and UTM tags, e.g. `Aligner Launch Q1`. */
      campaign_name: z.nullish(text(200)),
      /**
       * Jobs to run, e.g. `["linkedin_posts_week1", "email_sequence"]`. Visual jobs (`ig_posts_week1`,
       * `fb_posts_week1`, `reels_scripts_week1`, `content_calendar_week1`) need approved creatives.
       */
      selected_jobs: z.nullish(texts(30, 80)),
      /** First publishing day, `YYYY-MM-DD` gives dated calendar rows, e.g. `2026-01-05`. */
      start_date: z.nullish(text(40)),
      /** Default posting frequency, e.g. `Daily`, `3x/week`, `2x/week`, `Weekly`. */
      posting_frequency: z.nullish(text(40)),
      /** Channels to schedule, e.g. `["LinkedIn", "Instagram"]`. */
      platforms: z.nullish(texts(10, 50)),
      /** Campaign timeline (the tab's `timeline`). */
      timeline: z.nullish(
        z.strictObject(
          {
            /** First day, e.g. `2026-01-05` (used when `start_date` is absent). */
            start_date: z.nullish(text(40)),
            /** Length in weeks, 1 to 52 (the operator's form suggests 12). */
            duration_weeks: z.nullish(wholeNumber(1, 52)),
            /** Last day. */
            end_date: z.nullish(text(40)),
            /** Phases, e.g. `["Setup", "Launch", "Optimise"]`. */
            phases: z.nullish(textOrList(10, 300)),
          },
          { error: 'must be an object' },
        ),
      ),
      /** Publishing schedule (the tab's `schedule`). */
      schedule: z.nullish(
        z.strictObject(
          {
            /** Posts a week per channel, 0 to 21, e.g. `{ "LinkedIn": 3, "Instagram": 5 }`. */
            platform_schedules: z.nullish(
              z
                .record(text(50), wholeNumber(0, 21), {
                  error: 'must be an object of posts a week per channel',
                })
                .check(
                  z.refine((value) => Object.keys(value).length <= 20, {
                    error: 'must list at most 20 channels',
                  }),
                )
                .register(z.globalRegistry, { maxProperties: 20 }),
            ),
            /** Best times to post, e.g. `Tue-Thu 8:00 and 12:30 local`. */
            best_times: z.nullish(textOrList(20, 300)),
            /** Days with no posts, e.g. `["2026-01-19"]`. */
            blackout_dates: z.nullish(textOrList(50, 100)),
          },
          { error: 'must be an object' },
        ),
      ),
      /** Calendar settings (the tab's `calendar`). */
      calendar: z.nullish(
        z.strictObject(
          {
            /** Calendar granularity. */
            calendar_type: z.nullish(choice(['Weekly', 'Bi-weekly', 'Monthly'])),
            /** Content themes to rotate, comma-separated, e.g. `Education, Proof, Offer`. */
            content_rotation: z.nullish(text(500)),
            /** Calls to action to rotate, comma-separated, e.g. `Learn more, Book a scan`. */
            cta_rotation: z.nullish(text(500)),
          },
          { error: 'must be an object' },
        ),
      ),
      /** UTM conventions (the tab's `utm`). */
      utm: z.nullish(
        z.strictObject(
          {
            /** `utm_campaign` value, e.g. `aligner_launch_q1`. */
            campaign_name: z.nullish(text(100)),
            /** `utm_source` defaults, e.g. `linkedin, instagram, newsletter`. */
            source_defaults: z.nullish(text(300)),
            /** `utm_medium`. @default 'social' */
            medium: z.nullish(text(50)),
            /** How `utm_content` is built, e.g. `week-day-channel`. */
            content_param: z.nullish(text(200)),
            /** Anything else about tracking. */
            tracking_notes: z.nullish(text(1000)),
          },
          { error: 'must be an object' },
        ),
      ),
      /** Review and approval rules (the tab's `governance`). */
      governance: z.nullish(
        z.strictObject(
          {
            /** How content is reviewed, e.g. `draft → brand → client`. */
            review_process: z.nullish(text(1000)),
            /** Who approves, e.g. `["Head of Marketing"]`. */
            approvers: z.nullish(textOrList(10, 200)),
            /** Who is called when something goes wrong. */
            escalation: z.nullish(text(1000)),
            /** What happens in a crisis. */
            crisis_protocol: z.nullish(text(1000)),
          },
          { error: 'must be an object' },
        ),
      ),
      /** The approved strategy, in a paragraph or two. */
      strategy_summary: z.nullish(text(4000)),
      /** Titles of the approved creatives to schedule, e.g. `["Myths carousel", "Patient story reel"]`. */
      creative_assets: z.nullish(texts(50, 300)),
      /** Output language. @default 'English' */
      language: z.nullish(text(40)),
      /** Free-form brief, as the Python operator sends it. */
      brief: z.nullish(text(4000)),
    },
    { error: 'the execution request must be a JSON object' },
  ),
  example: {
    campaign_id: 'cmp_aligner_launch_q1',
    campaign_name: 'Aligner Launch Q1',
    selected_jobs: ['linkedin_posts_week1', 'ig_posts_week1', 'email_sequence'],
    start_date: '2026-01-05',
    platforms: ['LinkedIn', 'Instagram', 'Email'],
  },
  deliverables: [
    { kind: 'execution_plan', title: 'Execution plan' },
    { kind: 'content_calendar', title: 'Content calendar' },
  ],
  upstream: ['strategy', 'creatives'],
});
