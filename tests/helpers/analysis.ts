/**
 * The analysis test questionnaire and data (tests/fixtures/analysis/) and assertions on computed
 * numbers: close to a reference value, and never NaN or Infinity.
 */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { loadQuestionnaire } from './questionnaire.js';

export const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/analysis/${name}`, import.meta.url));

/** The analysis test questionnaire (tests/fixtures/analysis/analyse-test.json). */
export const testQuestionnaire = () => loadQuestionnaire(fixturePath('analyse-test.json'));

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
