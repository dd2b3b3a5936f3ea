/**
 * Serves the review page (`/`), the operator page (`/operator.html`: an
 * engagement, a tab per module, gated generation, stale badges, export), the
 * built `aicmo` bundles (dist/), zod and ky from node_modules, and the
 * reference API (module routes, engagements, `GET /health`) from one origin,
 * on 127.0.0.1.
 *
 *   npm run build && npx tsx examples/review-ui/serve.ts   # then open the printed URL
 *
 * Engagements are kept in `$AICMO_DB` (default `aicmo-engagements.db` in the
 * working directory), so the operator page survives a server restart.
 *
 * Offline it uses the deterministic stub provider; set OPENAI_API_KEY (or
 * ANTHROPIC_API_KEY, GROQ_API_KEY) to generate with a real model.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type EngagementStore, openEngagementStore } from '../../src/engagement/index.js';
import { ProviderChain, providerChainFromEnv, stubProvider } from '../../src/providers/index.js';
import { createReferenceHandler, type ReferenceChain, toNodeListener } from '../../src/server/index.js';

/** Options of {@link startReviewUiServer}. */
export interface ReviewUiServerOptions {
  /** The chain the API generates with. @default a stub chain (offline, deterministic) */
  chain?: ReferenceChain;
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface. @default '127.0.0.1' */
  host?: string;
  /** Folder holding the built bundles. @default `<repo>/dist` */
  distDir?: string;
  /** Where engagements live: a file, a postgres:// URL or `memory`. @default 'memory' */
  engagementDb?: string;
}

/** A running review page server. */
export interface ReviewUiServer {
  /** Base URL, e.g. `http://127.0.0.1:53123`; the page is at `/`. */
  url: string;
  /** Stops the server. */
  close(): Promise<void>;
}

const PAGE_DIR = import.meta.dirname;
const REPO_DIR = resolve(PAGE_DIR, '..', '..');
const require = createRequire(import.meta.url);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
};

/** URL prefix → folder. Only these folders (and only the types above) are served. */
function staticRoots(distDir: string): Array<[string, string]> {
  return [
    ['/dist/', distDir],
    // `zod` resolves (CommonJS condition) to <zod>/index.cjs; its ESM index.js sits next to it.
    ['/vendor/zod/', dirname(require.resolve('zod'))],
    // `ky` resolves to <ky>/distribution/index.js.
    ['/vendor/ky/', dirname(require.resolve('ky'))],
    ['/', PAGE_DIR],
  ];
}

async function serveFile(root: string, relative: string, head: boolean): Promise<Response | undefined> {
  const file = resolve(root, relative === '' ? 'index.html' : decodeURIComponent(relative));
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  const type = TYPES[extname(file)];
  if (!type) return undefined;
  try {
    if (!(await stat(file)).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const body = head ? null : await readFile(file);
  return new Response(body, { status: 200, headers: { 'content-type': type, 'cache-control': 'no-store' } });
}

/**
 * A web handler: static files for GET/HEAD under the roots above, everything
 * else to the reference API handler.
 */
export function createReviewUiHandler(
  chain: ReferenceChain,
  distDir = join(REPO_DIR, 'dist'),
  engagementStore?: EngagementStore,
) {
  const api = createReferenceHandler({ chain, ...(engagementStore && { engagementStore }) });
  const roots = staticRoots(distDir);
  return async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (request.method === 'GET' || request.method === 'HEAD') {
      for (const [prefix, root] of roots) {
        if (!pathname.startsWith(prefix)) continue;
        const response = await serveFile(root, pathname.slice(prefix.length), request.method === 'HEAD');
        if (response) return response;
      }
    }
    return api(request);
  };
}

/** A deterministic offline chain (the stub provider, no latency). */
export function stubChain(): ProviderChain {
  return new ProviderChain({ providers: [stubProvider({ name: 'stub', model: 'stub-1' })] });
}

/**
 * Starts the page server on `host:port` and resolves once it listens.
 *
 * @example
 * ```ts
 * const server = await startReviewUiServer({ port: 0 })
 * console.log(`${server.url}/`)
 * ```
 */
export async function startReviewUiServer(options: ReviewUiServerOptions = {}): Promise<ReviewUiServer> {
  const distDir = options.distDir ?? join(REPO_DIR, 'dist');
  if (!existsSync(join(distDir, 'workflow', 'index.js'))) {
    throw new Error(`No built bundle in ${distDir}: run \`npm run build\` first.`);
  }
  const host = options.host ?? '127.0.0.1';
  const store = await openEngagementStore(options.engagementDb ?? 'memory');
  const server = createServer(
    toNodeListener(createReviewUiHandler(options.chain ?? stubChain(), distDir, store)),
  );
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => ready());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}

function chainFromEnvOrStub(): ReferenceChain {
  const keys = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GROQ_API_KEY'];
  return keys.some((k) => process.env[k]?.trim()) ? providerChainFromEnv() : stubChain();
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const port = Number(process.env.PORT ?? 8787);
  try {
    const engagementDb = process.env.AICMO_DB?.trim() || 'aicmo-engagements.db';
    const server = await startReviewUiServer({ chain: chainFromEnvOrStub(), port, engagementDb });
    console.log(`Review page: ${server.url}/  Operator: ${server.url}/operator.html  (Ctrl+C to stop)`);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    console.error(
      code === 'EADDRINUSE'
        ? `Port ${port} is already in use: stop what runs there, or pick another port (PORT=0 picks a free one).`
        : error instanceof Error
          ? error.message
          : String(error),
    );
    process.exitCode = 1;
  }
}
