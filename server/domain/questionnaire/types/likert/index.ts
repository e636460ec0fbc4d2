/** A Likert matrix: statements answered on one scale, each its own ordinal variable; the items of aspects. */
import { listOf } from '../../lint/model.js';
import type { Option } from '../../parts.js';
import { absent, codedAnswers, empty, nothing, wholeNumbers } from '../defaults.js';
import { field, nulls, optionCode, sameNamedFields } from '../form.js';
import type { QuestionTypeModule } from '../module.js';
import { likertSchema, statementSchema, type LikertQuestion } from './schema.js';

/** The resolved scale of a Likert matrix (answerScales references are inlined by normalize()). */
export function likertScale(q: LikertQuestion): Option[] {
  if (typeof q.scale === 'string') throw new Error(`scale "${q.scale}" of ${q.code} was not resolved`);
  return q.scale;
}

export const likert: QuestionTypeModule<'likert'> = {
  name: 'Likert matrix',
  definitions: { LikertQuestion: likertSchema, Statement: statementSchema },
  resolve(q, scale) {
    return typeof q.scale === 'string' ? { ...q, scale: scale(q.scale) } : q;
  },
  variables(q) {
    const options = [...likertScale(q), ...q.missing];
    return q.statements.map((s) => ({
      code: s.code,
      question: q.code,
      kind: 'number',
      label: s.text,
      valueLabels: options.map((o) => ({ value: o.value, label: o.label })),
      missingValues: options.filter((o) => o.missing || q.missing.includes(o)).map((o) => o.value),
      measure: 'ordinal',
    }));
  },
  origin(q, code, base, taken) {
    const path = (k: number) => `${base}.statements[${k}].code`;
    const k = q.statements.findIndex((s, i) => s.code === code && !taken.has(path(i)));
    return k >= 0 ? { path: path(k), what: `a statement of Likert matrix ${q.code}` } : undefined;
  },
  lint(q, path, ctx) {
    let scale: Option[];
    let scaleName: string;
    if (typeof q.scale === 'string') {
      const named = ctx.file.answerScales[q.scale];
      if (!named) {
        const known = Object.keys(ctx.file.answerScales);
        ctx.fault(`${path}.scale`, `unknown answer scale "${q.scale}"${known.length ? ` (answerScales has: ${listOf(known)})` : '; answerScales is empty'}`);
        return;
      }
      scale = named;
      scaleName = `answerScales.${q.scale}`;
    } else {
      ctx.options(q.scale, `${path}.scale`, 'scale');
      scale = q.scale;
      scaleName = `${path}.scale`;
    }
    ctx.options(q.missing, `${path}.missing`, 'missing');
    q.missing.forEach((m, k) => {
      const same = scale.findIndex((o) => o.value === m.value);
      if (same >= 0) ctx.fault(`${path}.missing[${k}].value`, `missing value ${m.value} is also a scale value (${scaleName}[${same}])`);
    });
    const points = scale.filter((o) => !o.missing).map((o) => o.value);
    if (points.length < 2) {
      ctx.fault(`${path}.scale`, 'a Likert scale needs at least two points that are not missing values');
      return;
    }
    const lo = Math.min(...points);
    const hi = Math.max(...points);
    const asymmetric = points.find((v) => !points.includes(lo + hi - v));
    q.statements.forEach((s, k) => {
      if (s.reverse && asymmetric !== undefined) {
        ctx.fault(
          `${path}.statements[${k}].reverse`,
          `cannot reverse on scale ${listOf(points)}: ${lo} + ${hi} − ${asymmetric} = ${lo + hi - asymmetric} is not a scale point`,
        );
      }
    });
  },
  conditionUse() {
    return { kind: 'parts', parts: 'statements' };
  },
  answers(q, v) {
    // an unknown answer scale is reported at the matrix; its statements have no options to compare with
    return likertScale(q).length > 0 ? codedAnswers(q, v) : null;
  },
  optionLabel: nothing,
  parse(q, form) {
    const allowed = [...likertScale(q), ...q.missing].map((o) => o.value);
    const values = nulls(q.statements.map((s) => s.code));
    const open: string[] = [];
    for (const s of q.statements) {
      const input = field(form, s.code);
      if (input === '') {
        open.push(s.text);
        continue;
      }
      const code = optionCode(input, allowed);
      if (code === undefined) return { error: `Kies bij “${s.text}” een van de gegeven antwoorden.` };
      values[s.code] = code;
    }
    if (q.required && open.length > 0) {
      return {
        error:
          open.length === 1 && q.statements.length > 1
            ? `Kies ook een antwoord bij “${open[0]}”.`
            : open.length === 1
              ? 'Kies een antwoord.'
              : `Kies bij elke stelling een antwoord (nog ${open.length} open).`,
      };
    }
    return { values };
  },
  toForm(q, values) {
    return sameNamedFields(q.statements.map((s) => s.code), values);
  },
  answerText(q, values) {
    if (!q.statements.some((s) => typeof values[s.code] === 'number')) return [];
    const options = [...likertScale(q), ...q.missing];
    return q.statements.map((s) => ({ label: s.text, text: options.find((o) => o.value === values[s.code])?.label ?? null }));
  },
  scaleItems(q) {
    const scale = likertScale(q);
    const valid = scale.filter((o) => !o.missing);
    const missing = [...scale.filter((o) => o.missing), ...q.missing];
    return q.statements.map((s) => ({ code: s.code, label: s.text, reverse: s.reverse === true, valid, missing }));
  },
  grouping: absent,
  counter: absent,
  frequencyTables: empty,
  spss: wholeNumbers,
};
