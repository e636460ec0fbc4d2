/**
 * Answering again for another target (another overleg) under the same invitation: which round it
 * is, which targets the earlier responses were about (marked, and not to be chosen again, except the
 * "anders" option, which can name a different one each time), and the answers about the person
 * (function, attendance) filled in again from the latest earlier response.
 */
import { indexOf, type Questionnaire } from '../questionnaire/normalize.js';
import type { Question } from '../questionnaire/schema.js';
import { moduleOf } from '../questionnaire/types/index.js';
import type { Values } from '../questionnaire/variables.js';

const ordinals = ['eerste', 'tweede', 'derde', 'vierde', 'vijfde', 'zesde', 'zevende', 'achtste', 'negende', 'tiende'];

/** "tweede", "derde", …, "21e". */
export function ordinal(n: number): string {
  return ordinals[n - 1] ?? `${n}e`;
}

export interface RepeatRound {
  /** 2 for the second response under the invitation. */
  round: number;
  /** "U vult de vragenlijst nu in voor een tweede overleg." */
  sentence: string;
  /** The target question, when the questionnaire names one. */
  target: string | null;
  /** Target codes of the earlier responses that may not be chosen again. */
  done: number[];
  /** Their labels, for "U hebt de vragenlijst al ingevuld voor: …". */
  doneLabels: string[];
  /** The carried-over answers (about the person), from the latest earlier response. */
  carry: Values;
}

function targetQuestion(questionnaire: Questionnaire): Question | undefined {
  const code = questionnaire.repeat?.target;
  return code ? indexOf(questionnaire).question.get(code) : undefined;
}

/** The round of a repeat, from the answers of the earlier responses (oldest first; [] when they are not known). */
export function repeatRound(questionnaire: Questionnaire, round: number, earlier: readonly Values[]): RepeatRound {
  const repeat = questionnaire.repeat;
  const target = targetQuestion(questionnaire);
  const options = target?.type === 'single' ? target.options : [];
  const chosen = target ? earlier.map((v) => v[target.code]).filter((v): v is number => typeof v === 'number') : [];
  const done = [...new Set(chosen)].filter((v) => options.some((o) => o.value === v && !o.other));
  const doneLabels = target ? earlier.flatMap((v) => moduleOf(target).answerText(v).map((line) => line.text ?? '')).filter((t) => t !== '') : [];
  const last = earlier.at(-1) ?? {};
  const carry: Values = {};
  for (const code of repeat?.carryOver ?? []) {
    const q = indexOf(questionnaire).question.get(code);
    if (!q) continue;
    for (const v of moduleOf(q).variables()) if (last[v.code] !== undefined && last[v.code] !== null) carry[v.code] = last[v.code]!;
  }
  return {
    round,
    sentence: `U vult de vragenlijst nu in voor een ${ordinal(round)} ${repeat?.noun ?? 'overleg'}.`,
    target: target?.code ?? null,
    done,
    doneLabels: [...new Set(doneLabels)],
    carry,
  };
}

/** The message when the answers choose a target an earlier response was already about. */
export function repeatFault(questionnaire: Questionnaire, r: RepeatRound, values: Values): { code: string; error: string } | undefined {
  const target = targetQuestion(questionnaire);
  if (!target || target.type !== 'single') return undefined;
  const value = values[target.code];
  if (typeof value !== 'number' || !r.done.includes(value)) return undefined;
  const label = target.options.find((o) => o.value === value)?.label ?? String(value);
  return { code: target.code, error: `U hebt de vragenlijst al ingevuld voor “${label}”. Kies waarvoor u haar nu invult.` };
}
