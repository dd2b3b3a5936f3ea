/**
 * `aicmo generate <module>`: runs one operator module against a backend (or
 * in-process with `--local`) and prints or writes its deliverables.
 */
import { type BackendResult, createBackendClient, getBackendUrl, smokeExitCode } from '../client/index.js';
import type { DeliverablesEnvelope } from '../envelope/index.js';
import { formatPath } from '../internal/index.js';
import { type AnyModuleDefinition, getModule, MODULE_NAMES, parseModuleInput } from '../modules/index.js';
import { isProviderConfigurationError, providerChainFromEnv } from '../providers/index.js';
import { BUILTIN_MODULE_HANDLERS, describeFailure, type ModuleHandler, runModule } from '../server/index.js';
import type { RunEvent } from '../stream/index.js';
import { createReview, exportMarkdown } from '../workflow/index.js';
import { EXIT_USAGE, parse, positiveIntOption, UsageError } from './args.js';
import type { CliIo } from './io.js';
import { createProgressRenderer, jsonEventPrinter, numberLocalEvents } from './progress.js';
import { styleFor } from './style.js';

/** Help of `aicmo generate`. */
export const GENERATE_HELP = `Usage: aicmo generate <module> [--input FILE|-] [--url URL | --local [--stubs]] [--out FILE] [--format md|json]

Runs one operator module and prints its deliverables. <module> is one of:
  ${MODULE_NAMES.join(', ')}
("aicmo modules" lists each module's fields.)

The request is JSON from --input FILE (or "-" for stdin); without --input the
module's example request is used. It is checked against the module's schema
before anything is sent: a bad field is reported by name.

Where it runs:
      --url <url>         a running backend (else BACKEND_URL, else AICMO_BACKEND_URL)
      --local             in this process, on the providers from the environment
                          (OPENAI_API_KEY, ANTHROPIC_API_KEY, GROQ_API_KEY, ...; AICMO_DEV_STUBS=1 for stubs)
      --stubs             in this process, on deterministic offline stub providers (implies --local)

Output:
      --out <file>        write the envelope (.json) or Markdown (.md) to this file
      --format <md|json>  the format of --out (default: from its extension, else json);
                          without --out, print that format on stdout instead of the summary
      --timeout-ms <n>    give up after this long (default 120000)

Progress (streamed with Accept: text/event-stream; a backend that does not stream answers at the end):
      --progress          a line per deliverable with a spinner, tokens and elapsed time, on stderr
                          (the default on a terminal)
      --no-progress       no progress lines
      --json-events       each event (run.started, deliverable.delta, ..., run.completed) as a JSON
                          line on stdout, instead of the summary
  -h, --help              show this help

Exit codes (as aicmo smoke): 0 generated (SUCCESS or PARTIAL), 1 configuration error,
2 endpoint error (connection, timeout, non-200, FAILED), 3 contract error, 4 unexpected, 64 usage error.`;

interface GenerateArgs {
  module: AnyModuleDefinition;
  input: string | undefined;
  url: string | undefined;
  local: boolean;
  stubs: boolean;
  out: string | undefined;
  format: 'md' | 'json' | undefined;
  timeoutMs: number;
  progress: boolean | undefined;
  jsonEvents: boolean;
}

