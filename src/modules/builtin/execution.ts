/**
 * The `execution` module: the plan that puts an approved strategy and its
 * creatives to work (the operator's Execution tab and its `run_execution_step`).
 */
import * as z from 'zod';
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
      campaign_name: text(200).nullish(),
      /**
       * Jobs to run, e.g. `["linkedin_posts_week1", "email_sequence"]`. Visual jobs (`ig_posts_week1`,
       * `fb_posts_week1`, `reels_scripts_week1`, `content_calendar_week1`) need approved creatives.
       */
      selected_jobs: texts(30, 80).nullish(),
      /** First publishing day, `YYYY-MM-DD` gives dated calendar rows, e.g. `2026-01-05`. */
      start_date: text(40).nullish(),
      /** Default posting frequency, e.g. `Daily`, `3x/week`, `2x/week`, `Weekly`. */
      posting_frequency: text(40).nullish(),
      /** Channels to schedule, e.g. `["LinkedIn", "Instagram"]`. */
      platforms: texts(10, 50).nullish(),
      /** Campaign timeline (the tab's `timeline`). */
      timeline: z
        .strictObject(
          {
            /** First day, e.g. `2026-01-05` (used when `start_date` is absent). */
            start_date: text(40).nullish(),
            /** Length in weeks, 1 to 52 (the operator's form suggests 12). */
            duration_weeks: wholeNumber(1, 52).nullish(),
            /** Last day. */
            end_date: text(40).nullish(),
            /** Phases, e.g. `["Setup", "Launch", "Optimise"]`. */
            phases: textOrList(10, 300).nullish(),
          },
          { error: 'must be an object' },
        )
        .nullish(),
      /** Publishing schedule (the tab's `schedule`). */
      schedule: z
        .strictObject(
          {
            /** Posts a week per channel, 0 to 21, e.g. `{ "LinkedIn": 3, "Instagram": 5 }`. */
            platform_schedules: z
              .record(text(50), wholeNumber(0, 21), {
                error: 'must be an object of posts a week per channel',
              })
              .refine((value) => Object.keys(value).length <= 20, { error: 'must list at most 20 channels' })
              .meta({ maxProperties: 20 })
              .nullish(),
            /** Best times to post, e.g. `Tue-Thu 8:00 and 12:30 local`. */
            best_times: textOrList(20, 300).nullish(),
            /** Days with no posts, e.g. `["2026-01-19"]`. */
            blackout_dates: textOrList(50, 100).nullish(),
          },
          { error: 'must be an object' },
        )
        .nullish(),
      /** Calendar settings (the tab's `calendar`). */
      calendar: z
        .strictObject(
          {
            /** Calendar granularity. */
            calendar_type: choice(['Weekly', 'Bi-weekly', 'Monthly']).nullish(),
            /** Content themes to rotate, comma-separated, e.g. `Education, Proof, Offer`. */
            content_rotation: text(500).nullish(),
            /** Calls to action to rotate, comma-separated, e.g. `Learn more, Book a scan`. */
            cta_rotation: text(500).nullish(),
          },
          { error: 'must be an object' },
        )
        .nullish(),
      /** UTM conventions (the tab's `utm`). */
      utm: z
        .strictObject(
          {
            /** `utm_campaign` value, e.g. `aligner_launch_q1`. */
            campaign_name: text(100).nullish(),
            /** `utm_source` defaults, e.g. `linkedin, instagram, newsletter`. */
            source_defaults: text(300).nullish(),
            /** `utm_medium`. @default 'social' */
            medium: text(50).nullish(),
            /** How `utm_content` is built, e.g. `week-day-channel`. */
            content_param: text(200).nullish(),
            /** Anything else about tracking. */
            tracking_notes: text(1000).nullish(),
          },
          { error: 'must be an object' },
        )
        .nullish(),
      /** Review and approval rules (the tab's `governance`). */
      governance: z
        .strictObject(
          {
            /** How content is reviewed, e.g. `draft → brand → client`. */
            review_process: text(1000).nullish(),
            /** Who approves, e.g. `["Head of Marketing"]`. */
            approvers: textOrList(10, 200).nullish(),
            /** Who is called when something goes wrong. */
            escalation: text(1000).nullish(),
            /** What happens in a crisis. */
            crisis_protocol: text(1000).nullish(),
          },
          { error: 'must be an object' },
        )
        .nullish(),
      /** The approved strategy, in a paragraph or two. */
      strategy_summary: text(4000).nullish(),
      /** Titles of the approved creatives to schedule, e.g. `["Myths carousel", "Patient story reel"]`. */
      creative_assets: texts(50, 300).nullish(),
      /** Output language. @default 'English' */
      language: text(40).nullish(),
      /** Free-form brief, as the Python operator sends it. */
      brief: text(4000).nullish(),
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
