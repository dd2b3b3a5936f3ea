/**
 * `aicmo smoke`: the CONTRACT §3 smoke check, over `aicmo/client`.
 */
import {
  backendErrorCategory,
  type CampaignGenerateRequest,
  createBackendClient,
  getBackendUrl,
  newTraceId,
} from '../client/index.js';
import type { DeliverablesEnvelope } from '../envelope/index.js';
import { type AnyModuleDefinition, getModule, MODULE_NAMES, MODULES } from '../modules/index.js';
import { EXIT_USAGE, parse, positiveIntOption, UsageError } from './args.js';
import type { CliIo } from './io.js';
import { styleFor } from './style.js';

/** Help of `aicmo smoke`. */
export const SMOKE_HELP = `Usage: aicmo smoke [--url URL] [--module NAME|all] [--json] [--timeout-ms 30000]

Checks a running AICMO backend end to end, like the reference
tools/smoke_generate.py: it posts a small request to a module's endpoint
(by default a campaign to POST /api/v1/campaigns/generate) with a fresh
X-Trace-ID and checks that the answer is a valid deliverables envelope for
that module. --module all checks every module in turn; the exit code is the
worst one.

The backend URL is --url, else BACKEND_URL, else AICMO_BACKEND_URL.
Provider keys (OPENAI_API_KEY, ANTHROPIC_API_KEY, GROQ_API_KEY, MISTRAL_API_KEY)
are reported by NAME only, set or not set; their values are never read out.

Options:
      --url <url>         backend base URL, e.g. http://127.0.0.1:8000
      --module <name>     module to check, or "all" (default campaigns; see aicmo modules)
      --json              print one JSON report on stdout instead of text
      --timeout-ms <n>    give up after this long (default 30000)
  -h, --help              show this help

Exit codes:
  0  all checks passed
  1  configuration error (no backend URL, or an unusable one)
  2  endpoint error (connection refused, timeout, non-200 answer)
  3  contract error (the answer is not JSON, or not a valid envelope)
  4  unexpected error
 64  usage error (unknown option or bad value)`;

/** The provider key variables of CONTRACT §3, reported by name only. */
export const PROVIDER_KEY_VARIABLES = [
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'GROQ_API_KEY',
  'MISTRAL_API_KEY',
] as const;

/** The request the smoke check sends (the reference script's payload). */
export const SMOKE_REQUEST: CampaignGenerateRequest = {
  campaign_name: 'SMOKE_TEST',
  objectives: ['Awareness', 'Engagement'],
  platforms: ['LinkedIn'],
  budget: 5000,
  timeline_days: 30,
};

/** The request sent to `module`: its example (for campaigns, {@link SMOKE_REQUEST}). */
function smokeRequest(module: AnyModuleDefinition): unknown {
  return module.name === 'campaigns' ? SMOKE_REQUEST : module.example;
}

/** The machine-readable report of `aicmo smoke --json`. */
export interface SmokeReport {
  ok: boolean;
  exit_code: 0 | 1 | 2 | 3 | 4;
  /** `configuration`, `endpoint`, `contract` or `unexpected` when it failed. */
  failure?: string;
  backend_url: string | null;
  endpoint: string;
  /** Key variable name → whether it is set. Never a value. */
  provider_keys: Record<string, boolean>;
  trace_id: string;
  http_status?: number;
  duration_ms?: number;
  envelope?: {
    status: string;
    run_id: string;
    module: string;
    provider: string;
    model: string | null;
    trace_id_echoed: boolean;
    warnings: string[];
    deliverables: Array<{ kind: string; title: string; chars: number }>;
  };
  error?: { type: string; code: number; message: string; issues?: readonly string[] };
  /**
   * The error a valid FAILED envelope carried on a 200 answer. The endpoint and
   * the contract held (CONTRACT §3: exit 0, as the reference smoke script does),
   * but the backend reports that the job failed.
   */
  backend_error?: { type: string; code: number | null; message: string };
}

function summarize(envelope: DeliverablesEnvelope, traceId: string): NonNullable<SmokeReport['envelope']> {
  return {
    status: envelope.status,
    run_id: envelope.run_id,
    module: envelope.module,
    provider: envelope.meta.provider,
    model: envelope.meta.model ?? null,
    trace_id_echoed: envelope.meta.trace_id === traceId,
    warnings: [...(envelope.meta.warnings ?? [])],
    deliverables: envelope.deliverables.map((d) => ({
      kind: d.kind,
      title: d.title,
      chars: d.content_markdown.length,
    })),
  };
}

