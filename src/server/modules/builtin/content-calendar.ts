/**
 * The content calendar as a typed object: a title, a summary line, one entry
 * per post (week, day, channel, format, theme, asset, CTA, utm_content) and
 * closing notes; rendered deterministically to a Markdown table. The model
 * answers the object, so every row has every column.
 */
import * as z from 'zod';
import type { DeepPartial } from '../../../providers/index.js';
import { type DeliverableStructure, structuredDeliverable } from '../handler.js';
import { orPlaceholder } from '../prompt.js';

/** At most this many calendar entries; later weeks repeat the rotation. */
export const MAX_CALENDAR_ENTRIES = 60;

const cellText = z.string().min(1).max(200);

/** The schema of a content calendar. */
export const ContentCalendarSchema = z
  .object({
    title: z.string().min(1).max(160).describe('e.g. "Content calendar: Spring Launch".'),
    summary: z
      .string()
      .min(1)
      .max(600)
      .describe('One line: calendar type, weeks, channels and posts a week.'),
    entries: z
      .array(
        z.object({
          week: z.number().int().min(1).max(52),
          day: cellText.describe(
            'Weekday and ISO date, e.g. "Mon 2026-01-05", or "Day 3" without a start date.',
          ),
          channel: cellText,
          format: cellText.describe('e.g. Post, Carousel, Reel, Email.'),
          theme: cellText,
          asset: cellText.describe('An approved creative, or a [placeholder].'),
          cta: cellText,
          utm_content: z.string().min(1).max(80).describe('utm_content value, e.g. "w1-d1-linkedin".'),
        }),
      )
      .min(1)
      .max(MAX_CALENDAR_ENTRIES)
      .describe('One entry per post, in date order; none on a blackout date.'),
    notes: z.array(z.string().min(1).max(600)).max(5).describe('Closing notes, e.g. how later weeks repeat.'),
  })
  .describe('A content calendar.');

/** A content calendar object. */
export type ContentCalendar = z.output<typeof ContentCalendarSchema>;

const cell = (value: string | number | undefined) => orPlaceholder(value, '…');

/** Markdown of a (possibly partial) calendar: title, summary, the table, then the notes. */
export function renderContentCalendar(calendar: DeepPartial<ContentCalendar>): string {
  const out: string[] = [];
  if (calendar.title !== undefined) out.push(`# ${calendar.title}`, '');
  if (calendar.summary !== undefined) out.push(calendar.summary, '');
  if (calendar.entries !== undefined) {
    out.push(
      '| Week | Day | Channel | Format | Theme | Asset | CTA | utm_content |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const e of calendar.entries) {
      out.push(
        `| ${cell(e?.week)} | ${cell(e?.day)} | ${cell(e?.channel)} | ${cell(e?.format)} | ${cell(e?.theme)} | ${cell(e?.asset)} | ${cell(e?.cta)} | \`${orPlaceholder(e?.utm_content, 'utm_content').replace(/`/g, '')}\` |`,
      );
    }
    out.push('');
  }
  for (const note of calendar.notes ?? []) if (note !== undefined) out.push(note, '');
  return out.join('\n').replace(/\n+$/, '');
}

/** The calendar's structure, with the stub's sample calendar. */
export function contentCalendarStructure(demo: ContentCalendar): DeliverableStructure {
  return structuredDeliverable({
    schema: ContentCalendarSchema,
    name: 'content_calendar',
    render: renderContentCalendar,
    demo,
  });
}
