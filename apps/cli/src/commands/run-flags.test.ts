import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addRunFlags, commandLine } from './run-flags.js';

describe('commandLine', () => {
  it('repeats the flags given on the command line, with their values, and leaves out defaults', () => {
    const command = addRunFlags(new Command('demo').exitOverride(), 'demo').action(() => {});
    command.parse(['--quick', '--corpus', 'my text.txt', '--name', 'x'], { from: 'user' });
    expect(commandLine(command)).toBe("stablegrad demo --quick --name x --corpus 'my text.txt'");
  });
});