/** Runs the check and returns the report (no output). */
export async function runSmoke(
  io: CliIo,
  options: { url?: string; timeoutMs: number; module?: AnyModuleDefinition },
): Promise<SmokeReport> {
  const module = options.module ?? MODULES.campaigns;
  const providerKeys = Object.fromEntries(
    PROVIDER_KEY_VARIABLES.map((name) => [name, Boolean(io.env[name]?.trim())]),
  );
  const traceId = newTraceId();
  const baseUrl = options.url?.trim() ? options.url.trim().replace(/\/+$/, '') : getBackendUrl(io.env);
  const report: SmokeReport = {
    ok: false,
    exit_code: 4,
    backend_url: baseUrl ?? null,
    endpoint: module.path,
    provider_keys: providerKeys,
    trace_id: traceId,
  };
  if (!baseUrl) {
    return {
      ...report,
      exit_code: 1,
      failure: 'configuration',
      error: {
        type: 'CONFIGURATION_ERROR',
        code: 503,
        message:
          'No backend URL: pass --url or set BACKEND_URL (or AICMO_BACKEND_URL), e.g. http://127.0.0.1:8000.',
      },
    };
  }
  let result: Awaited<ReturnType<ReturnType<typeof createBackendClient>['postJson']>>;
  try {
    const client = createBackendClient({ baseUrl, timeoutMs: options.timeoutMs, env: {} });
    result = await client.generate(module, smokeRequest(module) as never, { traceId });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const configuration = (error as { name?: unknown } | null)?.name === 'BackendClientOptionsError';
    return {
      ...report,
      exit_code: configuration ? 1 : 4,
      failure: configuration ? 'configuration' : 'unexpected',
      error: {
        type: configuration ? 'CONFIGURATION_ERROR' : 'INTERNAL_ERROR',
        code: configuration ? 503 : 500,
        message,
      },
    };
  }
  report.duration_ms = Math.round(result.durationMs);
  if (result.status !== undefined) report.http_status = result.status;
  if (!result.ok) {
    const category = backendErrorCategory(result.error.type);
    const exit = ({ configuration: 1, endpoint: 2, contract: 3, unexpected: 4 } as const)[category];
    return {
      ...report,
      exit_code: exit,
      failure: category,
      error: {
        type: result.error.type,
        code: result.error.code,
        message: result.error.message,
        ...(result.error.errors && { issues: result.error.errors }),
      },
      ...(result.error.envelope && { envelope: summarize(result.error.envelope, traceId) }),
    };
  }
  report.envelope = summarize(result.envelope, traceId);
  if (result.envelope.status === 'FAILED') {
    const { type, code, message } = result.envelope.error;
    report.backend_error = { type, code: code ?? null, message };
  }
  return { ...report, ok: true, exit_code: 0 };
}

const FAILURE_TITLES: Record<string, string> = {
  configuration: 'configuration error',
  endpoint: 'endpoint error',
  contract: 'contract error',
  unexpected: 'unexpected error',
};

const HINTS: Record<string, string> = {
  CONNECTION_ERROR: 'Is the backend running? Start one with: AICMO_DEV_STUBS=1 aicmo serve',
  TIMEOUT: 'The backend did not answer in time: check its logs with the trace id, or raise --timeout-ms.',
  CONTRACT_ERROR: 'The backend answered, but not with a valid deliverables envelope (see CONTRACT §1).',
  RESPONSE_PARSE_ERROR: 'The backend answered 200 with a body that is not JSON.',
};

