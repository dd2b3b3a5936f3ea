/**
 * The server part of the `execution` module: the execution plan (phases,
 * jobs, cadence, UTM plan, governance, guardrails) and the content calendar;
 * prompts and offline samples.
 */
import { MODULES, type ModuleRequest } from '../../../modules/index.js';
import { type DeliverablePlan, defineModuleHandler } from '../handler.js';
import { deliverablePrompt, type Fact, fitToSample, operatorSystemPrompt, orPlaceholder } from '../prompt.js';
import { platformInfo } from './campaigns.js';
import { type ContentCalendar, contentCalendarStructure, renderContentCalendar } from './content-calendar.js';

/** A validated execution request. */
export type ExecutionRequest = ModuleRequest<typeof MODULES.execution>;

/** A job of the operator's execution plan. */
interface JobInfo {
  readonly label: string;
  readonly channel: string;
  readonly type: 'social_post' | 'email' | 'planning';
  /** Needs approved creatives before it can run. */
  readonly visual: boolean;
}

const KNOWN_JOBS: Readonly<Record<string, JobInfo>> = {
  ig_posts_week1: {
    label: 'Instagram posts, week 1',
    channel: 'Instagram',
    type: 'social_post',
    visual: true,
  },
  fb_posts_week1: { label: 'Facebook posts, week 1', channel: 'Facebook', type: 'social_post', visual: true },
  reels_scripts_week1: {
    label: 'Reels scripts, week 1',
    channel: 'Instagram',
    type: 'social_post',
    visual: true,
  },
  content_calendar_week1: {
    label: 'Content calendar, week 1',
    channel: 'All',
    type: 'planning',
    visual: true,
  },
  linkedin_posts_week1: {
    label: 'LinkedIn posts, week 1',
    channel: 'LinkedIn',
    type: 'social_post',
    visual: false,
  },
  hashtag_sets: { label: 'Hashtag sets', channel: 'All', type: 'planning', visual: false },
  email_sequence: { label: 'Email sequence', channel: 'Email', type: 'email', visual: false },
};

/**
 * What a job id means: a known operator job, or a readable label made from the id.
 *
 * @example
 * ```ts
 * jobInfo('ig_posts_week1') // { label: 'Instagram posts, week 1', channel: 'Instagram', type: 'social_post', visual: true }
 * ```
 */
export function jobInfo(id: string): JobInfo {
  const known = KNOWN_JOBS[id.toLowerCase()];
  if (known) return known;
  const words = id.replace(/[_-]+/g, ' ').trim();
  return {
    label: `${words.charAt(0).toUpperCase()}${words.slice(1)}`,
    channel: 'All',
    type: /email/i.test(id) ? 'email' : 'planning',
    visual: false,
  };
}

/** The operator's week-1 job for a channel, used when no jobs are selected. */
const CHANNEL_JOBS: Readonly<Record<string, string>> = {
  instagram: 'ig_posts_week1',
  facebook: 'fb_posts_week1',
  linkedin: 'linkedin_posts_week1',
  email: 'email_sequence',
};

const FREQUENCIES: Readonly<Record<string, number>> = { daily: 7, '3x/week': 3, '2x/week': 2, weekly: 1 };

/** Posting days within a week (0 = the week's first day) for 1 to 7 posts. */
const POSTING_DAYS: readonly (readonly number[])[] = [
  [],
  [1],
  [1, 3],
  [0, 2, 4],
  [0, 1, 3, 4],
  [0, 1, 2, 3, 4],
  [0, 1, 2, 3, 4, 5],
  [0, 1, 2, 3, 4, 5, 6],
];

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

const FORMATS: Readonly<Record<string, readonly string[]>> = {
  instagram: ['Reel', 'Carousel', 'Story'],
  linkedin: ['Post', 'Document post'],
  twitter: ['Thread', 'Post'],
  facebook: ['Post', 'Short video'],
  tiktok: ['Video'],
  youtube: ['Short', 'Video'],
  email: ['Newsletter'],
  blog: ['Article'],
};

