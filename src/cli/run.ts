/**
 * The `aicmo` command dispatcher.
 */
import { EXIT_USAGE } from './args.js';
import { generateCommand } from './generate.js';
import type { CliIo } from './io.js';
import { modulesCommand } from './modules.js';
import { serveCommand } from './serve.js';
import { smokeCommand } from './smoke.js';
import { validateCommand } from './validate.js';
import { packageVersion } from './version.js';

/** Help of `aicmo`. */
export const MAIN_HELP = `Usage: aicmo <command> [options]

Commands:
  generate   run one operator module (intake, strategy, creatives, ...) and print its deliverables
  modules    list the operator modules and their fields
  serve      run the reference backend (POST /api/v1/<module>/generate, GET /health)
  smoke      check a running backend end to end (exit codes 0-4)
  validate   validate an envelope file or stdin against the contract

Options:
  -h, --help       show this help ("aicmo <command> --help" for a command)
  -v, --version    print the version

Examples:
  aicmo generate strategy --stubs
  AICMO_DEV_STUBS=1 aicmo serve --port 8000
  aicmo smoke --url http://127.0.0.1:8000 --module all
  aicmo smoke --url http://127.0.0.1:8000
  curl -s -X POST ... | aicmo validate -`;

const COMMANDS: Record<string, (args: readonly string[], io: CliIo) => Promise<number>> = {
  generate: generateCommand,
  modules: modulesCommand,
  serve: serveCommand,
  smoke: smokeCommand,
  validate: validateCommand,
};

/**
 * Runs the command line `args` (without `node` and the script) and resolves
 * with the exit code.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    if (command === 'help' && rest[0] && COMMANDS[rest[0]]) return runCli([rest[0], '--help'], io);
    io.out(MAIN_HELP);
    return command === undefined ? EXIT_USAGE : 0;
  }
  if (command === '-v' || command === '--version' || command === 'version') {
    io.out(await packageVersion());
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`aicmo: unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(', ')}.`);
    io.err('Run "aicmo --help" for usage.');
    return EXIT_USAGE;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    // A bug, not a user error: say so plainly, without payloads.
    const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.err(`aicmo ${command}: unexpected error (${name}). Please report it.`);
    return command === 'smoke' || command === 'generate' ? 4 : 1;
  }
}
