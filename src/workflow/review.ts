/**
 * The review state machine: an immutable {@link Review} of every deliverable
 * of an envelope, with amendments, approval, rejection and export locking.
 */
import {
  type Deliverable,
  DeliverableSchema,
  type DeliverablesEnvelope,
  parseDeliverablesEnvelope,
} from '../envelope/index.js';
import { ENGLISH, formatIssues } from '../internal/index.js';
import { WorkflowError } from './errors.js';
import {
  type ExportRecord,
  REVIEW_SNAPSHOT_FORMAT,
  type ReviewAction,
  type ReviewEvent,
  type ReviewItemState,
  type ReviewItemStatus,
  type ReviewSnapshot,
  ReviewSnapshotSchema,
} from './schemas.js';
import { checkSnapshot } from './snapshot-check.js';

/** Returns the current time. Inject one for deterministic tests. @default () => new Date() */
export type Clock = () => Date;

/** Options shared by {@link createReview} and {@link Review.fromJSON}. */
export interface ReviewOptions {
  /** Source of timestamps for every later change. @default () => new Date() */
  clock?: Clock;
}

/** Options of {@link createReview}. */
export interface CreateReviewOptions extends ReviewOptions {
  /** Review id. @default a random UUID */
  id?: string;
}

/** Options of every change (amend, approve, reject, ...). */
export interface ChangeOptions {
  /** Who made the change, e.g. an email. @default null */
  author?: string | null;
  /** Why (amend, revert, approve, reopen). @default null */
  note?: string | null;
  /**
   * The version the caller last saw. When set and different from the
   * review's version, the change is refused with `WORKFLOW_VERSION_CONFLICT`.
   */
  expectedVersion?: number;
}

/** Options of {@link Review.markExported} and {@link Review.unlock}. */
export interface VersionCheckOptions {
  /** See {@link ChangeOptions.expectedVersion}. */
  expectedVersion?: number;
}

/**
 * One reviewed deliverable: its saved state plus derived views. Frozen.
 */
export type ReviewItem = Readonly<ReviewItemState> & {
  /** The deliverable with its current text as `content_markdown` (wire form). */
  readonly deliverable: Deliverable;
  /** The text as generated. */
  readonly originalContent: string;
  /** Schema problems of the current deliverable (e.g. blank content); empty when it can be approved. */
  readonly issues: readonly string[];
};

/**
 * What each status allows (before the extra checks: `revert` needs an
 * amendment, `approve` needs non-blank content, nothing is allowed while the
 * review is exported).
 */
export const REVIEW_TRANSITIONS: Readonly<Record<ReviewItemStatus, readonly ReviewAction[]>> = Object.freeze({
  draft: Object.freeze(['amend', 'revert', 'approve', 'reject'] as const),
  amended: Object.freeze(['amend', 'revert', 'approve', 'reject'] as const),
  approved: Object.freeze(['reopen'] as const),
  rejected: Object.freeze(['reopen'] as const),
});

const HINT: Readonly<Record<ReviewItemStatus, string>> = {
  draft: 'amend, approve or reject it',
  amended: 'amend, revert, approve or reject it',
  approved: 'reopen it first',
  rejected: 'reopen it first',
};

const systemClock: Clock = () => new Date();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A deep copy holding only JSON data (drops `undefined`, keeps key order). */
function jsonClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Item ids: the deliverable id when it is non-empty and unique in the
 * envelope, else `#<n>` (1-based position).
 */
export function reviewItemIds(envelope: DeliverablesEnvelope): string[] {
  const counts = new Map<string, number>();
  for (const d of envelope.deliverables) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
  const taken = new Set(envelope.deliverables.map((d) => d.id));
  return envelope.deliverables.map((d, i) => {
    if (d.id.trim() !== '' && counts.get(d.id) === 1) return d.id;
    let id = `#${i + 1}`;
    while (taken.has(id)) id = `${id}'`;
    return id;
  });
}

