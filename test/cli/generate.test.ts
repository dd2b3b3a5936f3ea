/** `aicmo generate` and `aicmo modules`, in-process through `runCli` with a fake io. */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { MODULE_NAMES } from '../../src/modules/index.js';
import { ProviderChain, stubProvider } from '../../src/providers/index.js';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import { fakeIo } from './helpers.js';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const STRATEGY = JSON.stringify({ campaign_name: 'Spring Launch' });

describe('aicmo generate', () => {
  it('--stubs runs a module in-process and prints its deliverables (exit 0)', async () => {
    const io = fakeIo({ files: { 'req.json': STRATEGY } });
    const code = await runCli(['generate', 'strategy', '--input', 'req.json', '--stubs'], io);
    expect(code, io.text()).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toMatch(/^strategy: SUCCESS, \d+ deliverables, provider stub/m);
    expect(out).toContain('Spring Launch');
  });

  it('reads the request from stdin with --input -, and writes Markdown or JSON with --out', async () => {
    const io = fakeIo({ stdin: STRATEGY });
    expect(await runCli(['generate', 'strategy', '-i', '-', '--stubs', '--out', 'plan.md'], io)).toBe(0);
    expect(io.written['plan.md']).toContain('Spring Launch');
    expect(io.written['plan.md']?.startsWith('#')).toBe(true);
    const json = fakeIo({ stdin: STRATEGY });
    expect(await runCli(['generate', 'strategy', '-i', '-', '--stubs', '--out', 'plan.json'], json)).toBe(0);
    expect(JSON.parse(json.written['plan.json'] as string)).toMatchObject({
      status: 'SUCCESS',
      module: 'strategy',
    });
    const stdout = fakeIo({ stdin: STRATEGY });
    expect(await runCli(['generate', 'strategy', '-i', '-', '--stubs', '--format', 'json'], stdout)).toBe(0);
    expect(JSON.parse(stdout.stdout.join('\n'))).toMatchObject({ module: 'strategy' });
  });

  it('calls a backend with --url (or BACKEND_URL) and prints the result', async () => {
    const chain = new ProviderChain({ providers: [stubProvider()] });
    server = await startReferenceServer({ chain, port: 0 });
    const io = fakeIo({ files: { 'req.json': STRATEGY } });
    expect(await runCli(['generate', 'strategy', '--input', 'req.json', '--url', server.url], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/^strategy: SUCCESS/m);
    const env = fakeIo({ files: { 'req.json': STRATEGY }, env: { BACKEND_URL: server.url } });
    expect(await runCli(['generate', 'strategy', '--input', 'req.json'], env)).toBe(0);
  });

  it('names each bad field and sends nothing (exit 64); a misspelt key gets a hint', async () => {
    const io = fakeIo({ files: { 'bad.json': JSON.stringify({ campaign_nam: 'x' }) } });
    expect(
      await runCli(['generate', 'strategy', '--input', 'bad.json', '--url', 'http://127.0.0.1:9'], io),
    ).toBe(64);
    const err = io.stderr.join('\n');
    expect(err).toContain('campaign_name: is required');
    expect(err).toContain(
      'campaign_nam: is not a field of the strategy request; did you mean "campaign_name"?',
    );
  });

  it('without a backend URL or --local it is a configuration error (exit 1) that says what to do', async () => {
    const io = fakeIo({ files: { 'req.json': STRATEGY } });
    expect(await runCli(['generate', 'strategy', '--input', 'req.json'], io)).toBe(1);
    expect(io.stderr.join('\n')).toContain('--stubs');
  });

  it('--local without provider keys is a configuration error (exit 1) naming the fix', async () => {
    const io = fakeIo({ files: { 'req.json': STRATEGY } });
    expect(await runCli(['generate', 'strategy', '--input', 'req.json', '--local'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/OPENAI_API_KEY|AICMO_DEV_STUBS/);
  });

  it('a connection refused is an endpoint error (exit 2)', async () => {
    const io = fakeIo({ files: { 'req.json': STRATEGY } });
    expect(
      await runCli(['generate', 'strategy', '--input', 'req.json', '--url', 'http://127.0.0.1:9'], io),
    ).toBe(2);
    expect(io.stderr.join('\n')).toContain('CONNECTION_ERROR');
  });

  it('usage errors: unknown module, bad JSON, missing file, bad --format (exit 64)', async () => {
    for (const [args, files, expected] of [
      [['generate', 'strategyy'], {}, 'unknown module "strategyy"'],
      [['generate', 'strategy', '-i', 'x.json', '--stubs'], { 'x.json': '{nope' }, 'not valid JSON'],
      [['generate', 'strategy', '-i', 'missing.json', '--stubs'], {}, 'cannot read missing.json (ENOENT)'],
      [['generate', 'strategy', '--format', 'pdf'], {}, '--format must be md or json'],
      [['generate'], {}, 'name a module'],
    ] as const) {
      const io = fakeIo({ files });
      expect(await runCli([...args], io), args.join(' ')).toBe(64);
      expect(io.stderr.join('\n')).toContain(expected);
    }
  });

  it('--help lists every module', async () => {
    const io = fakeIo();
    expect(await runCli(['generate', '--help'], io)).toBe(0);
    for (const name of MODULE_NAMES) expect(io.stdout.join('\n')).toContain(name);
  });
});

describe('aicmo modules', () => {
  it('lists every module with its path and required fields', async () => {
    const io = fakeIo();
    expect(await runCli(['modules'], io)).toBe(0);
    const out = io.stdout.join('\n');
    for (const name of MODULE_NAMES) expect(out).toContain(`/api/v1/${name}/generate`);
    expect(out).toMatch(/strategy[\s\S]*required: campaign_name/);
  });

  it('--json gives each module with its JSON Schema', async () => {
    const io = fakeIo();
    expect(await runCli(['modules', '--json'], io)).toBe(0);
    const modules = JSON.parse(io.stdout.join('\n')) as {
      name: string;
      required: string[];
      input_schema: object;
    }[];
    expect(modules.map((m) => m.name)).toEqual([...MODULE_NAMES]);
    expect(modules.find((m) => m.name === 'intake')?.required).toEqual(
      expect.arrayContaining([
        'client_name',
        'website',
        'industry',
        'geography',
        'primary_offer',
        'objective',
      ]),
    );
  });
});
