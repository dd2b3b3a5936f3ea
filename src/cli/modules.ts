/**
 * `aicmo modules`: the operator modules, their paths and required fields.
 */
import * as z from 'zod';
import { MODULE_NAMES, MODULES } from '../modules/index.js';
import { EXIT_USAGE, parse, UsageError } from './args.js';
import type { CliIo } from './io.js';
import { styleFor } from './style.js';

/** Help of `aicmo modules`. */
export const MODULES_HELP = `Usage: aicmo modules [--json]

Lists the operator modules: name, endpoint, required and optional fields,
deliverables and the modules whose approval each one needs.

Options:
      --json    print the list as JSON (with each request's JSON Schema)
  -h, --help    show this help`;

function describe(name: (typeof MODULE_NAMES)[number]) {
  const module = MODULES[name];
  const schema = z.toJSONSchema(module.input, { io: 'input', unrepresentable: 'any' }) as {
    required?: string[];
    properties?: Record<string, unknown>;
  };
  const required = schema.required ?? [];
  const optional = Object.keys(schema.properties ?? {}).filter((key) => !required.includes(key));
  return { module, schema, required, optional };
}

/** Runs `aicmo modules`. */
export async function modulesCommand(args: readonly string[], io: CliIo): Promise<number> {
  let json: boolean;
  try {
    const { values } = parse(
      args,
      { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      false,
    );
    if (values.help) {
      io.out(MODULES_HELP);
      return 0;
    }
    json = values.json === true;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`aicmo modules: ${error.message}`);
    return EXIT_USAGE;
  }
  const rows = MODULE_NAMES.map(describe);
  if (json) {
    io.out(
      JSON.stringify(
        rows.map(({ module, schema, required, optional }) => ({
          name: module.name,
          description: module.description,
          path: module.path,
          required,
          optional,
          deliverables: module.deliverables,
          upstream: module.upstream,
          input_schema: schema,
        })),
        null,
        2,
      ),
    );
    return 0;
  }
  const s = styleFor(io);
  for (const { module, required, optional } of rows) {
    io.out(`${s.bold(module.name.padEnd(11))} ${module.description}`);
    io.out(`  ${s.dim('POST')} ${module.path}`);
    io.out(`  required: ${required.join(', ') || '(none)'}`);
    if (optional.length > 0) io.out(`  optional: ${optional.join(', ')}`);
    io.out(`  produces: ${module.deliverables.map((d) => d.title).join('; ')}`);
    if (module.upstream.length > 0) io.out(`  needs approved: ${module.upstream.join(', ')}`);
    io.out();
  }
  io.out(s.dim('Run one: aicmo generate <module> --stubs   (or --url URL for a running backend)'));
  return 0;
}
