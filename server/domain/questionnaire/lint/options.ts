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
    if (prior !== undefined) fault(`${at}.value`, `antwoordwaarde ${o.value} komt twee keer voor (ook ${path}[${prior}])`);
    else values.set(o.value, k);
    if (o.other) {
      if (kind !== 'single' && kind !== 'multi') fault(`${at}.other`, 'alleen een antwoordoptie van een enkele keuzevraag of een meerkeuzevraag kan om een eigen tekst vragen ("other")');
      else if (other !== undefined) fault(`${at}.other`, `maar één antwoordoptie kan om een eigen tekst vragen ("other"); ${path}[${other}] doet dat al`);
      else other = k;
    }
    if (o.otherLabel !== undefined && !o.other) fault(`${at}.otherLabel`, '"otherLabel" doet niets zonder "other": true');
    if (o.exclusive && kind !== 'multi') fault(`${at}.exclusive`, 'alleen een antwoordoptie van een meerkeuzevraag kan exclusief zijn ("exclusive")');
    if (o.missing && kind === 'multi') {
      fault(`${at}.missing`, 'een antwoordoptie van een meerkeuzevraag kan geen ontbrekende waarde ("missing") zijn: elke antwoordoptie wordt bewaard als gekozen (1) of niet gekozen (0); maak haar in plaats daarvan exclusief ("exclusive")');
    }
  });
}
