/**
 * Live progress of `aicmo generate`: a line per deliverable with a spinner,
 * its token count and elapsed time (redrawn in place on a terminal, one line
 * per change otherwise), or the raw events as JSON lines (`--json-events`).
 */
import type { DeliverablesEnvelope } from '../envelope/index.js';
import type { PlannedDeliverable, ProgressEvent, RunEvent } from '../stream/index.js';
import type { CliIo } from './io.js';
import { styleFor } from './style.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Options of {@link createProgressRenderer}. */
export interface ProgressOptions {
  /** Redraw the lines in place (a terminal); else print a line per change. @default io.isTTY */
  live?: boolean;
  /** Spinner frame period in ms on a terminal; 0 redraws on events only. @default 100 */
  frameMs?: number;
  /** Clock in ms. @default performance.now */
  now?: () => number;
}

/** Shows a run's progress; `stop()` leaves the final lines on screen. */
export interface ProgressRenderer {
  /** Takes the next event. */
  onEvent(event: RunEvent): void;
  /** Stops the spinner and draws the final state. */
  stop(): void;
}

interface Row {
  id: string;
  title: string;
  kind: string;
  state: 'waiting' | 'writing' | 'done' | 'failed';
  chars: number;
  tokens: number | undefined;
  started: number | undefined;
  ended: number | undefined;
  error: string | undefined;
}

/** Roughly four characters a token, as the stub provider counts; the real count replaces it at the end. */
function estimateTokens(chars: number): number {
  return chars === 0 ? 0 : Math.max(1, Math.ceil(chars / 4));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/**
 * A progress renderer on `io.err` (standard output stays for the result).
 *
 * @example
 * ```ts
 * const progress = createProgressRenderer(io)
 * for await (const event of client.stream('strategy', input)) progress.onEvent(event)
 * progress.stop()
 * ```
 */
export function createProgressRenderer(io: CliIo, options: ProgressOptions = {}): ProgressRenderer {
  const live = options.live ?? io.isTTY;
  const frameMs = options.frameMs ?? 100;
  const now = options.now ?? (() => performance.now());
  const s = styleFor(io);
  const rows = new Map<string, Row>();
  let drawn = 0;
  let frame = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const rowOf = (id: string, title = id, kind = ''): Row => {
    let row = rows.get(id);
    if (!row) {
      row = {
        id,
        title,
        kind,
        state: 'waiting',
        chars: 0,
        tokens: undefined,
        started: undefined,
        ended: undefined,
        error: undefined,
      };
      rows.set(id, row);
    }
    return row;
  };

  const line = (row: Row): string => {
    const tokens = row.tokens ?? estimateTokens(row.chars);
    const elapsed = row.started === undefined ? '' : seconds((row.ended ?? now()) - row.started);
    const mark =
      row.state === 'done'
        ? s.ok(s.symbols.ok)
        : row.state === 'failed'
          ? s.bad(s.symbols.bad)
          : row.state === 'writing'
            ? live
              ? (SPINNER[frame % SPINNER.length] as string)
              : '…'
            : s.dim('·');
    const facts =
      row.state === 'failed'
        ? s.bad(row.error ?? 'failed')
        : row.state === 'waiting'
          ? s.dim('waiting')
          : `${tokens} tokens  ${elapsed}`;
    return `${mark} ${row.title} ${s.dim(`[${row.kind}]`)}  ${facts}`;
  };

  const draw = () => {
    if (!live) return;
    const lines = [...rows.values()].map(line);
    // Move up over what was drawn, then rewrite every line (cleared first).
    const up = drawn > 0 ? `\u001b[${drawn}A` : '';
    for (const [i, text] of lines.entries()) io.err(`${i === 0 ? up : ''}\u001b[2K${text}`);
    drawn = lines.length;
  };

  const print = (row: Row) => {
    if (!live) io.err(line(row));
  };

  const startTimer = () => {
    if (!live || frameMs <= 0 || timer !== undefined) return;
    timer = setInterval(() => {
      frame++;
      draw();
    }, frameMs);
    (timer as { unref?: () => void }).unref?.();
  };

  return {
    onEvent(event) {
      switch (event.type) {
        case 'run.started':
          for (const d of event.deliverables) rowOf(d.id, d.title, d.kind);
          if (!live) io.err(s.dim(`run ${event.run_id}: ${event.deliverables.length} deliverables`));
          startTimer();
          break;
        case 'deliverable.started': {
          const row = rowOf(event.id, event.title, event.kind);
          row.title = event.title;
          row.kind = event.kind;
          row.state = 'writing';
          row.started = now();
          print(row);
          break;
        }
        case 'deliverable.delta':
          rowOf(event.id).chars += event.text.length;
          break;
        case 'deliverable.completed': {
          const row = rowOf(event.deliverable.id, event.deliverable.title, event.deliverable.kind);
          row.state = 'done';
          row.ended = now();
          row.started ??= row.ended;
          const used = event.deliverable.metadata?.tokens_used;
          if (typeof used === 'number') row.tokens = used;
          print(row);
          break;
        }
        case 'deliverable.failed': {
          const row = rowOf(event.id);
          row.state = 'failed';
          row.ended = now();
          row.error = event.error.type;
          print(row);
          break;
        }
        default:
          break;
      }
      draw();
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      draw();
    },
  };
}

/**
 * `--json-events`: each event as one JSON line on standard output.
 *
 * @example
 * ```ts
 * const print = jsonEventPrinter(io)
 * print({ type: 'deliverable.delta', seq: 3, id: 'r:brief', text: 'Hi' }) // {"type":"deliverable.delta",...}
 * ```
 */
export function jsonEventPrinter(io: CliIo): (event: RunEvent) => void {
  return (event) => io.out(JSON.stringify(event));
}

/**
 * Numbers the progress of an in-process run (`--local`) as protocol v1
 * events, so that it renders as a streamed run does: `run.planned` becomes
 * `run.started`; `end(envelope)` sends the terminal event.
 */
export function numberLocalEvents(
  sink: (event: RunEvent) => void,
  run: { runId: string; module: string; traceId: string },
): { onEvent: (event: ProgressEvent) => void; end: (envelope: DeliverablesEnvelope) => void } {
  let seq = 0;
  let started = false;
  const start = (deliverables: readonly PlannedDeliverable[]) => {
    if (started) return;
    started = true;
    sink({
      type: 'run.started',
      seq: ++seq,
      run_id: run.runId,
      module: run.module,
      trace_id: run.traceId,
      deliverables: deliverables.map((d) => ({ id: d.id, kind: d.kind, title: d.title })),
    });
  };
  return {
    onEvent(event) {
      if (event.type === 'run.planned') return start(event.deliverables);
      start([]);
      sink({ ...event, seq: ++seq } as RunEvent);
    },
    end(envelope) {
      start([]);
      sink(
        envelope.status === 'FAILED'
          ? { type: 'run.failed', seq: ++seq, envelope }
          : { type: 'run.completed', seq: ++seq, envelope },
      );
    },
  };
}
