/**
 * The analysis test questionnaire and data (tests/fixtures/analysis/) and assertions on computed
 * numbers: close to a reference value, and never NaN or Infinity.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { CovarianceAccumulator, type SquareMatrix } from '../../server/domain/stats/covariance.js';
import { loadQuestionnaire } from './questionnaire.js';

export const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/analysis/${name}`, import.meta.url));

/** The analysis test questionnaire (tests/fixtures/analysis/analyse-test.json). */
export const testQuestionnaire = () => loadQuestionnaire(fixturePath('analyse-test.json'));

/** R's `attitude` data set (tests/fixtures/analysis/attitude.csv): 30 departments × 7 survey items, in R's column order. */
export function attitude(): { names: string[]; rows: number[][] } {
  const [header, ...lines] = readFileSync(fixturePath('attitude.csv'), 'utf8').trim().split('\n');
  return { names: header!.split(',').map((n) => JSON.parse(n) as string), rows: lines.map((l) => l.split(',').map(Number)) };
}

/** The sample covariance matrix of complete rows, accumulated as the analysis does. */
export function covarianceOf(rows: readonly number[][]): SquareMatrix {
  const acc = new CovarianceAccumulator(rows[0]!.length);
  for (const row of rows) acc.push(row);
  const cov = acc.covariance();
  if (!cov) throw new Error('fewer than two rows');
  return cov;
}

/** Every number in the value is finite, and the JSON has no NaN or Infinity. */
export function expectAllFinite(value: unknown): void {
  const bad: string[] = [];
  const walk = (x: unknown, path: string) => {
    if (typeof x === 'number' && !Number.isFinite(x)) bad.push(`${path} = ${x}`);
    else if (Array.isArray(x)) x.forEach((y, i) => walk(y, `${path}[${i}]`));
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) walk(y, `${path}.${k}`);
  };
  walk(value, '$');
  expect(bad).toEqual([]);
  expect(JSON.stringify(value)).not.toMatch(/NaN|Infinity/);
}

export const close = (actual: number | null | undefined, expected: number, tol = 1e-9) => {
  expect(actual).not.toBeNull();
  expect(actual).not.toBeUndefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThan(tol);
};
