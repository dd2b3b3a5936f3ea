/**
 * End to end with real sockets and real processes: the built CLI
 * (`node dist/cli/main.js`) serves on an ephemeral port with stub providers,
 * `aicmo smoke` and a Python client check it, then it is stopped with a signal.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDeliverablesEnvelope } from '../../src/envelope/index.js';
import { cleanEnv, hasPython, REPO, runNode, type ServeProcess, snapshotCli, startServe } from './helpers.js';

const execFileAsync = promisify(execFile);
const PYTHON = hasPython();
const PY_CONTRACT = join(REPO, 'test', 'fixtures', 'python', 'smoke_contract.py');
/** Path of the public AICMO project's tools/smoke_generate.py, to run it unchanged (optional, not vendored). */
const REFERENCE_SCRIPT = process.env.AICMO_REFERENCE_SMOKE_SCRIPT;
const FAKE_KEY = 'sk-proj-e2eSECRETvalue0123456789abcdef';

let cli: ReturnType<typeof snapshotCli>;
let server: ServeProcess;

beforeAll(async () => {
  cli = snapshotCli();
  server = await startServe(cli.main, [], cleanEnv({ AICMO_DEV_STUBS: '1' }));
});

afterAll(() => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  cli?.cleanup();
});

async function python(script: string, url: string, args: string[] = []) {
  try {
    const { stdout, stderr } = await execFileAsync('python3', [script, ...args], {
      env: cleanEnv({ BACKEND_URL: url }),
      timeout: 60_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('aicmo serve (AICMO_DEV_STUBS=1) + aicmo smoke', () => {
  it('prints its URL and serves /health', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
  });

  it('passes `aicmo smoke --url` (exit 0)', async () => {
    const result = await runNode(cli.main, ['smoke', '--url', server.url], cleanEnv());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('All checks passed.');
    expect(result.stdout).toContain('campaign_brief');
  });

  it('reads BACKEND_URL, prints JSON with --json, and reports provider keys by name only', async () => {
    const result = await runNode(
      cli.main,
      ['smoke', '--json'],
      cleanEnv({ BACKEND_URL: `${server.url}/`, OPENAI_API_KEY: FAKE_KEY }),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(FAKE_KEY);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      ok: true,
      exit_code: 0,
      backend_url: server.url,
      http_status: 200,
      provider_keys: {
        OPENAI_API_KEY: true,
        ANTHROPIC_API_KEY: false,
        GROQ_API_KEY: false,
        MISTRAL_API_KEY: false,
      },
      envelope: { status: 'SUCCESS', module: 'campaigns', provider: 'stub', trace_id_echoed: true },
    });
  });

  it('answers bad requests with the right status and a valid FAILED envelope', async () => {
    const url = `${server.url}/api/v1/campaigns/generate`;
    const json = { 'content-type': 'application/json' };
    const cases: Array<[number, string, RequestInit, string]> = [
      [405, 'METHOD_NOT_ALLOWED', { method: 'GET' }, url],
      [415, 'UNSUPPORTED_MEDIA_TYPE', { method: 'POST', body: 'campaign_name=x' }, url],
      [400, 'INVALID_JSON', { method: 'POST', headers: json, body: '{"campaign_name":' }, url],
      [
        422,
        'VALIDATION_ERROR',
        { method: 'POST', headers: json, body: '{"campaign_name":"x","platforms":[]}' },
        url,
      ],
      [413, 'PAYLOAD_TOO_LARGE', { method: 'POST', headers: json, body: `"${'x'.repeat(2_000_000)}"` }, url],
      [404, 'NOT_FOUND', { method: 'GET' }, `${server.url}/api/v1/unknown`],
    ];
    for (const [status, type, init, target] of cases) {
      const response = await fetch(target, {
        ...init,
        headers: { ...init.headers, 'X-Trace-ID': `bad-${status}` },
      });
      expect(response.status, type).toBe(status);
      expect(response.headers.get('x-trace-id')).toBe(`bad-${status}`);
      const body = await response.json();
      expect(validateDeliverablesEnvelope(body)).toEqual({ valid: true, errors: [], issues: [] });
      expect(body).toMatchObject({
        status: 'FAILED',
        deliverables: [],
        meta: { provider: 'none', trace_id: `bad-${status}` },
      });
      expect(body.error).toMatchObject({ type, code: status });
    }
  });

  it.skipIf(!PYTHON)(
    'satisfies a Python client of the contract (smoke_contract.py; skipped only when python3 is missing)',
    async () => {
      const result = await python(PY_CONTRACT, server.url);
      expect(result.output).toContain('ALL CHECKS PASSED');
      expect(result.code).toBe(0);
    },
  );

  it.skipIf(!PYTHON)(
    'the Python contract client passes on all ten module endpoints (--all-modules)',
    async () => {
      const result = await python(PY_CONTRACT, server.url, ['--all-modules']);
      expect(result.output).toContain('ALL 10 MODULES PASSED');
      expect(result.output).toContain('strategy via /aicmo/generate');
      expect(result.code).toBe(0);
    },
  );

  it('aicmo smoke --module all passes every module (exit 0)', async () => {
    const result = await runNode(
      cli.main,
      ['smoke', '--url', server.url, '--module', 'all', '--json'],
      cleanEnv(),
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      modules: { endpoint: string; exit_code: number }[];
    };
    expect(report.ok).toBe(true);
    expect(report.modules).toHaveLength(10);
    expect(report.modules.map((m) => m.endpoint)).toContain('/api/v1/learn/generate');
  });

  it.skipIf(!PYTHON || !REFERENCE_SCRIPT || !existsSync(REFERENCE_SCRIPT))(
    'satisfies the reference tools/smoke_generate.py unchanged (runs when AICMO_REFERENCE_SMOKE_SCRIPT names it)',
    async () => {
      const result = await python(REFERENCE_SCRIPT as string, server.url);
      expect(result.output).toContain('ALL TESTS PASSED');
      expect(result.code).toBe(0);
    },
  );

  it('logs requests on stderr without bodies', () => {
    expect(server.stderr()).toMatch(/POST \/api\/v1\/campaigns\/generate 200 \d+ms trace=/);
    expect(server.stderr()).not.toContain('SMOKE_TEST');
  });

  it('stops cleanly on SIGTERM (exit 0); then smoke reports connection refused (exit 2)', async () => {
    server.child.kill('SIGTERM');
    const finished = await server.exited;
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain('Stopped.');

    const result = await runNode(cli.main, ['smoke', '--url', server.url], cleanEnv());
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('CONNECTION_ERROR');
    const json = await runNode(cli.main, ['smoke', '--url', server.url, '--json'], cleanEnv());
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      exit_code: 2,
      error: { type: 'CONNECTION_ERROR' },
    });
    if (PYTHON) expect((await python(PY_CONTRACT, server.url)).code).toBe(2);
  });
});

