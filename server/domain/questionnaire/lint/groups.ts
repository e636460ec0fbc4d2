/** Checks of what groups the answers: aspects over Likert statements, and background variables with their bands. */
import type { BackgroundVariable, QuestionnaireFile } from '../schema.js';
import { moduleOf } from '../types/index.js';
import type { Grouping } from '../types/module.js';
import type { Question } from '../types/union.js';
import type { FileIndex, LocatedVariable } from './model.js';
import { listOf, minAboveMax, moreThan, quoted, unknownCode } from './model.js';
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
    if (prior !== undefined) fault(`${base}.id`, `dubbele aspect-id ${quoted(aspect.id)}: ook aspects[${prior}].id`);
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
        if (question && parts.length) fault(at, `${quoted(code)} is ${aTypeName(question.question)}; noem in plaats daarvan de uitspraken (${listOf(parts.map((s) => s.code))})`);
        else if (question) fault(at, `${quoted(code)} is ${aTypeName(question.question)}, geen uitspraak van een matrixvraag`);
        else if (target) fault(at, `${quoted(code)} is ${target.what}, geen uitspraak van een matrixvraag`);
        else fault(at, unknownCode(code));
        return;
      }
      const other = placed.get(code);
      if (other?.aspect === a) fault(at, `${quoted(code)} staat twee keer in dit aspect (ook items[${other.item}])`);
      else if (other) fault(at, `${quoted(code)} staat al in aspect ${quoted(file.aspects[other.aspect]!.id)} (aspects[${other.aspect}].items[${other.item}]); een uitspraak hoort bij één aspect`);
      else placed.set(code, { aspect: a, item: k });
      const points = item.valid.map((o) => o.value).sort((x, y) => x - y);
      if (!reference) reference = { code, item: k, points };
      else if (points.join() !== reference.points.join()) {
        fault(at, `${quoted(code)} heeft een andere schaal (${listOf(points)}) dan ${quoted(reference.code)} (${listOf(reference.points)}, items[${reference.item}]); een aspectscore is het gemiddelde van de uitspraken, dus die moeten dezelfde schaal hebben`);
      }
    });
    if (aspect.minAnswered !== undefined && aspect.minAnswered > aspect.items.length) {
      fault(`${base}.minAnswered`, moreThan('minAnswered', aspect.minAnswered, 'uitspraken van dit aspect', aspect.items.length));
    }
  });
}

/** Background variables: unique ids, a question that can group respondents, bands that can group its answers. */
export function checkBackground(file: QuestionnaireFile, index: FileIndex, fault: Fault): void {
  const ids = new Map<string, number>();
  file.background.forEach((bg, b) => {
    const base = `background[${b}]`;
    const prior = ids.get(bg.id);
    if (prior !== undefined) fault(`${base}.id`, `dubbele id ${quoted(bg.id)} van een achtergrondkenmerk: ook background[${prior}].id`);
    else ids.set(bg.id, b);
    const located = index.question.get(bg.question);
    const needed = 'een achtergrondkenmerk moet een enkele keuzevraag, een ja/nee-vraag of een getalvraag zijn';
    if (!located) {
      const variable = index.variable.get(bg.question);
      fault(`${base}.question`, variable ? `${quoted(bg.question)} is ${variable.what}, geen vraag; ${needed}` : unknownCode(bg.question));
      return;
    }
    const q = located.question;
    const grouping = moduleOf(q).grouping();
    if (!grouping) {
      fault(`${base}.question`, `${quoted(q.code)} is ${aTypeName(q)}; ${needed}`);
      return;
    }
    if (q.contact) fault(`${base}.question`, `${quoted(q.code)} is een contactvraag, die apart van de antwoorden wordt bewaard; daarnaar kan niet worden uitgesplitst`);
    if (bg.bands) checkBands(bg.bands, base, q, grouping, fault);
  });
}

function checkBands(bands: NonNullable<BackgroundVariable['bands']>, base: string, q: Question, grouping: Grouping, fault: Fault): void {
  if (grouping.kind === 'options' && !grouping.bands) {
    fault(`${base}.bands`, `${quoted(q.code)} is ${aTypeName(q)}; er valt niets in klassen ("bands") in te delen`);
    return;
  }
  const lo = (x: { min?: number }) => x.min ?? -Infinity;
  const hi = (x: { max?: number }) => x.max ?? Infinity;
  const labels = new Map<string, number>();
  bands.forEach((band, n) => {
    if (band.min !== undefined && band.max !== undefined && band.min > band.max) fault(`${base}.bands[${n}]`, minAboveMax(band.min, band.max));
    const same = labels.get(band.label);
    if (same !== undefined) fault(`${base}.bands[${n}].label`, `dubbel klasselabel ${quoted(band.label)}: ook bands[${same}]`);
    else labels.set(band.label, n);
    for (let m = 0; m < n; m++) {
      const other = bands[m]!;
      if (Math.max(lo(band), lo(other)) <= Math.min(hi(band), hi(other))) {
        fault(`${base}.bands[${n}]`, `overlapt met klasse ${quoted(other.label)} (bands[${m}]): een antwoord mag maar in één klasse vallen`);
        break;
      }
    }
  });
  if (grouping.kind !== 'options') return;
  // bands apply to what the options mean
  const { options } = grouping;
  const substantive = options.filter((o) => !o.missing);
  if (!substantive.some((o) => o.meaning !== undefined)) {
    fault(`${base}.bands`, `de antwoordopties van ${quoted(q.code)} hebben geen "meaning", dus er valt niets in klassen in te delen (klassen gaan over wat een antwoordoptie betekent, nooit over haar code)`);
    return;
  }
  for (const o of substantive) {
    const k = options.indexOf(o);
    if (o.meaning === undefined) fault(`${base}.bands`, `antwoordoptie ${o.value} (${quoted(o.label)}, options[${k}]) van ${quoted(q.code)} heeft geen "meaning" en valt dus in geen enkele klasse`);
    else if (!bands.some((band) => o.meaning! >= lo(band) && o.meaning! <= hi(band))) {
      fault(`${base}.bands`, `antwoordoptie ${o.value} (${quoted(o.label)}, "meaning" ${o.meaning}) van ${quoted(q.code)} valt in geen enkele klasse`);
    }
  }
}
