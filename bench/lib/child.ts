/**
 * Running a piece of a benchmark in its own Node process (TypeScript through tsx): every benchmark
 * starts from a clean heap, so one benchmark's garbage or JIT state never shows up in another's
 * figures, and servers under test never share a CPU queue with the load generator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const projectRoot = resolve(benchDir, '..');

const RESULT_PREFIX = '@@bench ';

/** In a child: hand a JSON value to the parent (one line on stdout). */
export function emit(value: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(value)}\n`);
}

/** In a child: a progress line for the person watching (stderr, so it never mixes with results). */
export function log(message: string): void {
  process.stderr.write(`  · ${message}\n`);
}

export interface ChildOptions {
  /** Extra Node flags, e.g. --expose-gc or --max-old-space-size. */
  nodeFlags?: string[];
  env?: Record<string, string>;
}

/** The command line that runs a TypeScript file of this project in a fresh Node process. */
export function nodeArgs(script: string, args: string[] = [], flags: string[] = []): string[] {
  return [...flags, '--import', 'tsx', resolve(benchDir, script), ...args];
}

/** Run a child script to completion and return the values it emitted; throws on a non-zero exit. */
export async function runChild<T>(script: string, args: string[] = [], options: ChildOptions = {}): Promise<T[]> {
  const child = spawn(process.execPath, nodeArgs(script, args, options.nodeFlags), {
    cwd: projectRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const values: T[] = [];
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    if (line.startsWith(RESULT_PREFIX)) values.push(JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
    else if (line.trim() !== '') process.stderr.write(`  | ${line}\n`);
  });
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('close', (c) => done(c));
  });
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited with code ${code}`);
  return values;
}

/**
 * A long-running child (a server under test): resolves with the first value it emits (e.g. its port).
 * `stop()` sends SIGTERM and returns every value emitted after the first (e.g. a final count).
 */
export async function startChild<T, F = unknown>(
  script: string,
  args: string[] = [],
  options: ChildOptions = {},
): Promise<{ child: ChildProcess; ready: T; stop(): Promise<F[]> }> {
  const child = spawn(process.execPath, nodeArgs(script, args, options.nodeFlags), {
    cwd: projectRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((done) => child.once('close', (c) => done(c)));
  const later: F[] = [];
  const ready = await new Promise<T>((done, fail) => {
    let first = true;
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith(RESULT_PREFIX)) {
        if (line.trim() !== '') process.stderr.write(`  | ${line}\n`);
        return;
      }
      const value: unknown = JSON.parse(line.slice(RESULT_PREFIX.length));
      if (first) done(value as T);
      else later.push(value as F);
      first = false;
    });
    child.once('error', fail);
    void exited.then((c) => fail(new Error(`${script} exited with code ${c} before it was ready`)));
  });
  return {
    child,
    ready,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      return later;
    },
  };
}

/** Run a program that is not Node (e.g. Rscript) to completion; null when it is not installed. */
export async function runProgram(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string } | null> {
  const child = spawn(command, args, { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((done, fail) => {
    child.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? done(null) : fail(error)));
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}