/** A channel to schedule and its posts a week. */
export interface ScheduledChannel {
  readonly id: string;
  readonly name: string;
  readonly perWeek: number;
}

/**
 * The channels to schedule: `platforms`, else the channels of
 * `schedule.platform_schedules`, else the channels of the selected jobs,
 * else LinkedIn and Instagram; each with its posts a week (the channel's
 * schedule, else `posting_frequency`, else 3).
 */
export function scheduledChannels(request: ExecutionRequest): ScheduledChannel[] {
  const perChannel = request.schedule?.platform_schedules ?? {};
  const fromJobs = (request.selected_jobs ?? []).map((id) => jobInfo(id).channel).filter((c) => c !== 'All');
  const names =
    request.platforms && request.platforms.length > 0
      ? request.platforms
      : Object.keys(perChannel).length > 0
        ? Object.keys(perChannel)
        : fromJobs.length > 0
          ? fromJobs
          : ['LinkedIn', 'Instagram'];
  const fallback = FREQUENCIES[(request.posting_frequency ?? '').toLowerCase().replace(/\s+/g, '')] ?? 3;
  const byId = new Map(Object.entries(perChannel).map(([name, count]) => [platformInfo(name).id, count]));
  const channels: ScheduledChannel[] = [];
  for (const name of names) {
    const info = platformInfo(name);
    if (channels.some((c) => c.id === info.id)) continue;
    channels.push({ id: info.id, name: info.label, perWeek: byId.get(info.id) ?? fallback });
  }
  return channels;
}

function startDate(request: ExecutionRequest): string | undefined {
  return request.start_date ?? request.timeline?.start_date ?? undefined;
}

/** The UTC date of `iso` (`YYYY-MM-DD`) plus `days`, or undefined when `iso` is not such a date. */
function addDays(iso: string | undefined, days: number): Date | undefined {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  if (!match) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function listOf(value: string | readonly string[] | null | undefined): string[] {
  if (value === undefined || value === null) return [];
  return typeof value === 'string'
    ? value
        .split(/[,;\n]/)
        .map((v) => v.trim())
        .filter((v) => v.length > 0)
    : [...value];
}

/** `utm_campaign`: the UTM campaign name, else a slug of the campaign name or id. */
function utmCampaign(request: ExecutionRequest): string {
  const source = request.utm?.campaign_name ?? request.campaign_name ?? request.campaign_id;
  return (
    source
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60) || 'campaign'
  );
}

function label(request: ExecutionRequest): string {
  return request.campaign_name ?? request.campaign_id;
}

/** One row of the content calendar. */
interface CalendarRow {
  readonly week: number;
  readonly day: string;
  readonly channel: ScheduledChannel;
  readonly format: string;
  readonly theme: string;
  readonly asset: string;
  readonly cta: string;
  readonly content: string;
}

/** At most this many calendar rows are written; later weeks repeat the rotation. */
const MAX_ROWS = 60;

function calendarRows(
  request: ExecutionRequest,
  channels: readonly ScheduledChannel[],
  weeks: number,
): CalendarRow[] {
  const themes = listOf(request.calendar?.content_rotation);
  const rotation = themes.length > 0 ? themes : ['Education', 'Proof', 'Behind the scenes', 'Offer'];
  const ctas = listOf(request.calendar?.cta_rotation);
  const ctaRotation = ctas.length > 0 ? ctas : ['Learn more', 'Save for later', 'Get in touch'];
  const assets = request.creative_assets ?? [];
  const blackout = new Set(listOf(request.schedule?.blackout_dates));
  const start = startDate(request);
  const rows: CalendarRow[] = [];
  const perChannel = new Map<string, number>();
  for (let week = 1; week <= weeks; week++) {
    for (let dayIndex = 0; dayIndex < 7; dayIndex++) {
      const date = addDays(start, (week - 1) * 7 + dayIndex);
      const iso = date?.toISOString().slice(0, 10);
      if (iso && blackout.has(iso)) continue;
      for (const channel of channels) {
        const days = POSTING_DAYS[Math.min(channel.perWeek, 7)] ?? [];
        if (!days.includes(dayIndex)) continue;
        if (rows.length >= MAX_ROWS) return rows;
        const n = rows.length;
        const nth = perChannel.get(channel.id) ?? 0;
        perChannel.set(channel.id, nth + 1);
        const formats = FORMATS[channel.id] ?? ['Post'];
        const theme = rotation[(nth + channels.indexOf(channel)) % rotation.length] ?? 'Education';
        const format = formats[nth % formats.length] ?? 'Post';
        rows.push({
          week,
          day: date && iso ? `${WEEKDAYS[date.getUTCDay()]} ${iso}` : `Day ${dayIndex + 1}`,
          channel,
          format,
          theme,
          asset: assets.length > 0 ? (assets[n % assets.length] ?? '') : `[${theme} ${format.toLowerCase()}]`,
          cta: ctaRotation[n % ctaRotation.length] ?? 'Learn more',
          content: `w${week}-d${dayIndex + 1}-${channel.id}`,
        });
      }
    }
  }
  return rows;
}

