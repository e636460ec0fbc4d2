import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../server/domain/questionnaire/lint.js';
import { normalize } from '../../../server/domain/questionnaire/normalize.js';
import { route } from '../../../server/domain/questionnaire/routing.js';
import type { Condition } from '../../../server/domain/questionnaire/schema.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { base, file, type Raw } from '../../helpers/questionnaire.js';

/** The element a fault path names, or undefined when the path leads nowhere. */
function at(raw: unknown, path: string): unknown {
  let node: unknown = raw;
  for (const [, key, index] of path.matchAll(/\.?([^.[\]]+)|\[(\d+)\]/g)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key ?? Number(index)];
  }
  return node;
}

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const codes = ['Q1', 'Q2', 'Q3', 'Q4', 'Q4_1', 'Q4_other', 'Q5', 'Q6', 'Q6_1', 'Q7_2', 'Q8', 'Q99'];
const constants = [0, 1, 2, 3, 4, 9, 10, 50, 100, 999, 'geen'] as const;
const numbers = fc.constantFrom(0, 1, 2, 3, 9, 10, 50, 99.5, 100, 999);

const comparison: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ q: fc.constantFrom(...codes), equals: fc.constantFrom(...constants) }),
  fc.record({ q: fc.constantFrom(...codes), notEquals: fc.constantFrom(...constants) }),
  fc.record({ q: fc.constantFrom(...codes), in: fc.array(fc.constantFrom(...constants), { minLength: 1, maxLength: 3 }) }),
  fc.record({ q: fc.constantFrom(...codes), includes: fc.constantFrom(1, 3, 4, 7) }),
  fc.record({ q: fc.constantFrom(...codes), gt: numbers }),
  fc.record({ q: fc.constantFrom(...codes), lte: numbers }),
  fc.record({ q: fc.constantFrom(...codes), answered: fc.boolean() }),
);
const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.record({ all: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('c') }),
  ),
})).c;

/** Conditions on page 1 ("oordeel"), page 2 ("slot") and their blocks. */
function conditionsOf(early: fc.Arbitrary<Condition>, late: fc.Arbitrary<Condition>) {
  return fc.record({ page1: early, page2: late, q7: early, q8: late, q9: late }, { requiredKeys: [] });
}
const conditions = conditionsOf(condition, condition);

/** Comparisons lint accepts: earlier questions, answers they can have. Contradictions come from combining them. */
const answerable = (q: string, values: readonly number[], extra: Array<fc.Arbitrary<Condition>> = []) =>
  fc.oneof(
    fc.record({ q: fc.constant(q), equals: pick(values) }),
    fc.record({ q: fc.constant(q), notEquals: pick(values) }),
    fc.record({ q: fc.constant(q), in: fc.array(pick(values), { minLength: 1, maxLength: 2 }) }),
    fc.record({ q: fc.constant(q), answered: fc.boolean() }),
    ...extra,
  );
const between = (q: string, bounds: readonly number[]) => [fc.record({ q: fc.constant(q), gt: pick(bounds) }), fc.record({ q: fc.constant(q), lte: pick(bounds) })];
const earlyComparison: fc.Arbitrary<Condition> = fc.oneof(
  answerable('Q1', [1, 2, 3], between('Q1', [1, 2])),
  answerable('Q2', [0, 1]),
  answerable('Q3', [0, 10, 50, 999], between('Q3', [0, 10, 10.5, 50, 99])),
  fc.record({ q: fc.constant('Q4'), includes: pick([1, 3, 4]) }),
  answerable('Q4_1', [0, 1]),
  fc.record({ q: fc.constant('Q5'), equals: pick(['geen', 'iets']) }),
);
const lateComparison: fc.Arbitrary<Condition> = fc.oneof(
  earlyComparison,
  answerable('Q6_1', [1, 4, 9], between('Q6_1', [1, 3])),
  answerable('Q7_2', [0, 10], between('Q7_2', [0, 50])),
);
const combined = (leaf: fc.Arbitrary<Condition>) =>
  fc.letrec<{ c: Condition }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ all: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('c'), { minLength: 1, maxLength: 2 }) }),
      fc.record({ not: tie('c') }),
    ),
  })).c;
const validConditions = conditionsOf(combined(earlyComparison), combined(lateComparison));

function withConditions(c: Partial<Record<'page1' | 'page2' | 'q7' | 'q8' | 'q9', Condition>>): Raw {
  const raw = base();
  if (c.page1) raw.pages[1]!.showIf = c.page1;
  if (c.page2) raw.pages[2]!.showIf = c.page2;
  if (c.q7) raw.pages[1]!.blocks[1]!.showIf = c.q7;
  if (c.q8) raw.pages[2]!.blocks[0]!.showIf = c.q8;
  if (c.q9) raw.pages[2]!.blocks[1]!.showIf = c.q9;
  return raw;
}

/** Answers to every question of base(), each possibly missing. */
const answers: fc.Arbitrary<Values> = fc.record(
  {
    Q1: pick([1, 2, 3]),
    Q2: pick([0, 1]),
    Q3: pick([0, 1, 9, 10, 11, 50, 99, 100, 999]),
    Q4_1: pick([0, 1]),
    Q4_3: pick([0, 1]),
    Q4_4: pick([0, 1]),
    Q4_other: pick(['geen', 'iets']),
    Q5: pick(['geen', 'iets', '10']),
    Q6_1: pick([1, 2, 3, 4, 9]),
    Q7_1: pick([0, 50, 100]),
    Q7_2: pick([0, 10, 50, 100]),
    Q8_1: pick(['Halt']),
  },
  { requiredKeys: [] },
);

describe('lint on random conditions', () => {
  it('never throws, and every fault path names an element of the file', () => {
    fc.assert(
      fc.property(conditions, (c) => {
        const raw = withConditions(c);
        for (const fault of lint(file(raw))) expect(at(raw, fault.path), fault.path).toBeDefined();
      }),
      { numRuns: 400, seed: 20261122 },
    );
  });

  it('only calls a page or question unreachable when no set of answers reaches it', () => {
    let claims = 0;
    fc.assert(
      fc.property(validConditions, fc.array(answers, { minLength: 40, maxLength: 40 }), (c, samples) => {
        const parsed = file(withConditions(c));
        const q = normalize(parsed);
        const never = lint(parsed).filter((f) => /nooit getoond/.test(f.message));
        claims += never.length;
        for (const fault of never) {
          const page = Number(/^pages\[(\d+)\]/.exec(fault.path)?.[1]);
          const block = /\.blocks\[(\d+)\]\.showIf$/.exec(fault.path)?.[1];
          const code = block === undefined ? undefined : (parsed.pages[page]!.blocks[Number(block)] as { code?: string }).code;
          for (const values of samples) {
            const r = route(q, values);
            if (code) expect(r.shown.has(code), `${fault.path} ${JSON.stringify(values)}`).toBe(false);
            else if (block === undefined) expect(r.pages, `${fault.path} ${JSON.stringify(values)}`).not.toContain(page);
          }
        }
      }),
      { numRuns: 200, seed: 20261123 },
    );
    // the generator makes contradictions often enough for this to test something
    expect(claims).toBeGreaterThan(40);
  });
});
