/** `aicmo generate --progress / --json-events` and the progress renderer. */
import { afterEach, describe, expect, it } from 'vitest';
import { createProgressRenderer } from '../../src/cli/progress.js';
import { runCli } from '../../src/cli/run.js';
import { ProviderChain, stubProvider } from '../../src/providers/index.js';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import { type RunEvent, RunEventSchema } from '../../src/stream/index.js';
import { fakeIo } from './helpers.js';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const STRATEGY = JSON.stringify({ campaign_name: 'Spring Launch' });
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
const strip = (text: string) => text.replace(ANSI, '');

function jsonLines(lines: readonly string[]): RunEvent[] {
  return lines.map((line) => RunEventSchema.parse(JSON.parse(line)));
}

describe('aicmo generate --json-events', () => {
  it('prints every event of a backend run as a JSON line, ending with run.completed', async () => {
    server = await startReferenceServer({
      port: 0,
      chain: new ProviderChain({ providers: [stubProvider()] }),
    });
    const io = fakeIo({ files: { 'req.json': STRATEGY } });
    const code = await runCli(
      ['generate', 'strategy', '-i', 'req.json', '--url', server.url, '--json-events'],
      io,
    );
    expect(code, io.text()).toBe(0);
    const events = jsonLines(io.stdout);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]?.type).toBe('run.started');
    expect(events.some((e) => e.type === 'deliverable.delta')).toBe(true);
    const last = events[events.length - 1];
    expect(last?.type === 'run.completed' && last.envelope.module).toBe('strategy');
  });

  it('prints the same events for an in-process run (--stubs)', async () => {
    const io = fakeIo({ files: { 'req.json': STRATEGY } });
    expect(await runCli(['generate', 'strategy', '-i', 'req.json', '--stubs', '--json-events'], io)).toBe(0);
    const events = jsonLines(io.stdout);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const started = events[0];
    if (started?.type !== 'run.started') throw new Error('no run.started');
    const last = events[events.length - 1];
    if (last?.type !== 'run.completed') throw new Error(`last is ${last?.type}`);
    expect(started.deliverables.map((d) => d.id)).toEqual(last.envelope.deliverables.map((d) => d.id));
    expect(events.filter((e) => e.type === 'deliverable.completed')).toHaveLength(
      last.envelope.deliverables.length,
    );
  });
});

describe('aicmo generate --progress', () => {
  it('shows a line per deliverable on stderr, then the summary on stdout', async () => {
    const io = fakeIo({ files: { 'req.json': STRATEGY } });
    expect(await runCli(['generate', 'strategy', '-i', 'req.json', '--stubs', '--progress'], io)).toBe(0);
    const progress = io.stderr.map(strip).filter((line) => / \[[a-z_]+\] /.test(line));
    const done = progress.filter((line) => line.startsWith('PASS '));
    expect(done.length).toBeGreaterThan(0);
    for (const line of done) expect(line).toMatch(/\d+ tokens {2}\d+\.\ds$/);
    expect(io.stdout.join('\n')).toMatch(/^strategy: SUCCESS/m);
  });

  it('rejects --progress with --no-progress, and --json-events with --format on stdout (exit 64)', async () => {
    const both = fakeIo();
    expect(await runCli(['generate', 'strategy', '--stubs', '--progress', '--no-progress'], both)).toBe(64);
    const json = fakeIo();
    expect(await runCli(['generate', 'strategy', '--stubs', '--json-events', '--format', 'md'], json)).toBe(
      64,
    );
  });
});

describe('progress renderer on a terminal', () => {
  it('redraws one line per deliverable in place, with spinner, token count and elapsed time', () => {
    const io = { ...fakeIo(), isTTY: true };
    let clock = 0;
    const progress = createProgressRenderer(io, { frameMs: 0, now: () => clock });
    progress.onEvent({
      type: 'run.started',
      seq: 1,
      run_id: 'r',
      module: 'campaigns',
      trace_id: 't',
      deliverables: [
        { id: 'r:a', kind: 'campaign_brief', title: 'Brief' },
        { id: 'r:b', kind: 'email_copy', title: 'Email' },
      ],
    });
    progress.onEvent({
      type: 'deliverable.started',
      seq: 2,
      id: 'r:a',
      kind: 'campaign_brief',
      title: 'Brief',
    });
    clock = 1500;
    progress.onEvent({ type: 'deliverable.delta', seq: 3, id: 'r:a', text: 'x'.repeat(40) });
    const screen = () => io.stderr.slice(-2).map(strip);
    expect(screen()[0]).toMatch(/^⠋ Brief \[campaign_brief\] {2}10 tokens {2}1\.5s$/);
    expect(screen()[1]).toMatch(/^· Email \[email_copy\] {2}waiting$/);
    // Each redraw moves the cursor up over the two lines first.
    expect(io.stderr[io.stderr.length - 2]).toContain('\u001b[2A');
    clock = 2000;
    progress.onEvent({
      type: 'deliverable.completed',
      seq: 4,
      deliverable: {
        id: 'r:a',
        kind: 'campaign_brief',
        title: 'Brief',
        content_markdown: 'x\n',
        metadata: { tokens_used: 37 },
      },
    });
    progress.onEvent({
      type: 'deliverable.failed',
      seq: 5,
      id: 'r:b',
      error: { type: 'TIMEOUT', message: 'slow', code: 504 },
    });
    progress.stop();
    expect(screen()[0]).toMatch(/^✔ Brief \[campaign_brief\] {2}37 tokens {2}2\.0s$/);
    expect(screen()[1]).toMatch(/^✖ Email \[email_copy\] {2}TIMEOUT$/);
  });
});
