/**
 * `questionnaire check|show|schema`: the researcher's tools for writing questionnaire files. They use
 * the same loader as the server, so a file that passes `check` is a file the server will start with.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, projectRoot } from '../config.js';
import { JSON_SCHEMA_FILE, questionnaireJsonSchemaText } from '../domain/questionnaire/jsonSchema.js';
import { formatFault, type Fault, type LoadResult } from '../domain/questionnaire/load.js';
import { loadQuestionnaireFile } from '../services/questionnaireFiles.js';
import { indexOf, type Questionnaire } from '../domain/questionnaire/normalize.js';
import type { Condition } from '../domain/questionnaire/schema.js';
import { isQuestion } from '../domain/questionnaire/schema.js';
import { UsageError } from '../errors.js';
import { print, type Command } from './io.js';

/** Where the committed JSON Schema lives. */
export const committedSchemaFile = join(projectRoot, 'questionnaires', JSON_SCHEMA_FILE);

/** The questionnaire files of a folder, as the server picks them. */
function questionnaireFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => join(dir, f));
}

function summary(q: Questionnaire): string {
  return `${indexOf(q).questions.length} questions, ${q.variables.length} variables`;
}

/**
 * `questionnaire check [<file>…] [--json]`: schema and lint faults, one line per fault on stdout
 * (`<file>: <path>: <message>`); exits 1 on any fault. Without files it checks the configured folder.
 */
export const questionnaireCheck: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  const files = positionals.length > 0 ? positionals : questionnaireFiles(loadConfig().questionnairesDir);
  if (files.length === 0) throw new UsageError('No questionnaire files to check.');
  const faults: Fault[] = [];
  const lines: string[] = [];
  const ids = new Map<string, string>();
  for (const file of files) {
    const result = loadQuestionnaireFile(file);
    if (!result.ok) {
      faults.push(...result.faults);
      lines.push(...result.faults.map(formatFault));
      continue;
    }
    // the server loads every file of a folder into one registry keyed by id
    const other = ids.get(result.questionnaire.id);
    if (other) {
      const fault = { file, path: 'id', message: `id "${result.questionnaire.id}" is also used by ${other}` };
      faults.push(fault);
      lines.push(formatFault(fault));
      continue;
    }
    ids.set(result.questionnaire.id, file);
    lines.push(`${file}: OK (${summary(result.questionnaire)})`);
  }
  print(io, values.json, { ok: faults.length === 0, faults }, () => lines.join('\n'));
  return faults.length === 0 ? 0 : 1;
};

const operators: Record<string, string> = { equals: '=', notEquals: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' };

/** A condition as a researcher reads it: `Q2 = 2 and (Q8 includes 4 or Q13 answered)`. */
export function describeCondition(c: Condition): string {
  const group = (parts: Condition[], word: string) => parts.map((p) => ('all' in p || 'any' in p ? `(${describeCondition(p)})` : describeCondition(p))).join(` ${word} `);
  if ('all' in c) return group(c.all, 'and');
  if ('any' in c) return group(c.any, 'or');
  if ('not' in c) return `not (${describeCondition(c.not)})`;
  const value = (x: number | string) => (typeof x === 'string' ? JSON.stringify(x) : String(x));
  if (c.answered !== undefined) return `${c.q} ${c.answered ? 'answered' : 'unanswered'}`;
  if (c.includes !== undefined) return `${c.q} includes ${c.includes}`;
  if (c.in !== undefined) return `${c.q} in (${c.in.map(value).join(', ')})`;
  for (const [op, sign] of Object.entries(operators)) {
    const x = c[op as keyof typeof c] as number | string | undefined;
    if (x !== undefined) return `${c.q} ${sign} ${value(x)}`;
  }
  return c.q;
}

function outline(q: Questionnaire): string {
  const out = [`${q.title} (${q.id}, version ${q.version}): ${q.pages.length} pages, ${summary(q)}`];
  q.pages.forEach((page, i) => {
    out.push('', `Page ${i + 1} "${page.id}"${page.title ? `: ${page.title}` : ''}${page.showIf ? `  [if ${describeCondition(page.showIf)}]` : ''}`);
    for (const block of page.blocks) {
      const when = block.showIf ? `  [if ${describeCondition(block.showIf)}]` : '';
      if (!isQuestion(block)) {
        out.push(`  (text${block.id ? ` ${block.id}` : ''})${when}`);
        continue;
      }
      const text = block.text.length > 70 ? `${block.text.slice(0, 69)}…` : block.text;
      out.push(`  ${block.code.padEnd(10)} ${block.type.padEnd(11)} ${text}${block.required ? ' *' : ''}${when}`);
      const vars = q.variables.filter((v) => v.question === block.code && v.code !== block.code).map((v) => v.code);
      if (vars.length) out.push(`  ${''.padEnd(10)} ${''.padEnd(11)} variables: ${vars.join(', ')}`);
    }
  });
  if (q.aspects.length) {
    out.push('', 'Aspects:');
    for (const a of q.aspects) out.push(`  ${a.id} "${a.label}" (${a.items.length} items, score needs ${a.minAnswered} answered): ${a.items.join(', ')}`);
  }
  if (q.background.length) {
    out.push('', 'Background variables:');
    for (const b of q.background) {
      const bands = b.bands ? `, bands ${b.bands.map((x) => x.label).join(' | ')}` : '';
      out.push(`  ${b.id} "${b.label}": ${b.question}${bands}`);
    }
  }
  return out.join('\n');
}

/** `questionnaire show <file> [--json]`: the parsed, normalized questionnaire (or its faults, exit 1). */
export const questionnaireShow: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError('Usage: questionnaire show <file> [--json]');
  const result: LoadResult = loadQuestionnaireFile(positionals[0]!);
  if (!result.ok) {
    print(io, values.json, { ok: false, faults: result.faults }, () => result.faults.map(formatFault).join('\n'));
    return 1;
  }
  print(io, values.json, result.questionnaire, () => outline(result.questionnaire));
  return 0;
};

/**
 * `questionnaire schema [--check] [--out <file>]`: write the JSON Schema generated from the zod schema
 * (default questionnaires/questionnaire.schema.json); with --check only report whether it is up to date.
 */
export const questionnaireSchema: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: { check: { type: 'boolean', default: false }, out: { type: 'string', default: committedSchemaFile } },
  });
  const text = questionnaireJsonSchemaText();
  const shown = relative(process.cwd(), values.out) || values.out;
  let current: string | undefined;
  try {
    current = readFileSync(values.out, 'utf8');
  } catch {
    current = undefined;
  }
  if (values.check) {
    if (current === text) {
      io.stdout(`${shown} is up to date.\n`);
      return 0;
    }
    io.stderr(`${shown} is out of date; regenerate it with: npm run cli -- questionnaire schema\n`);
    return 1;
  }
  if (current !== text) writeFileSync(values.out, text);
  io.stdout(current === text ? `${shown} is up to date.\n` : `Wrote ${shown}.\n`);
  return 0;
};
