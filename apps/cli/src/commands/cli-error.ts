/**
 * The error a command throws to end with a message and an exit code.
 *
 * @module
 */

/**
 * Ends a command: `message` (if not empty) is printed as `stablegrad: <message>` and the process
 * exits with `exitCode` (2 for bad input, by default).
 */
export class CliError extends Error {
  /** The exit code. */
  readonly exitCode: number;

  /** An error with a message that names the flag and says what to do. */
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
