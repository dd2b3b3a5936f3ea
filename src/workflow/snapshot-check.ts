/**
 * Cross-checks of a saved review that a schema cannot express: the history
 * of each item leads to its current text, statuses agree with approvals,
 * versions never run ahead of the review.
 *
 * @internal Used by `Review.fromJSON`.
 */
import { isPythonBlank } from '../internal/index.js';
import type { ReviewSnapshot } from './schemas.js';

/** Problems of a schema-valid snapshot, each starting with its path; empty when consistent. */
export function checkSnapshot(snapshot: ReviewSnapshot, expectedIds: readonly string[]): string[] {
  const problems: string[] = [];
  const { envelope, items, version } = snapshot;
  if (items.length !== envelope.deliverables.length) {
    problems.push(
      `items: has ${items.length} items but the envelope has ${envelope.deliverables.length} deliverables`,
    );
  }
  if (snapshot.exportedAt !== null && snapshot.exports.length === 0) {
    problems.push('exportedAt: is set but exports is empty');
  }
  snapshot.exports.forEach((record, i) => {
    if (record.version >= version) problems.push(`exports[${i}].version: is not below the review version`);
  });
  items.forEach((item, i) => {
    const path = `items[${i}]`;
    const original = envelope.deliverables[i];
    if (item.index !== i) problems.push(`${path}.index: must be ${i} (items follow envelope order)`);
    if (expectedIds[i] !== undefined && item.id !== expectedIds[i]) {
      problems.push(`${path}.id: must be "${expectedIds[i]}" (the deliverable id)`);
    }
    if (!original) return;
    let text = original.content_markdown;
    item.amendments.forEach((a, k) => {
      if (a.previousText !== text) {
        problems.push(`${path}.amendments[${k}].previousText: does not match the text before it`);
      }
      if (a.revertOf !== null && a.revertOf >= k) {
        problems.push(`${path}.amendments[${k}].revertOf: must point to an earlier amendment`);
      }
      if (a.version > version) problems.push(`${path}.amendments[${k}].version: is above the review version`);
      text = a.newText;
    });
    if (item.content !== text) problems.push(`${path}.content: does not match the last amendment`);
    item.events.forEach((e, k) => {
      if (e.version > version) problems.push(`${path}.events[${k}].version: is above the review version`);
    });
    const edited = item.content !== original.content_markdown;
    if (item.status === 'draft' && edited) problems.push(`${path}.status: is draft but the text was edited`);
    if (item.status === 'amended' && !edited) {
      problems.push(`${path}.status: is amended but the text is the generated one`);
    }
    if ((item.status === 'approved') !== (item.approval !== null)) {
      problems.push(`${path}.approval: must be set exactly when the status is approved`);
    }
    if ((item.status === 'rejected') !== (item.rejection !== null)) {
      problems.push(`${path}.rejection: must be set exactly when the status is rejected`);
    }
    if (item.status === 'approved' && isPythonBlank(item.content)) {
      problems.push(`${path}.content: is blank but the item is approved`);
    }
  });
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) problems.push(`items[${i}].id: "${item.id}" is used twice`);
    seen.add(item.id);
  });
  return problems;
}
