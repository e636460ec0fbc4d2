/** Checks of the questionnaire-wide settings that name questions: the completion rule and repeat. */
import type { QuestionnaireFile } from '../schema.js';
import type { FileIndex } from './model.js';
import { moreThan, quoted, unknownCode } from './model.js';
import { aTypeName } from './names.js';

type Fault = (path: string, message: string) => void;

/** The completion rule: aspects that exist, items that are answers of the response (not contact answers), counts that can be reached. */
export function checkCompletion(file: QuestionnaireFile, index: FileIndex, fault: Fault): void {
  const rule = file.completion;
  if (!rule) return;
  if (rule.minAspectsScored !== undefined && rule.minAspectsScored > file.aspects.length) {
    fault(
      'completion.minAspectsScored',
      file.aspects.length === 0
        ? 'de vragenlijst heeft geen aspecten om te scoren'
        : moreThan('minAspectsScored', rule.minAspectsScored, 'aspecten', file.aspects.length),
    );
  }
  const counted = rule.minAnswered;
  if (!counted) return;
  const seen = new Map<string, number>();
  counted.items.forEach((code, k) => {
    const at = `completion.minAnswered.items[${k}]`;
    const prior = seen.get(code);
    if (prior !== undefined) fault(at, `${quoted(code)} staat twee keer in de lijst (ook items[${prior}])`);
    else seen.set(code, k);
    const owner = index.question.get(code)?.question ?? index.variable.get(code)?.owner.question;
    if (!owner) fault(at, unknownCode(code));
    else if (owner.contact) fault(at, `${quoted(code)} hoort bij contactvraag ${quoted(owner.code)}, die apart van de antwoorden wordt bewaard`);
  });
  if (counted.count > counted.items.length) {
    fault('completion.minAnswered.count', moreThan('count', counted.count, 'codes in "items"', counted.items.length));
  }
}

/** Repeat: a single-choice target and carried-over questions that exist, are part of the response and are not the target. */
export function checkRepeat(file: QuestionnaireFile, index: FileIndex, fault: Fault): void {
  const repeat = file.repeat;
  if (!repeat) return;
  const question = (code: string, at: string) => {
    const located = index.question.get(code);
    if (!located) {
      const variable = index.variable.get(code);
      fault(at, variable ? `${quoted(code)} is ${variable.what}, geen vraag` : unknownCode(code));
      return undefined;
    }
    if (located.question.contact) fault(at, `${quoted(code)} is een contactvraag, die apart van de antwoorden wordt bewaard`);
    return located.question;
  };
  if (repeat.target !== undefined) {
    const target = question(repeat.target, 'repeat.target');
    if (target && target.type !== 'single') fault('repeat.target', `${quoted(target.code)} is ${aTypeName(target)}; "target" moet een enkele keuzevraag zijn`);
  }
  const seen = new Map<string, number>();
  repeat.carryOver.forEach((code, k) => {
    const at = `repeat.carryOver[${k}]`;
    const prior = seen.get(code);
    if (prior !== undefined) fault(at, `${quoted(code)} staat twee keer in de lijst (ook carryOver[${prior}])`);
    else seen.set(code, k);
    if (code === repeat.target) fault(at, `${quoted(code)} is de "target" zelf en kan niet in "carryOver" staan: elke nieuwe invulling gaat juist over een ander antwoord op ${quoted(code)}`);
    else question(code, at);
  });
}