/** Weeks the calendar covers: the campaign's length, at most 4 (later weeks repeat the rotation). */
function calendarWeeks(request: ExecutionRequest): number {
  return Math.min(request.timeline?.duration_weeks ?? 4, 4);
}

function executionFacts(request: ExecutionRequest, channels: readonly ScheduledChannel[]): Fact[] {
  const timeline = request.timeline;
  const utm = request.utm;
  const governance = request.governance;
  return [
    ['Campaign id', request.campaign_id],
    ['Campaign name', request.campaign_name],
    ['Selected jobs', request.selected_jobs],
    ['Start date', startDate(request)],
    ['Duration (weeks)', timeline?.duration_weeks],
    ['End date', timeline?.end_date],
    ['Phases', listOf(timeline?.phases)],
    ['Posting frequency', request.posting_frequency],
    ['Channels and posts a week', channels.map((c) => `${c.name} ${c.perWeek}`)],
    ['Best times', listOf(request.schedule?.best_times)],
    ['Blackout dates', listOf(request.schedule?.blackout_dates)],
    ['Calendar type', request.calendar?.calendar_type],
    ['Content rotation', request.calendar?.content_rotation],
    ['CTA rotation', request.calendar?.cta_rotation],
    ['UTM campaign', utm?.campaign_name],
    ['UTM sources', utm?.source_defaults],
    ['UTM medium', utm?.medium],
    ['UTM content', utm?.content_param],
    ['Tracking notes', utm?.tracking_notes],
    ['Review process', governance?.review_process],
    ['Approvers', listOf(governance?.approvers)],
    ['Escalation', governance?.escalation],
    ['Crisis protocol', governance?.crisis_protocol],
    ['Approved creatives', request.creative_assets],
    ['Strategy summary', request.strategy_summary],
    ['Language', request.language],
    ['Brief', request.brief],
  ];
}

const PLAN_INSTRUCTIONS =
  'Write the execution plan. Start with a # title "Execution plan: <campaign>" and a one-line summary (campaign, ' +
  'start, length, channels). Then these ## sections: Phases (a table: phase, weeks, goal, exit criteria; Setup ' +
  'in week 1, Launch in weeks 2 to 3, Optimization from week 4, unless phases are given); Jobs (a table: job, ' +
  'channel, type social_post/email/planning, due, needs approved creatives yes/no, status QUEUED); Cadence (a ' +
  'table: channel, posts a week, best times); UTM plan (the tagging pattern and one example link per channel); ' +
  'Governance (review process, approvers, escalation, crisis protocol); Risk guardrails. Keep it between 400 and 700 words.';

const CALENDAR_INSTRUCTIONS =
  'Write the content calendar for {weeks}, answered as an object: a title, a one-line summary, one entry per ' +
  'post ({cadence}) with its week, day, channel, format, theme, asset, CTA and utm_content, and closing notes ' +
  'on how later weeks repeat the rotation. Rotate the themes and calls to action, use the approved creatives as ' +
  'assets where given, and skip blackout dates.';