function printHuman(io: CliIo, report: SmokeReport): void {
  const s = styleFor(io);
  const pass = (label: string, text: string) => io.out(`  ${s.ok(s.symbols.ok)} ${label.padEnd(14)} ${text}`);
  const fail = (label: string, text: string) =>
    io.out(`  ${s.bad(s.symbols.bad)} ${label.padEnd(14)} ${text}`);
  const info = (label: string, text: string) =>
    io.out(`  ${s.dim(s.symbols.info)} ${label.padEnd(14)} ${text}`);

  io.out(s.bold(`aicmo smoke ${report.backend_url ?? ''}`.trim()));
  io.out();
  if (report.backend_url) pass('Backend URL', report.backend_url);
  else fail('Backend URL', 'not configured');

  const entries = Object.entries(report.provider_keys);
  const set = entries.filter(([, isSet]) => isSet).map(([name]) => name);
  const unset = entries.filter(([, isSet]) => !isSet).map(([name]) => name);
  info('Provider keys', `set: ${set.join(', ') || 'none'}; not set: ${unset.join(', ') || 'none'}`);
  const indent = ' '.repeat(3 + s.symbols.info.length + 15);
  io.out(`${indent}${s.dim('(names only, read in this shell; the backend has its own environment)')}`);

  if (report.exit_code === 1) {
    io.out();
    io.out(`${s.bad(s.symbols.bad)} ${report.error?.message ?? 'Configuration error.'}`);
    return;
  }
  const endpoint = `POST ${report.endpoint}`;
  const timing = report.duration_ms !== undefined ? ` in ${report.duration_ms} ms` : '';
  if (report.failure === 'endpoint' && !report.envelope) {
    fail('Endpoint', `${endpoint} → ${report.error?.type}${timing}: ${report.error?.message}`);
  } else if (report.failure === 'unexpected') {
    fail('Endpoint', `${endpoint}: ${report.error?.type}: ${report.error?.message}`);
  } else {
    pass('Endpoint', `${endpoint} → ${report.http_status ?? '?'}${timing}`);
  }
  if (report.failure === 'contract') {
    fail('Envelope', `${report.error?.type}: ${report.error?.message}`);
    for (const issue of report.error?.issues ?? []) io.out(`      - ${issue}`);
  } else if (report.envelope) {
    const e = report.envelope;
    const model = e.model ? ` (${e.model})` : '';
    const line = `valid ${e.status} envelope, module ${e.module}, provider ${e.provider}${model}`;
    if (report.backend_error) {
      const { type, message } = report.backend_error;
      io.out(
        `  ${s.warn(s.symbols.warn)} ${'Envelope'.padEnd(14)} ${line}: the backend reports ${type}: ${message}`,
      );
    } else pass('Envelope', line);
    if (!e.trace_id_echoed) info('Trace id', s.warn(`not echoed in meta.trace_id (sent ${report.trace_id})`));
    else pass('Trace id', `${report.trace_id} echoed`);
    if (e.deliverables.length > 0) {
      io.out();
      io.out(`  Deliverables (${e.deliverables.length})`);
      e.deliverables.forEach((d, i) => {
        io.out(
          `    ${String(i + 1).padStart(2)}. ${d.kind.padEnd(16)} ${d.title} ${s.dim(`(${d.chars} chars)`)}`,
        );
      });
    }
    for (const warning of e.warnings) io.out(`  ${s.warn(s.symbols.warn)} ${warning}`);
  }
  io.out();
  if (report.ok) {
    const note = report.backend_error
      ? ` The backend answered ${report.http_status ?? 200} but reported FAILED: check its logs.`
      : '';
    io.out(s.ok(`${s.symbols.ok} All checks passed.${note}`));
    return;
  }
  const hint = report.error ? HINTS[report.error.type] : undefined;
  if (hint) io.out(`  ${s.dim(hint)}`);
  io.out(`  ${s.dim(`trace id: ${report.trace_id}`)}`);
  io.out(
    s.bad(
      `${s.symbols.bad} Smoke check failed: ${FAILURE_TITLES[report.failure ?? 'unexpected']} (exit ${report.exit_code}).`,
    ),
  );
}

/** Runs `aicmo smoke`; resolves with the CONTRACT §3 exit code. */
export async function smokeCommand(args: readonly string[], io: CliIo): Promise<number> {
  let url: string | undefined;
  let json: boolean;
  let timeoutMs: number;
  let modules: AnyModuleDefinition[];
  try {
    const { values } = parse(
      args,
      {
        url: { type: 'string' },
        json: { type: 'boolean' },
        'timeout-ms': { type: 'string' },
        module: { type: 'string', short: 'm' },
        help: { type: 'boolean', short: 'h' },
      },
      false,
    );
    if (values.help) {
      io.out(SMOKE_HELP);
      return 0;
    }
    url = values.url;
    json = values.json === true;
    timeoutMs = positiveIntOption('timeout-ms', values['timeout-ms']) ?? 30_000;
    modules = modulesOption(values.module);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`aicmo smoke: ${error.message}`);
    io.err('Run "aicmo smoke --help" for the options.');
    return EXIT_USAGE;
  }
  const reports: SmokeReport[] = [];
  for (const module of modules) {
    const report = await runSmoke(io, { ...(url !== undefined && { url }), timeoutMs, module });
    reports.push(report);
    if (!json) printHuman(io, report);
    if (report.exit_code === 1) break; // no backend URL: every module would say the same
  }
  const exit = worstExit(reports);
  if (json) {
    io.out(
      JSON.stringify(
        modules.length === 1 ? reports[0] : { ok: exit === 0, exit_code: exit, modules: reports },
        null,
        2,
      ),
    );
  } else if (modules.length > 1) {
    const passed = reports.filter((r) => r.ok).length;
    io.out(`${passed} of ${modules.length} modules passed (exit ${exit}).`);
  }
  return exit;
}

/** The modules named by `--module`: one name, or every module for `all`. */
function modulesOption(value: string | undefined): AnyModuleDefinition[] {
  if (value === undefined) return [MODULES.campaigns];
  if (value === 'all') return MODULE_NAMES.map((name) => MODULES[name]);
  const module = getModule(value);
  if (module === undefined) {
    throw new UsageError(
      `--module must be "all" or one of: ${MODULE_NAMES.join(', ')}; got "${value.slice(0, 60)}".`,
    );
  }
  return [module];
}

/** The exit code of several checks: the highest one, else 0. */
function worstExit(reports: readonly SmokeReport[]): SmokeReport['exit_code'] {
  const order = [4, 3, 2, 1] as const;
  for (const code of order) if (reports.some((r) => r.exit_code === code)) return code;
  return 0;
}
