/** Small source trees written to temp folders, for the checks of `npm run lint` to run on. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { projectRoot } from '../../server/config.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Write `files` (path → source) into a fresh temp folder, removed after the test file; with
 * `nodeModules` the folder links to the project's node_modules, so package imports resolve.
 */
export function sourceTree(files: Record<string, string>, options: { nodeModules?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'vhtree-'));
  dirs.push(dir);
  if (options.nodeModules) symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), `${source}\n`);
  }
  return dir;
}