function demoPlan(request: ExecutionRequest, channels: readonly ScheduledChannel[]): string {
  const weeks = request.timeline?.duration_weeks;
  const start = startDate(request);
  const jobs =
    request.selected_jobs && request.selected_jobs.length > 0
      ? request.selected_jobs
      : [...channels.map((c) => CHANNEL_JOBS[c.id] ?? `${c.id}_posts_week1`), 'content_calendar_week1'];
  const medium = request.utm?.medium ?? 'social';
  const campaign = utmCampaign(request);
  const bestTimes = listOf(request.schedule?.best_times);
  const blackout = listOf(request.schedule?.blackout_dates);
  const phases = listOf(request.timeline?.phases);
  const defaultPhases: [string, string, string, string][] = [
    [
      'Setup',
      'week 1',
      'tracking, UTM links, approvals and assets loaded',
      'every link tagged; week 2 scheduled',
    ],
    [
      'Launch',
      'weeks 2–3',
      'publish on cadence, reply to every comment within a working day',
      'cadence met on 90% of slots',
    ],
    [
      'Optimization',
      weeks && weeks > 4 ? `weeks 4–${weeks}` : 'week 4 on',
      'shift effort to the formats and channels that convert',
      'weekly review held, decisions logged',
    ],
  ];
  const approvers = listOf(request.governance?.approvers);
  const visualJobs = jobs.filter((id) => jobInfo(id).visual);
  return [
    `# Execution plan: ${label(request)}`,
    '',
    `**Campaign:** ${request.campaign_name ? `${request.campaign_name} (\`${request.campaign_id}\`)` : `\`${request.campaign_id}\``} · **Start:** ${orPlaceholder(start, 'start date')} · **Length:** ${weeks ? `${weeks} weeks` : '[length in weeks]'} · **Channels:** ${channels.map((c) => c.name).join(', ')}`,
    '',
    '## Phases',
    '',
    '| Phase | Weeks | Goal | Exit criteria |',
    '|---|---|---|---|',
    ...(phases.length > 0
      ? phases.map(
          (phase, i) =>
            `| ${orPlaceholder(phase, 'phase')} | [weeks] | ${defaultPhases[Math.min(i, 2)]?.[2]} | [exit criteria] |`,
        )
      : defaultPhases.map((row) => `| ${row.join(' | ')} |`)),
    '',
    '## Jobs',
    '',
    '| Job | Channel | Type | Due | Needs approved creatives | Status |',
    '|---|---|---|---|---|---|',
    ...jobs.map((id) => {
      const job = jobInfo(id);
      return `| ${job.label} (\`${id}\`) | ${job.channel} | ${job.type} | ${/week1/.test(id) ? 'end of week 1' : 'week 2'} | ${job.visual ? 'yes' : 'no'} | QUEUED |`;
    }),
    '',
    '## Cadence',
    '',
    '| Channel | Posts a week | Best times |',
    '|---|---|---|',
    ...channels.map(
      (c) =>
        `| ${c.name} | ${c.perWeek} | ${orPlaceholder(bestTimes.join('; ') || undefined, 'best times from analytics')} |`,
    ),
    '',
    '## UTM plan',
    '',
    `- **Pattern:** \`utm_source=<channel>&utm_medium=${medium}&utm_campaign=${campaign}&utm_content=<week>-<day>-<channel>\``,
    ...channels.map(
      (c) =>
        `- **${c.name}:** \`[landing page]?utm_source=${c.id}&utm_medium=${c.id === 'email' ? 'email' : medium}&utm_campaign=${campaign}&utm_content=w1-d1-${c.id}\``,
    ),
    ...(request.utm?.tracking_notes ? [`- **Notes:** ${request.utm.tracking_notes}`] : []),
    '',
    '## Governance',
    '',
    `- **Review:** ${request.governance?.review_process ?? 'draft → brand review → client approval, at least 48 hours before the slot'}.`,
    `- **Approvers:** ${approvers.length > 0 ? approvers.join(', ') : '[approvers]'}.`,
    `- **Escalation:** ${orPlaceholder(request.governance?.escalation, 'who is called, and how fast')}.`,
    `- **Crisis protocol:** ${request.governance?.crisis_protocol ?? 'pause every scheduled post, acknowledge publicly within two hours, escalate to [owner]'}.`,
    '',
    '## Risk guardrails',
    '',
    `- ${visualJobs.length > 0 ? `${visualJobs.map((id) => `\`${id}\``).join(', ')} run only with approved creatives.` : 'Every post uses an approved creative or an approved text.'}`,
    `- ${blackout.length > 0 ? `No posts on ${blackout.join(', ')}.` : 'No blackout dates given: confirm holidays and launches with the client.'}`,
    '- A post with a broken or untagged link is pulled, fixed and rescheduled, never left live.',
  ].join('\n');
}

