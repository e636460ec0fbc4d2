/**
 * The analysis engine is pure: everything report.ts loads, followed through every relative import,
 * is TypeScript under server/domain, and the only packages it reaches are stdlib's F and t quantiles
 * and the questionnaire schema's validator (zod) — no database, HTTP, mail or file system.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const ALLOWED_PACKAGES = new Set(['@stdlib/stats-base-dists-f-quantile', '@stdlib/stats-base-dists-t-quantile', 'zod']);
/** quantiles.ts loads the two stdlib packages on first use (synchronously, with createRequire), not at start. */
const ALLOWED_FROM: Record<string, string> = { 'node:module': 'server/domain/stats/quantiles.ts' };

/** Every module specifier of a file: static imports and re-exports, type-only ones included, import() and require(). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms),
    ...text.matchAll(/import\(\s*'([^']+)'\s*\)/g),
    ...text.matchAll(/\brequire\(\s*'([^']+)'\s*\)/g),
  ].map((m) => m[1]!);
}

function closure(entry: string): { files: string[]; packages: Array<[name: string, from: string]> } {
  const seen = new Set<string>();
  const packages: Array<[name: string, from: string]> = [];
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of specifiers(file)) {
      if (spec.startsWith('.')) stack.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.push([spec, relative(root, file)]);
    }
  }
  return { files: [...seen].map((f) => relative(root, f)), packages };
}

describe('the analysis engine', () => {
  it('imports nothing but domain code, the stdlib quantiles and zod, however deep', () => {
    const { files, packages } = closure(resolve(root, 'server/domain/analysis/report.ts'));
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) expect(file, file).toMatch(/^server\/domain\//);
    expect(files).toContain('server/domain/stats/feldt.ts');
    const outside = packages.filter(([name, from]) => !ALLOWED_PACKAGES.has(name) && ALLOWED_FROM[name] !== from).map(([name, from]) => `${name} (from ${from})`);
    expect(outside).toEqual([]);
  });
});
