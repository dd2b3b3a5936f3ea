/**
 * The leadgen outreach sequence as a typed object: one entry per touch (its
 * number, day, channel, an email's subject, the message) and the reply
 * handling; rendered deterministically to the sequence's Markdown.
 */
import * as z from 'zod';
import type { DeepPartial } from '../../../providers/index.js';
import { type DeliverableStructure, structuredDeliverable } from '../handler.js';

/** The schema of an outreach sequence. */
export const OutreachSequenceSchema = z
  .object({
    title: z.string().min(1).max(200).describe('e.g. "Outreach sequence: Head of Marketing · SaaS · UK".'),
    touches: z
      .array(
        z.object({
          touch: z.number().int().min(1).max(10),
          day: z.number().int().min(1).max(60),
          channel: z.string().min(1).max(40),
          subject: z
            .string()
            .max(80)
            .nullable()
            .describe('The subject line of an email (under 50 characters); null for other channels.'),
          message: z
            .string()
            .min(1)
            .max(2_000)
            .describe(
              'The message as sent: for an email, greeting, body, sign-off and the one-line opt-out.',
            ),
        }),
      )
      .min(1)
      .max(10),
    reply_handling: z.object({
      interested: z.string().min(1).max(400),
      not_now: z.string().min(1).max(400),
      opt_out: z.string().min(1).max(400),
    }),
  })
  .describe('A multi-touch outreach sequence.');

/** An outreach sequence object. */
export type OutreachSequence = z.output<typeof OutreachSequenceSchema>;

/** Markdown of a (possibly partial) sequence: a section per touch, then the reply handling. */
export function renderOutreachSequence(sequence: DeepPartial<OutreachSequence>): string {
  const out: string[] = [];
  if (sequence.title !== undefined) out.push(`# ${sequence.title}`, '');
  for (const t of sequence.touches ?? []) {
    if (t?.touch === undefined || t.day === undefined || t.channel === undefined) continue;
    out.push(`## Touch ${t.touch} · Day ${t.day} · ${t.channel}`, '');
    if (t.subject) out.push(`**Subject:** ${t.subject}`, '');
    if (t.message !== undefined) out.push(t.message, '');
  }
  const r = sequence.reply_handling;
  if (r !== undefined) {
    out.push('## Reply handling', '');
    if (r.interested !== undefined) out.push(`- **Interested:** ${r.interested}`);
    if (r.not_now !== undefined) out.push(`- **Not now:** ${r.not_now}`);
    if (r.opt_out !== undefined) out.push(`- **Opt-out:** ${r.opt_out}`);
  }
  return out.join('\n').replace(/\n+$/, '');
}

/** The sequence's structure, with the stub's sample sequence. */
export function outreachSequenceStructure(demo: OutreachSequence): DeliverableStructure {
  return structuredDeliverable({
    schema: OutreachSequenceSchema,
    name: 'outreach_sequence',
    render: renderOutreachSequence,
    demo,
  });
}
