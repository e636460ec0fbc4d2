/**
 * Running a command-line command in the test process, with its output captured: what a researcher
 * would see on stdout and stderr, and the exit code.
 */
import { runCli } from '../../server/cli.js';
import type { Command } from '../../server/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `command` (by default the whole command line, `npm run cli -- …`) with these arguments. */
export async function runCaptured(argv: string[], command: Command = runCli): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await command(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** `npm run cli -- <argv…>`, captured. */
export const cli = (...argv: string[]): Promise<CliResult> => runCaptured(argv);
