/**
 * `aicmo validate`: checks a payload file (or stdin) against the
 * deliverables envelope or the ResponseEnvelope v2 contract.
 */
import { validateDeliverablesEnvelope } from '../envelope/index.js';
import { validateResponseEnvelope } from '../response/index.js';
import { EXIT_USAGE, parse, UsageError } from './args.js';
import type { CliIo } from './io.js';
import { styleFor } from './style.js';

/** Help of `aicmo validate`. */
export const VALIDATE_HELP = `Usage: aicmo validate [FILE|-] [--kind deliverables|response] [--json]

Validates a JSON payload against the AICMO contract and prints each error
with its path (e.g. "deliverables[0].content_markdown: ..."). Reads FILE, or
standard input when FILE is "-" or omitted and input is piped. For backend
teams' CI:  curl -s ... | aicmo validate -

Options:
      --kind <kind>   deliverables (default): a generate endpoint's DeliverablesEnvelope
                      response: an agent/chat ResponseEnvelope v2
      --json          print {"valid", "kind", "errors"} as JSON
  -h, --help          show this help

Exit codes: 0 valid, 1 invalid (or not JSON, or unreadable), 64 usage error.`;

const KINDS = ['deliverables', 'response'] as const;
type Kind = (typeof KINDS)[number];

function summary(kind: Kind, data: unknown): string {
  const o = data as Record<string, unknown>;
  if (kind === 'deliverables') {
    const count = Array.isArray(o.deliverables) ? o.deliverables.length : 0;
    return `${String(o.status)} deliverables envelope, ${count} deliverable${count === 1 ? '' : 's'}`;
  }
  const artifacts = Array.isArray(o.artifacts) ? o.artifacts.length : 0;
  return `${String(o.response_type)} response envelope, ${artifacts} artifact${artifacts === 1 ? '' : 's'}`;
}

/** Runs `aicmo validate`; resolves with 0 (valid) or 1 (invalid). */
export async function validateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const style = styleFor(io);
  let source: string;
  let kind: Kind;
  let json: boolean;
  try {
    const { values, positionals } = parse(
      args,
      {
        kind: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      true,
    );
    if (values.help) {
      io.out(VALIDATE_HELP);
      return 0;
    }
    if (positionals.length > 1)
      throw new UsageError(`expected one FILE (or "-"), got ${positionals.length}.`);
    const requested = values.kind ?? 'deliverables';
    if (!(KINDS as readonly string[]).includes(requested)) {
      throw new UsageError(`--kind must be "deliverables" or "response", got "${requested}".`);
    }
    kind = requested as Kind;
    json = values.json === true;
    source = positionals[0] ?? '-';
    if (source === '-' && positionals.length === 0 && io.stdinIsTTY) {
      throw new UsageError(
        'give a FILE to validate, or pipe the JSON in: cat payload.json | aicmo validate -',
      );
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`aicmo validate: ${error.message}`);
    io.err('Run "aicmo validate --help" for the options.');
    return EXIT_USAGE;
  }

  const name = source === '-' ? 'stdin' : source;
  const report = (valid: boolean, errors: string[], headline: string): number => {
    if (json) {
      io.out(JSON.stringify({ valid, kind, source: name, errors }, null, 2));
    } else if (valid) {
      io.out(`${style.ok(style.symbols.ok)} ${name}: ${headline}`);
    } else {
      io.out(`${style.bad(style.symbols.bad)} ${name}: ${headline}`);
      for (const error of errors) io.out(`  - ${error}`);
    }
    return valid ? 0 : 1;
  };

  let text: string;
  try {
    text = source === '-' ? await io.readStdin() : await io.readFile(source);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : 'it cannot be read';
    return report(false, [`(file): ${why}`], `cannot read ${name}: ${why}.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = jsonErrorWhere(error instanceof Error ? error.message : '');
    return report(false, [`(root): not valid JSON${detail}`], 'not valid JSON.');
  }
  const { valid, errors } =
    kind === 'deliverables' ? validateDeliverablesEnvelope(data) : validateResponseEnvelope(data);
  if (valid) return report(true, [], `valid ${summary(kind, data)}.`);
  return report(
    false,
    errors,
    `invalid ${kind === 'deliverables' ? 'deliverables envelope' : 'response envelope'}: ${errors.length} error${errors.length === 1 ? '' : 's'}.`,
  );
}

/**
 * Where the JSON parser stopped, without quoting the input: V8's messages may
 * embed a slice of the payload (`"nope" is not valid JSON`), which must not be printed.
 */
function jsonErrorWhere(message: string): string {
  const at = /at position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec(message);
  if (at?.[2] && at[3]) return ` (line ${at[2]}, column ${at[3]})`;
  if (at?.[1]) return ` (at character ${Number(at[1]) + 1})`;
  if (/end of JSON input/i.test(message)) return ' (it ends too early)';
  return '';
}
