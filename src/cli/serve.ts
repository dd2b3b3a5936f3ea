/**
 * `aicmo serve`: the reference backend on `node:http`, with providers from
 * the environment.
 */
import { type EngagementStore, isEngagementStoreError, openEngagementStore } from '../engagement/index.js';
import {
  isProviderConfigurationError,
  planProvidersFromEnv,
  providerChainFromEnv,
} from '../providers/index.js';
import { type ClosableRunEventStore, openRunEventStore, startReferenceServer } from '../server/index.js';
import { EXIT_USAGE, parse, portOption, positiveIntOption, UsageError } from './args.js';
import type { CliIo } from './io.js';
import { styleFor } from './style.js';

/** Help of `aicmo serve`. */
export const SERVE_HELP = `Usage: aicmo serve [--port 8000] [--host 127.0.0.1] [options]

Runs the reference AICMO backend:
  POST /api/v1/<module>/generate    the ten operator modules (aicmo modules lists them)
  POST /aicmo/generate              the same, module in the body's use_case
  GET  /api/v1/modules              the modules with their request JSON Schemas
  GET  /health                      provider names and states; 503 when no provider can serve
  /api/v1/engagements/...           engagements: gated, versioned artifacts (docs/engagements.md)

With Accept: text/event-stream the generate routes stream the run live
(docs/streaming.md), resumable and cancellable at:
  GET  /api/v1/runs/{run_id}/events   the run's events after Last-Event-ID, then the live tail
  POST /api/v1/runs/{run_id}/cancel   cancels the run

Providers come from the environment: OPENAI_API_KEY, ANTHROPIC_API_KEY,
GROQ_API_KEY, MISTRAL_API_KEY, ... with AICMO_LLM_PRIMARY_PROVIDER and
AICMO_LLM_FALLBACK_PROVIDERS choosing the order. AICMO_DEV_STUBS=1 runs on
deterministic stub providers with no keys (development only).

Options:
  -p, --port <n>            port to listen on; 0 picks a free one (default 8000)
      --host <addr>         interface to bind (default 127.0.0.1; 0.0.0.0 for all)
      --cors <origin>       allow this browser origin (repeatable; "*" for any). CORS is off by default
      --max-body-bytes <n>  largest request body accepted (default 1048576)
      --max-connections <n> open connections served at once; past it 503 (default 512)
      --health-details      GET /health also shows each provider's counters and last error
      --db <where>          engagement store: a file (embedded SQLite), postgres://… (several
                            replicas can share it) or memory (default $AICMO_DB, else
                            aicmo-engagements.db in the working directory). Streamed runs'
                            events go there too: replicas on one postgres:// resume, follow
                            and cancel each other's runs
  -q, --quiet               no request log on stderr
  -h, --help                show this help

The URL is printed on stdout once the server listens ("Listening on http://...").
Request logs (method, path, status, duration, trace id; never bodies) go to stderr.
SIGINT (Ctrl+C) or SIGTERM stops it cleanly: in-flight requests get up to 10 s to
finish, then are answered 503 ABORTED FAILED envelopes; requests that arrive
meanwhile get 503 SHUTTING_DOWN. Headers must arrive within 10 s and a request
body within 30 s (else 408); idle keep-alive connections close after 5 s.

Exit codes: 0 stopped cleanly, 1 configuration error (no provider, port busy), 64 usage error.`;

function listenProblem(error: unknown, host: string, port: number): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE')
    return `port ${port} on ${host} is already in use. Stop the other server or choose another --port.`;
  if (code === 'EACCES')
    return `permission denied for ${host}:${port}. Ports below 1024 need privileges; choose another --port.`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return `${host} is not an address of this machine. Check --host.`;
  return `${error instanceof Error ? error.message : String(error)}.`;
}

/** Where engagements live, for the banner (a URL's password is never shown). */
function storeLabel(kind: EngagementStore['kind'], location: string): string {
  if (kind === 'memory') return 'in memory (lost on exit)';
  if (kind === 'postgres') {
    try {
      const url = new URL(location);
      return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
    } catch {
      return 'PostgreSQL';
    }
  }
  return `SQLite file ${location}`;
}

