/** Checks of what groups the answers: aspects over Likert statements, and background variables with their bands. */
import type { BackgroundVariable, QuestionnaireFile } from '../schema.js';
import { moduleOf } from '../types/index.js';
import type { Grouping } from '../types/module.js';
import type { Question } from '../types/union.js';
import type { FileIndex, LocatedVariable } from './model.js';
import { listOf } from './model.js';
import { aTypeName } from './names.js';

type Fault = (path: string, message: string) => void;

/** The statement of a scale that a variable is, if it is one. */
function scaleItem(index: FileIndex, v: LocatedVariable) {
  return moduleOf(index.resolved(v.owner))
    .scaleItems()
    .find((item) => item.code === v.variable.code);
}

/** Aspects: unique ids, items that are statements of a scale (each in one aspect), on the same scale points. */
export function checkAspects(file: QuestionnaireFile, index: FileIndex, fault: Fault): void {
  const ids = new Map<string, number>();
  const placed = new Map<string, { aspect: number; item: number }>();
  file.aspects.forEach((aspect, a) => {
    const base = `aspects[${a}]`;
    const prior = ids.get(aspect.id);
    if (prior !== undefined) fault(`${base}.id`, `duplicate aspect id "${aspect.id}": also aspects[${prior}].id`);
    else ids.set(aspect.id, a);
    let reference: { code: string; item: number; points: number[] } | undefined;
    aspect.items.forEach((code, k) => {
      const at = `${base}.items[${k}]`;
      const candidates = index.variables.filter((v) => v.variable.code === code);
      const target = candidates.find((v) => scaleItem(index, v)) ?? index.variable.get(code);
      const item = target && scaleItem(index, target);
      const question = index.question.get(code);
      if (!target || !item) {
        const parts = question ? moduleOf(index.resolved(question)).scaleItems() : [];
        if (question && parts.length) fault(at, `"${code}" is ${aTypeName(question.question)}; list its statements (${parts.map((s) => s.code).join(', ')}) instead`);
        else if (question) fault(at, `"${code}" is ${aTypeName(question.question)}, not a Likert statement`);
        else if (target) fault(at, `"${code}" is ${target.what}, not a Likert statement`);
        else fault(at, `refers to "${code}", which does not exist`);
        return;
      }
      const other = placed.get(code);
      if (other?.aspect === a) fault(at, `"${code}" is listed twice in this aspect (also items[${other.item}])`);
      else if (other) fault(at, `"${code}" is already in aspect "${file.aspects[other.aspect]!.id}" (aspects[${other.aspect}].items[${other.item}])`);
      else placed.set(code, { aspect: a, item: k });
      const points = item.valid.map((o) => o.value).sort((x, y) => x - y);
      if (!reference) reference = { code, item: k, points };
      else if (points.join() !== reference.points.join()) {
        fault(at, `"${code}" is answered on a different scale (${listOf(points)}) than "${reference.code}" (${listOf(reference.points)}, items[${reference.item}]); an aspect score averages its items`);
      }
    });
    if (aspect.minAnswered !== undefined && aspect.minAnswered > aspect.items.length) {
      fault(`${base}.minAnswered`, `minAnswered ${aspect.minAnswered} is more than the ${aspect.items.length} items of this aspect`);
    }
  });
}

/** Background variables: unique ids, a question that can group respondents, bands that can group its answers. */
export function checkBackground(file: QuestionnaireFile, index: FileIndex, fault: Fault): void {
  const ids = new Map<string, number>();
  file.background.forEach((bg, b) => {
    const base = `background[${b}]`;
    const prior = ids.get(bg.id);
    if (prior !== undefined) fault(`${base}.id`, `duplicate background variable id "${bg.id}": also background[${prior}].id`);
    else ids.set(bg.id, b);
    const located = index.question.get(bg.question);
    const needed = 'a background variable needs a single-choice, yes/no or number question';
    if (!located) {
      const variable = index.variable.get(bg.question);
      fault(`${base}.question`, variable ? `"${bg.question}" is ${variable.what}, not a question; ${needed}` : `refers to "${bg.question}", which does not exist`);
      return;
    }
    const q = located.question;
    const grouping = moduleOf(q).grouping();
    if (!grouping) {
      fault(`${base}.question`, `${q.code} is ${aTypeName(q)}; ${needed}`);
      return;
    }
    if (q.contact) fault(`${base}.question`, `${q.code} is a contact question, stored apart from the responses; it cannot group them`);
    if (bg.bands) checkBands(bg.bands, base, q, grouping, fault);
  });
}

function checkBands(bands: NonNullable<BackgroundVariable['bands']>, base: string, q: Question, grouping: Grouping, fault: Fault): void {
  if (grouping.kind === 'options' && !grouping.bands) {
    fault(`${base}.bands`, `${q.code} is ${aTypeName(q)}; there is nothing to group into bands`);
    return;
  }
  const lo = (x: { min?: number }) => x.min ?? -Infinity;
  const hi = (x: { max?: number }) => x.max ?? Infinity;
  const labels = new Map<string, number>();
  bands.forEach((band, n) => {
    if (band.min !== undefined && band.max !== undefined && band.min > band.max) fault(`${base}.bands[${n}]`, `min ${band.min} is greater than max ${band.max}`);
    const same = labels.get(band.label);
    if (same !== undefined) fault(`${base}.bands[${n}].label`, `duplicate band label "${band.label}": also bands[${same}]`);
    else labels.set(band.label, n);
    for (let m = 0; m < n; m++) {
      const other = bands[m]!;
      if (Math.max(lo(band), lo(other)) <= Math.min(hi(band), hi(other))) {
        fault(`${base}.bands[${n}]`, `overlaps band "${other.label}" (bands[${m}]): an answer must fall in one band only`);
        break;
      }
    }
  });
  if (grouping.kind !== 'options') return;
  // bands apply to what the options mean
  const { options } = grouping;
  const substantive = options.filter((o) => !o.missing);
  if (!substantive.some((o) => o.meaning !== undefined)) {
    fault(`${base}.bands`, `the options of ${q.code} have no "meaning", so there is nothing to group into bands (bands apply to meanings, never to option codes)`);
    return;
  }
  for (const o of substantive) {
    const k = options.indexOf(o);
    if (o.meaning === undefined) fault(`${base}.bands`, `option ${o.value} ("${o.label}", options[${k}]) of ${q.code} has no "meaning", so it falls in no band`);
    else if (!bands.some((band) => o.meaning! >= lo(band) && o.meaning! <= hi(band))) {
      fault(`${base}.bands`, `option ${o.value} ("${o.label}", meaning ${o.meaning}) of ${q.code} falls in no band`);
    }
  }
}