describe('aicmo serve: process behaviour', () => {
  it('stops cleanly on SIGINT too', async () => {
    const other = await startServe(cli.main, ['--quiet'], cleanEnv({ AICMO_DEV_STUBS: '1' }));
    other.child.kill('SIGINT');
    expect((await other.exited).code).toBe(0);
  });

  it('refuses to start without keys and without stubs (exit 1, names the variables)', async () => {
    const result = await runNode(cli.main, ['serve', '--port', '0'], cleanEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Configuration error');
    expect(result.stderr).toContain('OPENAI_API_KEY');
    expect(result.stderr).toContain('AICMO_DEV_STUBS=1');
    expect(result.stdout).toBe('');
  });

  it('reports a busy port (exit 1)', async () => {
    const first = await startServe(cli.main, ['--quiet'], cleanEnv({ AICMO_DEV_STUBS: '1' }));
    const port = new URL(first.url).port;
    const result = await runNode(cli.main, ['serve', '--port', port], cleanEnv({ AICMO_DEV_STUBS: '1' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already in use');
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
  });
});

describe('aicmo (built) basics', () => {
  it('prints the package version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    const result = await runNode(cli.main, ['--version'], cleanEnv());
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it.each(['serve', 'smoke', 'validate'])('prints help for %s (exit 0)', async (command) => {
    const result = await runNode(cli.main, [command, '--help'], cleanEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: aicmo ${command}`);
  });

  it('validates stdin and files', async () => {
    const good = JSON.stringify({
      status: 'SUCCESS',
      module: 'campaigns',
      run_id: 'r1',
      meta: { timestamp: '2025-12-17T10:30:00.123456', provider: 'openai' },
      deliverables: [{ id: 'd1', kind: 'email_copy', title: '', content_markdown: 'Hi' }],
    });
    const ok = await runNode(cli.main, ['validate', '-'], cleanEnv(), good);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('valid SUCCESS deliverables envelope');
    const bad = await runNode(
      cli.main,
      ['validate'],
      cleanEnv(),
      '{"status":"SUCCESS","deliverables":[{"id":"x"}]}',
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('deliverables[0].content_markdown');
    const fixture = join(REPO, 'test', 'fixtures', 'python', 'smoke_contract.py');
    const notJson = await runNode(cli.main, ['validate', fixture], cleanEnv());
    expect(notJson.code).toBe(1);
    expect(notJson.stdout).toContain('not valid JSON');
  });
});
