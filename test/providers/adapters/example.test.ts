import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const example = fileURLToPath(new URL('../../../examples/provider-chain.ts', import.meta.url));

describe('examples/provider-chain.ts', () => {
  it('runs offline on stubs with no keys, shows the fallback, cost and status, and exits 0', async () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '' };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', example], { env, timeout: 60_000 });
    expect(stdout).toMatch(/answered by stub:anthropic \(claude-haiku-4-5\)/);
    expect(stdout).toMatch(/fallback stub:openai → stub:anthropic \(overloaded\)/);
    expect(stdout).toMatch(/cost: \$0\.\d+/);
    const status = JSON.parse(stdout.slice(stdout.indexOf('status report:') + 'status report:'.length)) as {
      providers: Array<{ name: string; circuit: { state: string } }>;
    };
    expect(status.providers.map((p) => p.name)).toEqual(['stub:openai', 'stub:anthropic', 'stub:groq']);
    expect(status.providers[0]?.circuit.state).toBe('open');
  });
});