/** Runs `aicmo serve`; resolves with the exit code once the server has stopped. */
export async function serveCommand(args: readonly string[], io: CliIo): Promise<number> {
  const style = styleFor(io);
  let port: number;
  let host: string;
  let cors: string[] | undefined;
  let maxBodyBytes: number | undefined;
  let maxConnections: number | undefined;
  let healthDetails: boolean;
  let quiet: boolean;
  let db: string;
  try {
    const { values } = parse(
      args,
      {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        cors: { type: 'string', multiple: true },
        'max-body-bytes': { type: 'string' },
        'max-connections': { type: 'string' },
        'health-details': { type: 'boolean' },
        db: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
      false,
    );
    if (values.help) {
      io.out(SERVE_HELP);
      return 0;
    }
    port = portOption(values.port, 8000);
    host = values.host?.trim() || '127.0.0.1';
    cors = values.cors?.flatMap((origin) => origin.split(',').map((o) => o.trim())).filter(Boolean);
    maxBodyBytes = positiveIntOption('max-body-bytes', values['max-body-bytes']);
    maxConnections = positiveIntOption('max-connections', values['max-connections']);
    healthDetails = values['health-details'] === true;
    quiet = values.quiet === true;
    db = values.db?.trim() || io.env.AICMO_DB?.trim() || 'aicmo-engagements.db';
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`aicmo serve: ${error.message}`);
    io.err('Run "aicmo serve --help" for the options.');
    return EXIT_USAGE;
  }

  let chain: ReturnType<typeof providerChainFromEnv>;
  let plan: ReturnType<typeof planProvidersFromEnv>;
  try {
    plan = planProvidersFromEnv(io.env);
    chain = providerChainFromEnv(io.env, {
      // The lone development stub costs nothing: price it at 0 rather than report an unknown cost.
      prices: { 'stub:stub-1': { input: 0, output: 0 } },
      onWarning: (message) => io.err(`${style.warn('warning:')} ${message}`),
    });
  } catch (error) {
    if (!isProviderConfigurationError(error)) throw error;
    io.err(`${style.bad('Configuration error:')} ${error.message}`);
    return 1;
  }

  let engagementStore: EngagementStore;
  try {
    engagementStore = await openEngagementStore(db);
  } catch (error) {
    if (!isEngagementStoreError(error)) throw error;
    io.err(`${style.bad('Cannot open the engagement store:')} ${error.message}`);
    return 1;
  }

  // The events of streamed runs live beside the engagements (the same file, or the same database).
  let runStore: ClosableRunEventStore;
  try {
    runStore = await openRunEventStore(db);
  } catch (error) {
    await engagementStore.close();
    const message = error instanceof Error ? error.message : String(error);
    io.err(`${style.bad('Cannot open the run event store:')} ${message}`);
    return 1;
  }

  // Listen for SIGINT/SIGTERM before anything is printed: a supervisor may signal as soon as it reads the URL.
  const shutdown = io.waitForShutdownSignal();
  let server: Awaited<ReturnType<typeof startReferenceServer>>;
  try {
    server = await startReferenceServer({
      chain,
      engagementStore,
      runStore,
      port,
      host,
      shutdownGraceMs: 10_000,
      ...(cors && cors.length > 0 && { cors: cors.includes('*') ? true : cors }),
      ...(maxBodyBytes !== undefined && { maxBodyBytes }),
      ...(maxConnections !== undefined && { maxConnections }),
      ...(healthDetails && { healthDetails }),
      ...(!quiet && {
        onResponse: (info) =>
          io.err(
            style.dim(
              `${info.method} ${info.path} ${info.status} ${info.durationMs}ms trace=${info.traceId}`,
            ) + (info.errorType ? ` ${info.errorType}` : ''),
          ),
      }),
      onError: (error, { traceId }) => {
        const name = error instanceof Error ? error.name : typeof error;
        io.err(`${style.bad('error:')} unexpected ${name} (trace=${traceId})`);
      },
    });
  } catch (error) {
    await engagementStore.close();
    await runStore.close();
    io.err(`${style.bad('Cannot start the server:')} ${listenProblem(error, host, port)}`);
    return 1;
  }

  const providers = plan.providers
    .map((p) => `${p.provider} (${p.model})${p.stub ? ' [stub]' : ''}`)
    .join(' → ');
  io.out(`Listening on ${server.url}`);
  io.err(
    `${io.isTTY ? `${style.ok(style.symbols.ok)} ` : ''}aicmo reference backend at ${style.bold(server.url)}`,
  );
  io.err(`  POST ${server.url}/api/v1/campaigns/generate`);
  io.err(`  GET  ${server.url}/health`);
  io.err(`  GET  ${server.url}/api/v1/runs/{run_id}/events  (streams: Accept: text/event-stream)`);
  io.err(`  providers: ${providers}`);
  io.err(`  engagements: ${storeLabel(engagementStore.kind, db)}`);
  io.err(`  run events: ${storeLabel(runStore.kind, db)}`);
  if (plan.stubs)
    io.err(
      `  ${style.warn('AICMO_DEV_STUBS=1: stub providers stand in for missing keys (development only)')}`,
    );
  if (cors && cors.length > 0) io.err(`  CORS: ${cors.join(', ')}`);
  io.err(style.dim('  Press Ctrl+C to stop.'));

  const signal = await shutdown;
  io.err(`${signal} received: finishing in-flight requests, then stopping…`);
  await server.close();
  await engagementStore.close();
  await runStore.close();
  io.err('Stopped.');
  return 0;
}