/**
 * A review of every deliverable of a deliverables envelope.
 *
 * **Immutable**: every change (`amend`, `approve`, ...) returns a new
 * `Review` with `version` bumped by one and leaves the old one untouched
 * (instances and everything they hold are frozen). Keep it in React state,
 * compare by reference, undo by keeping the previous object. A change that
 * changes nothing (amending to the same text) returns the same instance.
 *
 * Per item: `draft` → (`amend`) → `amended` → (`approve`) → `approved`;
 * `reject(reason)` from draft or amended; `reopen` from approved or rejected
 * back to editing (`draft`, or `amended` when the text was edited). Once
 * exported, the review is read-only until `unlock()`.
 *
 * @example
 * ```ts
 * let review = createReview(envelope)
 * review = review.amend('post-1', 'Better text', { author: 'ana', note: 'tone' })
 * review = review.approve('post-1', { author: 'ana' })
 * const { content, fileName, review: exported } = exportMarkdown(review)
 * localStorage.setItem('review', JSON.stringify(exported))
 * const again = Review.fromJSON(JSON.parse(localStorage.getItem('review')!))
 * ```
 */
export class Review {
  /** Review id. */
  readonly id: string;
  /** Bumped by one on every change, starting at 1. */
  readonly version: number;
  /** When the review was created (ISO). */
  readonly createdAt: string;
  /** When it last changed (ISO). */
  readonly updatedAt: string;
  /** When it was last exported, or null. While set, the review is read-only. */
  readonly exportedAt: string | null;
  /** Every export, oldest first. */
  readonly exports: readonly ExportRecord[];
  /** The envelope as generated (never modified). */
  readonly envelope: DeliverablesEnvelope;
  /** One item per deliverable, in envelope order. */
  readonly items: readonly ReviewItem[];
  readonly #state: ReviewSnapshot;
  readonly #clock: Clock;
  readonly #byId: ReadonlyMap<string, ReviewItem>;

  private constructor(state: ReviewSnapshot, clock: Clock) {
    this.#state = deepFreeze(state);
    this.#clock = clock;
    this.id = state.id;
    this.version = state.version;
    this.createdAt = state.createdAt;
    this.updatedAt = state.updatedAt;
    this.exportedAt = state.exportedAt;
    this.exports = state.exports;
    this.envelope = state.envelope;
    this.items = Object.freeze(state.items.map((item) => toItem(item, state.envelope)));
    this.#byId = new Map(this.items.map((item) => [item.id, item]));
    Object.freeze(this);
  }

  /**
   * Starts a review of every deliverable in `envelope` (validated first:
   * throws `EnvelopeValidationError` when it is not a valid envelope, and
   * `WorkflowError` `WORKFLOW_NOTHING_TO_REVIEW` when it has no deliverables).
   * Same as {@link createReview}.
   */
  static create(envelope: unknown, options: CreateReviewOptions = {}): Review {
    parseDeliverablesEnvelope(envelope);
    const env = jsonClone(envelope as DeliverablesEnvelope);
    if (env.deliverables.length === 0) {
      throw new WorkflowError(
        'WORKFLOW_NOTHING_TO_REVIEW',
        `The ${env.status} envelope of run ${env.run_id} has no deliverables to review. Generate again, or review a run that produced content.`,
      );
    }
    const clock = options.clock ?? systemClock;
    const at = clock().toISOString();
    const ids = reviewItemIds(env);
    return new Review(
      {
        format: REVIEW_SNAPSHOT_FORMAT,
        formatVersion: 1,
        id: options.id ?? globalThis.crypto.randomUUID(),
        version: 1,
        createdAt: at,
        updatedAt: at,
        exportedAt: null,
        exports: [],
        envelope: env,
        items: env.deliverables.map((d, index) => ({
          id: ids[index] as string,
          index,
          status: 'draft',
          content: d.content_markdown,
          amendments: [],
          approval: null,
          rejection: null,
          events: [],
        })),
      },
      clock,
    );
  }

