#!/usr/bin/env node
/**
 * The `aicmo` command line: `aicmo serve`, `aicmo smoke`, `aicmo validate`.
 * Run `aicmo --help`.
 */
import { processIo } from './io.js';
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