function demoCalendar(request: ExecutionRequest, channels: readonly ScheduledChannel[]): ContentCalendar {
  const weeks = calendarWeeks(request);
  const rows = calendarRows(request, channels, weeks);
  const total = request.timeline?.duration_weeks;
  const blackout = listOf(request.schedule?.blackout_dates);
  return {
    title: `Content calendar: ${label(request)}`,
    summary: `${request.calendar?.calendar_type ?? 'Weekly'} calendar, ${weeks === 1 ? 'week 1' : `weeks 1–${weeks}`}: ${channels.map((c) => `${c.name} ${c.perWeek}×/week`).join(', ')}.`,
    entries: rows.map((r) => ({
      week: r.week,
      day: r.day,
      channel: r.channel.name,
      format: r.format,
      theme: r.theme,
      asset: orPlaceholder(r.asset, 'asset'),
      cta: r.cta,
      utm_content: r.content,
    })),
    notes: [
      ...(blackout.length > 0 ? [`Blackout dates skipped: ${blackout.join(', ')}.`] : []),
      rows.length >= MAX_ROWS
        ? `The table stops at ${MAX_ROWS} posts; the rest of the campaign repeats the same rotation.`
        : total && total > weeks
          ? `Weeks ${weeks + 1}–${total} repeat this rotation, with the week-4 review deciding what changes.`
          : 'Later weeks repeat this rotation, with each weekly review deciding what changes.',
    ],
  };
}

/**
 * The `execution` module's server part: the execution plan and the content calendar.
 */
export const executionHandler = defineModuleHandler(MODULES.execution, {
  system: () =>
    operatorSystemPrompt({
      role: 'a senior marketing operations lead',
      writes: 'execution plans and content calendars',
      subject: 'campaign',
      rules: [
        'Plan only the channels, jobs and dates in the campaign details; never schedule on a blackout date.',
      ],
    }),
  plan: (request): DeliverablePlan[] => {
    const channels = scheduledChannels(request);
    const facts = executionFacts(request, channels);
    const weeks = calendarWeeks(request);
    const rows = calendarRows(request, channels, weeks).length;
    const calendar = demoCalendar(request, channels);
    return [
      {
        key: 'plan',
        kind: 'execution_plan',
        title: `Execution plan: ${label(request)}`,
        prompt: deliverablePrompt('Execution plan', PLAN_INSTRUCTIONS, 'campaign', facts),
        maxTokens: 1800,
        demo: demoPlan(request, channels),
        hashtags: false,
      },
      {
        key: 'calendar',
        kind: 'content_calendar',
        title: `Content calendar: ${label(request)}`,
        prompt: deliverablePrompt(
          'Content calendar',
          CALENDAR_INSTRUCTIONS.replace('{weeks}', weeks === 1 ? 'week 1' : `weeks 1 to ${weeks}`).replace(
            '{cadence}',
            channels.map((c) => `${c.name} ${c.perWeek} a week`).join(', '),
          ),
          'campaign',
          facts,
        ),
        maxTokens: Math.max(1000, 300 + rows * 60),
        demo: renderContentCalendar(calendar),
        hashtags: false,
        structured: contentCalendarStructure(calendar),
      },
    ].map(fitToSample);
  },
});