  /**
   * Restores a review saved with {@link Review.toJSON} (the object, or its
   * JSON text). Validates the shape with zod and cross-checks it (history
   * matches the texts, statuses match approvals, ...); throws `WorkflowError`
   * `WORKFLOW_INVALID_SNAPSHOT` listing every problem. Round-trips exactly:
   * `Review.fromJSON(r.toJSON()).toJSON()` deep-equals `r.toJSON()`.
   *
   * @example
   * ```ts
   * const review = Review.fromJSON(localStorage.getItem('review') ?? '')
   * ```
   */
  static fromJSON(data: unknown, options: ReviewOptions = {}): Review {
    let value = data;
    if (typeof data === 'string') {
      try {
        value = JSON.parse(data);
      } catch {
        throw invalidSnapshot(['(root): is not JSON text']);
      }
    }
    let parsed: ReturnType<typeof ReviewSnapshotSchema.safeParse>;
    try {
      parsed = ReviewSnapshotSchema.safeParse(value, ENGLISH);
    } catch {
      throw invalidSnapshot(['(root): could not be read (it is not plain JSON data)']);
    }
    if (!parsed.success) throw invalidSnapshot(formatIssues(parsed.error.issues, value));
    const snapshot = jsonClone(value as ReviewSnapshot);
    const problems = checkSnapshot(snapshot, reviewItemIds(snapshot.envelope));
    if (problems.length > 0) throw invalidSnapshot(problems);
    return new Review(snapshot, options.clock ?? systemClock);
  }

  /** The same review with another clock (for the changes that follow). */
  withClock(clock: Clock): Review {
    return new Review(this.#state, clock);
  }

  /** True once exported (until {@link Review.unlock}): every item change is refused. */
  get isExported(): boolean {
    return this.exportedAt !== null;
  }

  /** How many items are in each status. */
  get counts(): Readonly<Record<ReviewItemStatus, number>> {
    const counts = { draft: 0, amended: 0, approved: 0, rejected: 0 };
    for (const item of this.items) counts[item.status] += 1;
    return counts;
  }

  /** True when an item has this id. */
  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** The item with this id; throws `WORKFLOW_UNKNOWN_DELIVERABLE` when there is none. */
  get(id: string): ReviewItem {
    const item = this.#byId.get(id);
    if (!item) {
      const known = this.items.map((i) => i.id);
      throw new WorkflowError(
        'WORKFLOW_UNKNOWN_DELIVERABLE',
        `No deliverable "${id}" in review ${this.id}. Use one of: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''}.`,
        { deliverableId: id },
      );
    }
    return item;
  }

  /**
   * The actions that would succeed on this item now (for enabling buttons):
   * none while exported; `revert` only with amendments; `approve` only with
   * non-blank content.
   */
  allowedActions(id: string): readonly ReviewAction[] {
    const item = this.get(id);
    if (this.isExported) return [];
    return REVIEW_TRANSITIONS[item.status].filter(
      (action) =>
        (action !== 'revert' || item.amendments.length > 0) &&
        (action !== 'approve' || item.issues.length === 0),
    );
  }

  /**
   * Replaces the item's text. Allowed on `draft` and `amended` items; the
   * status becomes `amended` (or `draft` when the text equals the generated
   * one). The change is recorded in `amendments`. Blank text is accepted
   * (the item then lists an issue and cannot be approved).
   *
   * @example
   * ```ts
   * review = review.amend('post-1', '# New headline', { author: 'ana', note: 'shorter', expectedVersion: review.version })
   * ```
   */
  amend(id: string, text: string, options: ChangeOptions = {}): Review {
    if (typeof text !== 'string') {
      throw new WorkflowError('WORKFLOW_INVALID_ARGUMENT', `amend("${id}", text): text must be a string.`, {
        deliverableId: id,
        action: 'amend',
      });
    }
    return this.#edit(id, 'amend', text, null, options);
  }

  /**
   * Undoes an amendment: sets the text back to what it was before
   * `amendments[index]` (default: the last one). Recorded as a new amendment
   * with `revertOf: index`, so history is never lost. `revert(id, 0)` goes
   * back to the generated text.
   */
  revert(id: string, amendmentIndex?: number, options: ChangeOptions = {}): Review {
    const item = this.#checked(id, 'revert', options);
    const index = amendmentIndex ?? item.amendments.length - 1;
    const target = item.amendments[index];
    if (!Number.isInteger(index) || !target) {
      throw new WorkflowError(
        'WORKFLOW_INVALID_ARGUMENT',
        item.amendments.length === 0
          ? `Deliverable "${id}" has no amendment to revert.`
          : `Deliverable "${id}" has no amendment ${index}: use 0 to ${item.amendments.length - 1}.`,
        { deliverableId: id, action: 'revert', status: item.status },
      );
    }
    return this.#edit(id, 'revert', target.previousText, index, options);
  }

  /**
   * Approves a `draft` or `amended` item. Re-checks the deliverable against
   * the envelope schema: blank content throws `WORKFLOW_BLANK_CONTENT`.
   */
  approve(id: string, options: ChangeOptions = {}): Review {
    const item = this.#checked(id, 'approve', options);
    if (item.issues.length > 0) {
      throw new WorkflowError(
        'WORKFLOW_BLANK_CONTENT',
        `Deliverable "${id}" cannot be approved: ${item.issues.join('; ')}. Amend it with some content first.`,
        { deliverableId: id, action: 'approve', status: item.status },
      );
    }
    const at = this.#now();
    const version = this.version + 1;
    const by = options.author ?? null;
    const note = options.note ?? null;
    return this.#replace(
      item,
      {
        status: 'approved',
        approval: { by, at, note },
        events: [...item.events, event('approved', at, by, note, version)],
      },
      at,
    );
  }

