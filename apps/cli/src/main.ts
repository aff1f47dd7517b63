#!/usr/bin/env node
/**
 * The `stablegrad` binary.
 *
 * @module
 */
import { runCli } from './commands/program.js';

process.exitCode = await runCli(process.argv.slice(2));
