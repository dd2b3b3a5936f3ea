/** The commands in-process, through `runCli` with a fake io. */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { SMOKE_REQUEST } from '../../src/cli/smoke.js';
import { ProviderChain, stubProvider } from '../../src/providers/index.js';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import { fakeIo } from './helpers.js';

const VALID = {
  status: 'SUCCESS',
  module: 'campaigns',
  run_id: 'r1',
  meta: { timestamp: '2025-12-17T10:30:00.123456', provider: 'openai' },
  deliverables: [{ id: 'd1', kind: 'email_copy', title: 'Hi', content_markdown: '# Hello' }],
};

let servers: Array<RunningServer | Server> = [];
afterEach(async () => {
  for (const s of servers) {
    if ('url' in s) await s.close();
    else {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  }
  servers = [];
});

/** A raw backend answering every request with `status` and `body`. */
async function rawBackend(status: number, body: string, contentType = 'application/json'): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('aicmo', () => {
  it('prints help (exit 0) or usage (exit 64) and rejects unknown commands', async () => {
    const help = fakeIo();
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.stdout.join('\n')).toContain('Usage: aicmo <command>');
    expect(await runCli([], fakeIo())).toBe(64);
    const unknown = fakeIo();
    expect(await runCli(['deploy'], unknown)).toBe(64);
    expect(unknown.stderr.join('\n')).toContain('unknown command "deploy"');
    const sub = fakeIo();
    expect(await runCli(['help', 'smoke'], sub)).toBe(0);
    expect(sub.stdout.join('\n')).toContain('Usage: aicmo smoke');
  });

  it('prints the version', async () => {
    const io = fakeIo();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [['serve', '--port', 'abc']],
    [['serve', '--port', '70000']],
    [['serve', '--nope']],
    [['smoke', '--timeout-ms', '0']],
    [['smoke', 'extra']],
    [['validate', '--kind', 'weird', 'x.json']],
    [['validate', 'a.json', 'b.json']],
  ])('exits 64 with a plain message on %j', async (args) => {
    const io = fakeIo();
    expect(await runCli(args, io)).toBe(64);
    expect(io.stderr.join('\n')).toMatch(/--help/);
  });
});