  /** Rejects a `draft` or `amended` item; `reason` is required (not blank). */
  reject(id: string, reason: string, options: Omit<ChangeOptions, 'note'> = {}): Review {
    const item = this.#checked(id, 'reject', options);
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new WorkflowError(
        'WORKFLOW_INVALID_ARGUMENT',
        `reject("${id}", reason): give a reason, e.g. "off-brand tone".`,
        { deliverableId: id, action: 'reject', status: item.status },
      );
    }
    const at = this.#now();
    const by = options.author ?? null;
    return this.#replace(
      item,
      {
        status: 'rejected',
        rejection: { reason, by, at },
        events: [...item.events, event('rejected', at, by, reason, this.version + 1)],
      },
      at,
    );
  }

  /**
   * Sends an `approved` or `rejected` item back to editing: `draft`, or
   * `amended` when its text differs from the generated one. Its history stays.
   */
  reopen(id: string, options: ChangeOptions = {}): Review {
    const item = this.#checked(id, 'reopen', options);
    const at = this.#now();
    return this.#replace(
      item,
      {
        status: item.content === item.originalContent ? 'draft' : 'amended',
        approval: null,
        rejection: null,
        events: [
          ...item.events,
          event('reopened', at, options.author ?? null, options.note ?? null, this.version + 1),
        ],
      },
      at,
    );
  }

  /**
   * Records an export and makes the review read-only. The exporters call it;
   * call it yourself for a custom export format. Allowed on an exported
   * review (exporting again is fine).
   */
  markExported(record: Omit<ExportRecord, 'at' | 'version'>, options: VersionCheckOptions = {}): Review {
    this.#checkVersion(options.expectedVersion, 'export');
    const at = this.#now();
    const entry: ExportRecord = {
      format: record.format,
      fileName: record.fileName,
      at,
      version: this.version,
      includeDrafts: record.includeDrafts,
      deliverableIds: [...record.deliverableIds],
    };
    return this.#next({ exportedAt: at, exports: [...this.#state.exports, entry] }, at);
  }

  /** Makes an exported review editable again (no-op when it is not exported). */
  unlock(options: VersionCheckOptions = {}): Review {
    this.#checkVersion(options.expectedVersion, 'unlock');
    if (!this.isExported) return this;
    const at = this.#now();
    return this.#next({ exportedAt: null }, at);
  }

  /**
   * The review as plain JSON data (a fresh copy): store it anywhere and
   * restore it with {@link Review.fromJSON}. `JSON.stringify(review)` calls it.
   */
  toJSON(): ReviewSnapshot {
    return jsonClone(this.#state);
  }

  #now(): string {
    return this.#clock().toISOString();
  }

  #checkVersion(expected: number | undefined, action: string): void {
    if (expected !== undefined && expected !== this.version) {
      throw new WorkflowError(
        'WORKFLOW_VERSION_CONFLICT',
        `Review ${this.id} is at version ${this.version}, not ${expected}: someone else changed it. Reload it and apply your ${action} again.`,
        { action, expectedVersion: expected, actualVersion: this.version },
      );
    }
  }

  /** Runs the common checks of an item action and returns the item. */
  #checked(id: string, action: ReviewAction, options: ChangeOptions): ReviewItem {
    this.#checkVersion(options.expectedVersion, action);
    const item = this.get(id);
    if (this.isExported) {
      throw new WorkflowError(
        'WORKFLOW_REVIEW_EXPORTED',
        `Review ${this.id} was exported at ${this.exportedAt} and is read-only: cannot ${action} "${id}". Call unlock() to edit it again.`,
        { deliverableId: id, action, status: item.status },
      );
    }
    if (!REVIEW_TRANSITIONS[item.status].includes(action)) {
      throw new WorkflowError(
        'WORKFLOW_INVALID_TRANSITION',
        `Cannot ${action} deliverable "${id}": it is ${item.status}; ${HINT[item.status]}.`,
        { deliverableId: id, action, status: item.status },
      );
    }
    return item;
  }

  #edit(
    id: string,
    action: 'amend' | 'revert',
    text: string,
    revertOf: number | null,
    o: ChangeOptions,
  ): Review {
    const item = this.#checked(id, action, o);
    if (text === item.content) return this;
    const at = this.#now();
    const version = this.version + 1;
    const author = o.author ?? null;
    const note = o.note ?? null;
    return this.#replace(
      item,
      {
        status: text === item.originalContent ? 'draft' : 'amended',
        content: text,
        amendments: [
          ...item.amendments,
          { previousText: item.content, newText: text, author, note, at, version, revertOf },
        ],
        events: [
          ...item.events,
          event(action === 'amend' ? 'amended' : 'reverted', at, author, note, version),
        ],
      },
      at,
    );
  }

  #replace(item: ReviewItem, patch: Partial<ReviewItemState>, at: string): Review {
    const items = this.#state.items.map((state) => (state.id === item.id ? { ...state, ...patch } : state));
    return this.#next({ items }, at);
  }

  #next(patch: Partial<ReviewSnapshot>, at: string): Review {
    return new Review({ ...this.#state, ...patch, version: this.version + 1, updatedAt: at }, this.#clock);
  }
}

