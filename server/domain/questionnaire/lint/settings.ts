/** Checks of the questionnaire-wide settings that name questions: the completion rule and repeat. */
import type { QuestionnaireFile } from '../schema.js';
import type { FileIndex } from './model.js';
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
        ? 'the questionnaire has no aspects to score'
        : `minAspectsScored ${rule.minAspectsScored} is more than the ${file.aspects.length} aspects`,
    );
  }
  const counted = rule.minAnswered;
  if (!counted) return;
  const seen = new Map<string, number>();
  counted.items.forEach((code, k) => {
    const at = `completion.minAnswered.items[${k}]`;
    const prior = seen.get(code);
    if (prior !== undefined) fault(at, `"${code}" is listed twice (also items[${prior}])`);
    else seen.set(code, k);
    const owner = index.question.get(code)?.question ?? index.variable.get(code)?.owner.question;
    if (!owner) fault(at, `refers to "${code}", which does not exist`);
    else if (owner.contact) fault(at, `"${code}" belongs to contact question ${owner.code}, which is stored apart from the response`);
  });
  if (counted.count > counted.items.length) {
    fault('completion.minAnswered.count', `count ${counted.count} is more than the ${counted.items.length} items`);
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
      fault(at, variable ? `"${code}" is ${variable.what}, not a question` : `refers to "${code}", which does not exist`);
      return undefined;
    }
    if (located.question.contact) fault(at, `${code} is a contact question, stored apart from the response`);
    return located.question;
  };
  if (repeat.target !== undefined) {
    const target = question(repeat.target, 'repeat.target');
    if (target && target.type !== 'single') fault('repeat.target', `${target.code} is ${aTypeName(target)}; the target must be a single-choice question`);
  }
  const seen = new Map<string, number>();
  repeat.carryOver.forEach((code, k) => {
    const at = `repeat.carryOver[${k}]`;
    const prior = seen.get(code);
    if (prior !== undefined) fault(at, `"${code}" is listed twice (also carryOver[${prior}])`);
    else seen.set(code, k);
    if (code === repeat.target) fault(at, `${code} is the repeat target; a new response is about another one`);
    else question(code, at);
  });
}