describe('aicmo serve (in-process)', () => {
  it('fails with a configuration error when no provider is configured', async () => {
    const io = fakeIo({ env: {} });
    expect(await runCli(['serve', '--port', '0'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(
      /Configuration error: No LLM provider is configured.*OPENAI_API_KEY/,
    );
  });

  it('starts on stubs, prints the URL on stdout, and stops on the shutdown signal', async () => {
    const io = fakeIo({ env: { AICMO_DEV_STUBS: '1' } });
    expect(
      await runCli(['serve', '--port', '0', '--host', '127.0.0.1', '--cors', 'https://a.example'], io),
    ).toBe(0);
    expect(io.stdout[0]).toMatch(/^Listening on http:\/\/127\.0\.0\.1:\d+$/);
    const log = io.stderr.join('\n');
    expect(log).toContain('providers: stub (stub-1) [stub]');
    expect(log).toContain('CORS: https://a.example');
    expect(log).toContain('Stopped.');
  });

  it('never prints a key value', async () => {
    const key = 'sk-proj-cliSECRET0123456789abcdef';
    const io = fakeIo({ env: { OPENAI_API_KEY: key } });
    expect(await runCli(['serve', '--port', '0'], io)).toBe(0);
    expect(io.text()).not.toContain(key);
    expect(io.text()).toContain('openai (gpt-4.1-mini)');
  });
});

describe('aicmo smoke (in-process)', () => {
  it('exits 1 without a backend URL', async () => {
    const io = fakeIo({ env: {} });
    expect(await runCli(['smoke'], io)).toBe(1);
    expect(io.stdout.join('\n')).toContain('No backend URL');
    const json = fakeIo({ env: {} });
    expect(await runCli(['smoke', '--json'], json)).toBe(1);
    expect(JSON.parse(json.stdout.join('\n'))).toMatchObject({ exit_code: 1, failure: 'configuration' });
  });

  it('exits 1 for an unusable URL', async () => {
    const io = fakeIo();
    expect(await runCli(['smoke', '--url', 'not a url', '--json'], io)).toBe(1);
  });

  it('exits 0 against the reference server and sends the reference payload', async () => {
    const server = await startReferenceServer({
      chain: new ProviderChain({ providers: [stubProvider()] }),
      port: 0,
    });
    servers.push(server);
    const io = fakeIo({ env: { BACKEND_URL: server.url } });
    expect(await runCli(['smoke'], io)).toBe(0);
    expect(io.stdout.join('\n')).toContain('Campaign brief: SMOKE_TEST');
    expect(SMOKE_REQUEST).toEqual({
      campaign_name: 'SMOKE_TEST',
      objectives: ['Awareness', 'Engagement'],
      platforms: ['LinkedIn'],
      budget: 5000,
      timeline_days: 30,
    });
  });

  it('exits 2 on a FAILED envelope with an error status, 0 on one with 200 (CONTRACT §3, as the reference smoke script)', async () => {
    const down = await startReferenceServer({
      chain: new ProviderChain({
        providers: [stubProvider({ failures: () => 'overloaded' })],
        maxRetries: 0,
      }),
      port: 0,
    });
    servers.push(down);
    const io = fakeIo();
    expect(await runCli(['smoke', '--url', down.url, '--json'], io)).toBe(2);
    expect(JSON.parse(io.stdout.join('\n'))).toMatchObject({
      exit_code: 2,
      http_status: 503,
      error: { type: 'HTTP_503' },
      envelope: { status: 'FAILED' },
    });

    const failedBody = JSON.stringify({
      status: 'FAILED',
      module: 'campaigns',
      run_id: 'r',
      meta: { timestamp: '2025-12-17T10:30:00', provider: 'none' },
      deliverables: [],
      error: { type: 'TIMEOUT', message: 'slow' },
    });
    const failed200 = await rawBackend(200, failedBody);
    const human = fakeIo();
    expect(await runCli(['smoke', '--url', failed200], human)).toBe(0);
    const text = human.stdout.join('\n');
    expect(text).toContain('valid FAILED envelope');
    expect(text).toContain('the backend reports TIMEOUT: slow');
    expect(text).toContain('All checks passed. The backend answered 200 but reported FAILED');
    const json = fakeIo();
    expect(await runCli(['smoke', '--url', failed200, '--json'], json)).toBe(0);
    expect(JSON.parse(json.stdout.join('\n'))).toMatchObject({
      ok: true,
      exit_code: 0,
      http_status: 200,
      envelope: { status: 'FAILED' },
      backend_error: { type: 'TIMEOUT', code: null, message: 'slow' },
    });
    // the note names the status the backend really answered
    const created = await rawBackend(201, failedBody);
    const human201 = fakeIo();
    expect(await runCli(['smoke', '--url', created], human201)).toBe(0);
    expect(human201.stdout.join('\n')).toContain('The backend answered 201 but reported FAILED');
  });

  it('exits 2 on a plain 500 and 3 on contract errors', async () => {
    expect(await runCli(['smoke', '--url', await rawBackend(500, 'oops', 'text/plain')], fakeIo())).toBe(2);
    const notJson = fakeIo();
    expect(await runCli(['smoke', '--url', await rawBackend(200, '<html>', 'text/html')], notJson)).toBe(3);
    expect(notJson.stdout.join('\n')).toContain('RESPONSE_PARSE_ERROR');
    const invalid = fakeIo();
    const url = await rawBackend(
      200,
      JSON.stringify({ ...VALID, deliverables: [{ id: 'x', kind: 'k', title: '' }] }),
    );
    expect(await runCli(['smoke', '--url', url], invalid)).toBe(3);
    expect(invalid.stdout.join('\n')).toContain('deliverables[0].content_markdown');
  });

  it('warns when the trace id is not echoed, but passes', async () => {
    const io = fakeIo();
    expect(await runCli(['smoke', '--url', await rawBackend(200, JSON.stringify(VALID))], io)).toBe(0);
    expect(io.stdout.join('\n')).toContain('not echoed');
  });
});

describe('aicmo validate (in-process)', () => {
  it('accepts a valid deliverables envelope from a file', async () => {
    const io = fakeIo({ files: { 'ok.json': JSON.stringify(VALID) } });
    expect(await runCli(['validate', 'ok.json'], io)).toBe(0);
    expect(io.stdout[0]).toContain('ok.json: valid SUCCESS deliverables envelope, 1 deliverable');
  });

  it('prints each error with its path and exits 1', async () => {
    const bad = {
      ...VALID,
      status: 'success',
      run_id: ' ',
      deliverables: [{ id: 'x', kind: 'k', title: 't', content_markdown: '\u001c ' }],
    };
    const io = fakeIo({ stdin: JSON.stringify(bad) });
    expect(await runCli(['validate', '-'], io)).toBe(1);
    const out = io.stdout.join('\n');
    expect(out).toContain('stdin: invalid deliverables envelope');
    expect(out).toContain('  - status:');
    expect(out).toContain('  - run_id:');
    expect(out).toContain('  - deliverables[0].content_markdown:');
  });

  it('reports JSON output, unreadable files and non-JSON input', async () => {
    const json = fakeIo({ stdin: '{"status":"FAILED"}' });
    expect(await runCli(['validate', '--json'], json)).toBe(1);
    const report = JSON.parse(json.stdout.join('\n'));
    expect(report).toMatchObject({ valid: false, kind: 'deliverables', source: 'stdin' });
    expect(report.errors.length).toBeGreaterThan(0);
    const missing = fakeIo();
    expect(await runCli(['validate', 'missing.json'], missing)).toBe(1);
    expect(missing.stdout.join('\n')).toContain('no such file');
    const notJson = fakeIo({ stdin: '{nope' });
    expect(await runCli(['validate', '-'], notJson)).toBe(1);
    expect(notJson.stdout.join('\n')).toContain('not valid JSON');
    // The parser's message quotes the input; the CLI reports where, never what.
    for (const payload of [
      '"secret-token-123" trailing',
      '{"a": 1,, "key": "sk-live-abc"}',
      'secret-token-123',
    ]) {
      const io = fakeIo({ stdin: payload });
      expect(await runCli(['validate', '-'], io)).toBe(1);
      const out = [...io.stdout, ...io.stderr].join('\n');
      expect(out).toContain('not valid JSON');
      expect(out).not.toMatch(/secret-token|sk-live/);
    }
  });

  it('asks for input instead of waiting on a terminal', async () => {
    const io = fakeIo({ stdinIsTTY: true });
    expect(await runCli(['validate'], io)).toBe(64);
  });

  it('validates ResponseEnvelope v2 payloads with --kind response', async () => {
    const response = {
      response_type: 'text',
      summary: 'Found 50 quotes',
      timestamp: '2026-02-07T20:07:02.031542+00:00',
      version: '2.0',
    };
    const ok = fakeIo({ stdin: JSON.stringify(response) });
    expect(await runCli(['validate', '--kind', 'response'], ok)).toBe(0);
    expect(ok.stdout[0]).toContain('valid text response envelope');
    const bad = fakeIo({ stdin: JSON.stringify({ ...response, summary: '', response_type: 'TEXT' }) });
    expect(await runCli(['validate', '--kind', 'response'], bad)).toBe(1);
    expect(bad.stdout.join('\n')).toMatch(/ {2}- (summary|response_type):/);
  });
});
