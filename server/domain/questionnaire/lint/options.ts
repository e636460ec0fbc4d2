/** Checks of an option list: unique values, and flags that mean something for its kind of list. */
import type { Option } from '../parts.js';
import type { OptionList } from './model.js';

/** Report the faults of an option list at `path`. */
export function checkOptions(options: Option[], path: string, kind: OptionList, fault: (path: string, message: string) => void): void {
  const values = new Map<number, number>();
  let other: number | undefined;
  options.forEach((o, k) => {
    const at = kind === 'dontKnow' ? path : `${path}[${k}]`;
    const prior = values.get(o.value);
    if (prior !== undefined) fault(`${at}.value`, `option value ${o.value} is used twice (also ${path}[${prior}])`);
    else values.set(o.value, k);
    if (o.other) {
      if (kind !== 'single' && kind !== 'multi') fault(`${at}.other`, 'only a single- or multiple-choice option can ask for an "other" text');
      else if (other !== undefined) fault(`${at}.other`, `only one option can ask for an "other" text; ${path}[${other}] already does`);
      else other = k;
    }
    if (o.otherLabel !== undefined && !o.other) fault(`${at}.otherLabel`, 'otherLabel has no effect without "other": true');
    if (o.exclusive && kind !== 'multi') fault(`${at}.exclusive`, 'only a multiple-choice option can be exclusive');
    if (o.missing && kind === 'multi') {
      fault(`${at}.missing`, 'a multiple-choice option cannot be a declared missing value: each option is stored as chosen (1) or not (0); make it exclusive instead');
    }
  });
}
