/**
 * Bounds on showIf conditions, checked on the raw JSON before the schema: a condition nested
 * thousands of levels deep overflowed the stack of the recursive schema and checks ("Maximum call
 * stack size exceeded", without a location), and an `any` of 100,000 parts kept the reachability
 * check busy for minutes. A questionnaire never needs either; the walk here uses no recursion, costs
 * one step per JSON value, and names the place of each fault.
 */

/** A broken limit and the JSON path where it is broken (the shape of a lint fault). */
export interface LimitFault {
  path: string;
  message: string;
}

/** Levels of all/any/not above a comparison. */
export const MAX_CONDITION_DEPTH = 10;
/** Parts (comparisons and all/any/not) of one showIf condition. */
export const MAX_CONDITION_PARTS = 100;
/** Values of one `in` comparison. */
export const MAX_IN_VALUES = 200;

type Json = unknown;

function isObject(x: Json): x is Record<string, Json> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The first limit a condition breaks, with the path of the part that breaks it; null when within all limits. */
function conditionFault(condition: Json, path: string): LimitFault | null {
  const stack: Array<{ node: Json; depth: number; path: string }> = [{ node: condition, depth: 0, path }];
  let parts = 0;
  while (stack.length > 0) {
    const { node, depth, path: at } = stack.pop()!;
    if (!isObject(node)) continue;
    parts += 1;
    if (parts > MAX_CONDITION_PARTS) {
      return { path, message: `de voorwaarde heeft meer dan ${MAX_CONDITION_PARTS} delen (vergelijkingen en all/any/not); maak haar eenvoudiger` };
    }
    if (Array.isArray(node.in) && node.in.length > MAX_IN_VALUES) return { path: `${at}.in`, message: `hoogstens ${MAX_IN_VALUES} waarden (gevonden: ${node.in.length})` };
    const children: Array<[Json, string]> = [];
    for (const key of ['all', 'any'] as const) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach((c, i) => children.push([c, `${at}.${key}[${i}]`]));
    }
    if ('not' in node) children.push([node.not, `${at}.not`]);
    if (children.length === 0) continue;
    if (depth + 1 > MAX_CONDITION_DEPTH) return { path, message: `de voorwaarde is meer dan ${MAX_CONDITION_DEPTH} niveaus diep genest (all/any/not)` };
    for (const [child, childPath] of children) stack.push({ node: child, depth: depth + 1, path: childPath });
  }
  return null;
}

/** Every showIf (of a page or a block) that breaks a limit, one fault each, located by its JSON path. */
export function conditionLimitFaults(json: Json): LimitFault[] {
  if (!isObject(json) || !Array.isArray(json.pages)) return [];
  const faults: LimitFault[] = [];
  const check = (holder: Json, path: string) => {
    if (!isObject(holder) || holder.showIf === undefined) return;
    const fault = conditionFault(holder.showIf, `${path}.showIf`);
    if (fault) faults.push(fault);
  };
  json.pages.forEach((page, i) => {
    check(page, `pages[${i}]`);
    if (isObject(page) && Array.isArray(page.blocks)) page.blocks.forEach((block, j) => check(block, `pages[${i}].blocks[${j}]`));
  });
  return faults;
}