function parseGenerateArgs(args: readonly string[]): GenerateArgs | 'help' {
  const { values, positionals } = parse(
    args,
    {
      input: { type: 'string', short: 'i' },
      url: { type: 'string' },
      local: { type: 'boolean' },
      stubs: { type: 'boolean' },
      out: { type: 'string', short: 'o' },
      format: { type: 'string' },
      'timeout-ms': { type: 'string' },
      progress: { type: 'boolean' },
      'no-progress': { type: 'boolean' },
      'json-events': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) return 'help';
  const [name, ...extra] = positionals;
  if (name === undefined) throw new UsageError(`name a module: one of ${MODULE_NAMES.join(', ')}.`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${String(extra[0]).slice(0, 60)}".`);
  const module = getModule(name);
  if (module === undefined) {
    throw new UsageError(`unknown module "${name.slice(0, 60)}"; modules: ${MODULE_NAMES.join(', ')}.`);
  }
  const format = values.format;
  if (format !== undefined && format !== 'md' && format !== 'json') {
    throw new UsageError(`--format must be md or json, got "${format.slice(0, 20)}".`);
  }
  if (values.progress && values['no-progress']) {
    throw new UsageError('--progress and --no-progress exclude each other.');
  }
  if (values['json-events'] && values.format !== undefined && values.out === undefined) {
    throw new UsageError('--json-events prints events on stdout; send --format output to a file with --out.');
  }
  if (values.url !== undefined && (values.local || values.stubs)) {
    throw new UsageError('--url and --local/--stubs exclude each other: pick where the module runs.');
  }
  return {
    module,
    input: values.input,
    url: values.url,
    local: values.local === true || values.stubs === true,
    stubs: values.stubs === true,
    out: values.out,
    format,
    timeoutMs: positiveIntOption('timeout-ms', values['timeout-ms']) ?? 120_000,
    progress: values.progress === true ? true : values['no-progress'] === true ? false : undefined,
    jsonEvents: values['json-events'] === true,
  };
}

async function readInput(io: CliIo, args: GenerateArgs): Promise<{ value: unknown } | { problem: string }> {
  if (args.input === undefined) {
    if (args.module.example === undefined) {
      return {
        problem: `module ${args.module.name} has no example request: pass --input FILE or --input -.`,
      };
    }
    io.err(`(no --input: using the ${args.module.name} example request)`);
    return { value: args.module.example };
  }
  let text: string;
  try {
    text = args.input === '-' ? await io.readStdin() : await io.readFile(args.input);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return { problem: `cannot read ${args.input}${typeof code === 'string' ? ` (${code})` : ''}.` };
  }
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { problem: `${args.input === '-' ? 'stdin' : args.input} is not valid JSON.` };
  }
}

async function runLocal(
  io: CliIo,
  args: GenerateArgs,
  input: unknown,
  onRunEvent: ((event: RunEvent) => void) | undefined,
): Promise<BackendResult | number> {
  const handler: ModuleHandler | undefined = (BUILTIN_MODULE_HANDLERS as Record<string, ModuleHandler>)[
    args.module.name
  ];
  if (handler === undefined) {
    io.err(`aicmo generate: module ${args.module.name} has no in-process runner.`);
    return 1;
  }
  let chain: ReturnType<typeof providerChainFromEnv>;
  try {
    chain = providerChainFromEnv(args.stubs ? { ...io.env, AICMO_DEV_STUBS: '1' } : io.env);
  } catch (error) {
    if (!isProviderConfigurationError(error)) throw error;
    io.err(`aicmo generate: ${error.message}`);
    io.err('Or run on offline stubs: aicmo generate <module> --stubs');
    return 1;
  }
  const traceId = globalThis.crypto.randomUUID();
  const started = performance.now();
  const signal = AbortSignal.timeout(args.timeoutMs);
  const runId = globalThis.crypto.randomUUID();
  const events = onRunEvent && numberLocalEvents(onRunEvent, { runId, module: args.module.name, traceId });
  try {
    const envelope = await runModule(handler, input as never, chain, {
      traceId,
      signal,
      runId,
      ...(events !== undefined && { onEvent: events.onEvent }),
    });
    events?.end(envelope);
    return asResult(envelope, traceId, started);
  } catch (error) {
    const failure = describeFailure(error, { traceId });
    return {
      ok: false,
      traceId,
      durationMs: performance.now() - started,
      error: {
        type:
          failure.status === 504 || signal.aborted
            ? 'TIMEOUT'
            : failure.status === 503
              ? 'CONFIGURATION_ERROR'
              : 'INTERNAL_ERROR',
        code: failure.status,
        message: failure.message,
        traceId,
      },
    };
  }
}

function asResult(envelope: DeliverablesEnvelope, traceId: string, started: number): BackendResult {
  const durationMs = performance.now() - started;
  if (envelope.status !== 'FAILED') return { ok: true, envelope, traceId, status: 200, durationMs };
  const code = envelope.error.code ?? 500;
  return {
    ok: false,
    traceId,
    status: code,
    durationMs,
    error: { type: `HTTP_${code}`, code, message: envelope.error.message, traceId, envelope },
  };
}

function render(envelope: DeliverablesEnvelope, format: 'md' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(envelope, null, 2)}\n`;
  return exportMarkdown(createReview(envelope), { includeDrafts: true }).content;
}

function printSummary(io: CliIo, envelope: DeliverablesEnvelope, traceId: string): void {
  const s = styleFor(io);
  const model = envelope.meta.model ? ` (${envelope.meta.model})` : '';
  io.out(
    s.bold(
      `${envelope.module}: ${envelope.status}, ${envelope.deliverables.length} deliverables, provider ${envelope.meta.provider}${model}`,
    ),
  );
  for (const d of envelope.deliverables) {
    io.out();
    io.out(s.bold(`── ${d.title} ${s.dim(`[${d.kind}]`)}`));
    io.out(d.content_markdown.trimEnd());
  }
  for (const warning of envelope.meta.warnings ?? []) io.out(`${s.warn(s.symbols.warn)} ${warning}`);
  io.out();
  io.out(s.dim(`run ${envelope.run_id} · trace ${traceId}`));
}

/** Runs `aicmo generate`; resolves with a smoke-style exit code. */
export async function generateCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed: GenerateArgs | 'help';
  try {
    parsed = parseGenerateArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`aicmo generate: ${error.message}`);
    io.err('Run "aicmo generate --help" for the options.');
    return EXIT_USAGE;
  }
  if (parsed === 'help') {
    io.out(GENERATE_HELP);
    return 0;
  }
  const read = await readInput(io, parsed);
  if ('problem' in read) {
    io.err(`aicmo generate: ${read.problem}`);
    return EXIT_USAGE;
  }
  const check = parseModuleInput(parsed.module, read.value);
  if (!check.success) {
    io.err(`aicmo generate: the ${parsed.module.name} request is not valid; nothing was sent:`);
    for (const issue of check.issues) io.err(`  - ${formatPath(issue.path)}: ${issue.message}`);
    return EXIT_USAGE;
  }

  // Progress on stderr (the default on a terminal), or the events as JSON lines on stdout.
  const showProgress = parsed.progress ?? (io.isTTY && !parsed.jsonEvents);
  const progress = showProgress ? createProgressRenderer(io) : undefined;
  const printEvent = parsed.jsonEvents ? jsonEventPrinter(io) : undefined;
  const onRunEvent =
    progress || printEvent
      ? (event: RunEvent) => {
          progress?.onEvent(event);
          printEvent?.(event);
        }
      : undefined;

  let result: BackendResult;
  if (parsed.local) {
    const local = await runLocal(io, parsed, read.value, onRunEvent);
    if (typeof local === 'number') {
      progress?.stop();
      return local;
    }
    result = local;
  } else {
    const baseUrl = parsed.url?.trim() ? parsed.url.trim() : getBackendUrl(io.env);
    if (!baseUrl) {
      io.err('aicmo generate: no backend URL: pass --url, set BACKEND_URL (or AICMO_BACKEND_URL),');
      io.err('or run in this process with --local (providers from the environment) or --stubs (offline).');
      return 1;
    }
    try {
      const client = createBackendClient({ baseUrl, timeoutMs: parsed.timeoutMs, env: {} });
      if (onRunEvent) {
        const run = client.stream(parsed.module, read.value as never);
        for await (const event of run) onRunEvent(event);
        result = await run.result;
      } else {
        result = await client.generate(parsed.module, read.value as never);
      }
    } catch (error) {
      progress?.stop();
      io.err(`aicmo generate: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }

  progress?.stop();
  const envelope = result.ok ? result.envelope : result.error.envelope;
  if (envelope !== undefined && parsed.out !== undefined) {
    const format = parsed.format ?? (parsed.out.toLowerCase().endsWith('.md') ? 'md' : 'json');
    const text = render(envelope, format);
    try {
      await io.writeFile(parsed.out, text);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      io.err(`aicmo generate: cannot write ${parsed.out}${typeof code === 'string' ? ` (${code})` : ''}.`);
      return 4;
    }
    io.err(`Wrote ${parsed.out} (${format}).`);
  }
  if (!result.ok) {
    io.err(`aicmo generate: ${result.error.type} (${result.error.code}): ${result.error.message}`);
    for (const issue of result.error.issues ?? []) io.err(`  - ${issue}`);
    io.err(`trace id: ${result.traceId}`);
    return smokeExitCode(result);
  }
  if (parsed.jsonEvents) {
    if (parsed.out !== undefined) io.err(`${result.envelope.module}: ${result.envelope.status}.`);
  } else if (parsed.out === undefined && parsed.format !== undefined)
    io.out(render(result.envelope, parsed.format).trimEnd());
  else if (parsed.out === undefined) printSummary(io, result.envelope, result.traceId);
  else
    io.out(
      `${result.envelope.module}: ${result.envelope.status}, ${result.envelope.deliverables.length} deliverables.`,
    );
  return 0;
}
