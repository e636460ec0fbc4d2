/** JSON paths as faults name them: `pages[2].blocks[1].showIf`. */

/** `['pages', 2, 'blocks', 1, 'showIf']` → `pages[2].blocks[1].showIf`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}
