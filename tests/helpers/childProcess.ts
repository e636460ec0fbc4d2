/**
 * The real server and command line as child processes, for the tests that stop them the hard way
 * (SIGKILL mid-batch) or check how they start and stop. Waiting is done on the child's own events —
 * a line of output, its exit — never on a timer that guesses how long a loaded machine needs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../server/config.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  process: ChildProcess;
  pid: number;
  /** Resolves when the process has exited (and its output is read). */
  exited: Promise<Exit>;
  stdout(): string;
  stderr(): string;
  /** stdout and stderr interleaved as they arrived. */
  output(): string;
  /** Resolves with the first output line matching `pattern`; rejects when the process exits before printing one. */
  waitForLine(pattern: RegExp): Promise<string>;
  /** Send a signal; a process that has not exited `stopTimeoutMs` later is SIGKILLed and `exited` rejects, so a hanging shutdown fails the test. */
  kill(signal: NodeJS.Signals): void;
}

export interface SpawnOptions {
  /** The working folder (default: the project's). */
  cwd?: string;
  /** Added to the test's own environment. */
  env?: Record<string, string>;
  /** Its own process group (so that a test can kill whatever it started, e.g. under `npm start`). */
  detached?: boolean;
  /** How long the process may take to exit after kill() (default 60 s). */
  stopTimeoutMs?: number;
}

/** Spawn `command` (in the project folder unless told otherwise) with its output collected. */
export function spawnChild(command: string, args: string[], options: SpawnOptions = {}): Child {
  const child = spawn(command, args, {
    cwd: options.cwd ?? projectRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  const lineWaiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  let partial = '';
  const complete = (lines: string[]) => {
    for (const line of lines)
      for (const waiter of [...lineWaiters])
        if (waiter.pattern.test(line)) {
          lineWaiters.splice(lineWaiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
  };
  const receive = (chunk: string) => {
    output += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    complete(lines);
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    receive(d);
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    receive(d);
  });
  let exit: Exit | undefined;
  let rejectExit: (error: Error) => void = () => undefined;
  let guard: NodeJS.Timeout | undefined;
  const exited = new Promise<Exit>((resolve, reject) => {
    rejectExit = reject;
    // 'close' rather than 'exit': all output has been read by then
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      complete([partial]);
      exit = { code, signal };
      resolve(exit);
    });
  });
  // a test that never awaits `exited` must not see an unhandled rejection
  exited.catch(() => undefined);
  const stopTimeoutMs = options.stopTimeoutMs ?? 60_000;
  return {
    process: child,
    pid: child.pid!,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    output: () => output,
    waitForLine(pattern) {
      // complete lines only: a number half printed must not match
      const lines = output.split('\n');
      const seen = (exit ? lines : lines.slice(0, -1)).find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      if (exit) return Promise.reject(new Error(`exited (${JSON.stringify(exit)}) without printing ${pattern}:\n${output}`));
      return new Promise<string>((resolve, reject) => {
        lineWaiters.push({ pattern, resolve });
        void exited.then((e) => reject(new Error(`exited (${JSON.stringify(e)}) without printing ${pattern}:\n${output}`)), reject);
      });
    },
    kill(signal) {
      child.kill(signal);
      if (guard || exit || signal === 'SIGKILL') return;
      guard = setTimeout(() => {
        child.kill('SIGKILL');
        rejectExit(new Error(`still running ${stopTimeoutMs} ms after ${signal}:\n${output}`));
      }, stopTimeoutMs);
    },
  };
}

/** A TypeScript entry point of the project (e.g. server/cli.ts) run by node with tsx, as `npm run …` does. */
export function spawnTsx(script: string, args: string[], options: SpawnOptions = {}): Child {
  return spawnChild(process.execPath, ['--import', 'tsx', join(projectRoot, script), ...args], options);
}

/**
 * A port that was free a moment ago on 127.0.0.1, drawn below the kernel's ephemeral range
 * (32768-60999): a port the kernel handed out (listen(0)) is the very kind it hands again to the next
 * outgoing connection of any process, which then takes it before the child server binds it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await isFree(port)) return port;
    if (attempt > 50) throw new Error('no free port found between 20000 and 32000');
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Fastify's info line once the server accepts connections (after migrations and questionnaire checks). */
export const LISTENING = /"msg":"Server listening at /;

export interface ServerChild extends Child {
  /** Resolves once the server listens; rejects when it exits first. */
  listening(): Promise<void>;
}

/**
 * The launcher (`server/server.ts`) as `npm start` runs it, on loopback, with `env` on top of the
 * test's environment. It logs at info level, because the line that says it listens is an info line.
 */
export function launchServer(env: Record<string, string>, options: Omit<SpawnOptions, 'env'> = {}): ServerChild {
  const child = spawnTsx('server/server.ts', [], { ...options, env: { HOST: '127.0.0.1', ...env, LOG_LEVEL: 'info' } });
  return { ...child, listening: () => child.waitForLine(LISTENING).then(() => undefined) };
}

/** `npm run cli -- <args>` as a child process. */
export function spawnCli(args: string[], env: Record<string, string>): Child {
  return spawnTsx('server/cli.ts', args, { env });
}