function event(
  type: ReviewEvent['type'],
  at: string,
  author: string | null,
  note: string | null,
  version: number,
): ReviewEvent {
  return { type, at, author, note, version };
}

/**
 * Item views by frozen item state: a change re-uses the views (and schema
 * checks) of the items it did not touch. A state object only ever belongs to
 * reviews of one envelope, so the state alone is a sound key.
 */
const itemViews = new WeakMap<ReviewItemState, ReviewItem>();

function toItem(state: ReviewItemState, envelope: DeliverablesEnvelope): ReviewItem {
  const cached = itemViews.get(state);
  if (cached) return cached;
  const view = buildItem(state, envelope);
  itemViews.set(state, view);
  return view;
}

function buildItem(state: ReviewItemState, envelope: DeliverablesEnvelope): ReviewItem {
  const original = envelope.deliverables[state.index] as Deliverable;
  const deliverable = { ...original, content_markdown: state.content };
  const checked = DeliverableSchema.safeParse(deliverable, ENGLISH);
  const issues = checked.success ? [] : formatIssues(checked.error.issues, deliverable);
  return Object.freeze({
    ...state,
    deliverable: Object.freeze(deliverable),
    originalContent: original.content_markdown,
    issues: Object.freeze(issues),
  });
}

function invalidSnapshot(issues: readonly string[]): WorkflowError {
  return new WorkflowError(
    'WORKFLOW_INVALID_SNAPSHOT',
    `Not a saved review: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}. Pass what review.toJSON() returned.`,
    { issues },
  );
}

/**
 * Starts a review of every deliverable in `envelope`: each item is a
 * `draft` holding the generated text. The envelope is validated first
 * (`EnvelopeValidationError` when invalid); an envelope without deliverables
 * throws `WorkflowError` `WORKFLOW_NOTHING_TO_REVIEW`.
 *
 * @example
 * ```ts
 * const review = createReview(envelope, { clock: () => new Date('2026-01-01T00:00:00Z') })
 * review.items.map((i) => [i.id, i.status]) // [['post-1', 'draft'], ...]
 * ```
 */
export function createReview(envelope: unknown, options: CreateReviewOptions = {}): Review {
  return Review.create(envelope, options);
}
