/**
 * The command line in a test: a command run in the test process with its output captured (what a
 * researcher would see on stdout and stderr, and the exit code), and the environment it reads its
 * configuration from.
 */
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { runCli } from '../../server/cli.js';
import type { Command, Io } from '../../server/cli/io.js';
import type { TestApp } from './app.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** An Io that collects what a command prints. */
export function capturedIo(): { io: Io; stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  return { io: { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) }, stdout: () => stdout, stderr: () => stderr };
}

/** Run `command` (by default the whole command line, `npm run cli -- …`) with these arguments. */
export async function runCaptured(argv: string[], command: Command = runCli): Promise<CliResult> {
  const captured = capturedIo();
  const code = await command(argv, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** `npm run cli -- <argv…>`, captured. */
export const cli = (...argv: string[]): Promise<CliResult> => runCaptured(argv);

/**
 * Set the environment the command line reads, as a researcher's shell would: quiet logging, a real
 * BASE_URL (tests/helpers/setup.ts removes Vite's "/") and `env` on top. Undone by vi.unstubAllEnvs().
 */
export function stubCliEnvironment(env: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries({ LOG_LEVEL: 'silent', BASE_URL: 'http://survey.test', ...env })) vi.stubEnv(name, value);
}

/** The environment that points the command line at a test app: its database file, questionnaires and BASE_URL. */
export function appEnvironment(t: TestApp): Record<string, string> {
  return { DATABASE_FILE: t.config.databaseFile, QUESTIONNAIRES_DIR: t.config.questionnairesDir, BASE_URL: t.config.baseUrl };
}

/**
 * The command line's environment (stubCliEnvironment of `env()`) for each test of the file, or with
 * scope 'all' for the whole file, restored afterwards. Register it after the hooks that create what
 * `env()` reads (a test app, a temp folder).
 */
export function useCliEnvironment(env: () => Record<string, string>, scope: 'each' | 'all' = 'each'): void {
  const [before, after] = scope === 'each' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(() => stubCliEnvironment(env()));
  after(() => {
    vi.unstubAllEnvs();
  });
}
