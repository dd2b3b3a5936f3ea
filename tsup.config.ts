import { defineConfig } from 'tsup';

/**
 * One ESM build with a declaration file per public entry point. Shared code is
 * split into chunks so that classes (errors, builders) keep one identity across
 * `aicmo`, `aicmo/client`, `aicmo/workflow`, ...
 */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'response/index': 'src/response/index.ts',
    'providers/index': 'src/providers/index.ts',
    'client/index': 'src/client/index.ts',
    'server/index': 'src/server/index.ts',
    'workflow/index': 'src/workflow/index.ts',
    'engagement/index': 'src/engagement/index.ts',
    'cli/main': 'src/cli/main.ts',
  },
  format: ['esm'],
  target: 'es2023',
  platform: 'neutral',
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  // Keep the `node:` prefix on built-ins (Deno and edge runtimes need it).
  removeNodeProtocol: false,
  external: ['zod', 'ky', 'cockatiel', 'openai', '@anthropic-ai/sdk', 'groq-sdk', 'pg', /^node:/],
});
