/**
 * `questionnaire check|show|schema`: the researcher's tools for writing questionnaire files. They use
 * the same loader as the server, so a file that passes `check` is a file the server will start with.
 * `questionnaire import|list|diff` work on the store of versions the server uses (the folder's files
 * are loaded into it first, as at start-up).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, projectRoot } from '../config.js';
import { JSON_SCHEMA_FILE, questionnaireJsonSchemaText } from '../domain/questionnaire/jsonSchema.js';
import { formatFault, type Fault, type LoadResult } from '../domain/questionnaire/load.js';
import { loadQuestionnaireFile, questionnaireFilesIn, readQuestionnaireText } from '../services/questionnaireFiles.js';
import { addVersion, compareVersions, findVersion, listQuestionnaires } from '../services/questionnaires.js';
import { indexOf, type Questionnaire } from '../domain/questionnaire/normalize.js';
import type { Condition } from '../domain/questionnaire/schema.js';
import { isQuestion } from '../domain/questionnaire/schema.js';
import { UsageError } from '../errors.js';
import { openCliStore, print, type Command } from './io.js';

/** Where the committed JSON Schema lives. */
export const committedSchemaFile = join(projectRoot, 'questionnaires', JSON_SCHEMA_FILE);

function summary(q: Questionnaire): string {
  return `${indexOf(q).questions.length} questions, ${q.variables.length} variables`;
}

/**
 * `questionnaire check [<file>…] [--json]`: schema and lint faults, one line per fault on stdout
 * (`<file>: <path>: <message>`); exits 1 on any fault. Without files it checks the configured folder.
 */
export const questionnaireCheck: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  const files = positionals.length > 0 ? positionals : questionnaireFilesIn(loadConfig().questionnairesDir);
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

/**
 * `questionnaire import <file> [--replace] [--json]`: check a file and store it as a version, which
 * the running server can use at once. Prints id, version and what happened, or the faults (exit 1;
 * nothing is stored). `--replace` replaces a stored version with other content while no wave uses it.
 */
export const questionnaireImport: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { replace: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new UsageError('Usage: questionnaire import <file> [--replace] [--json]');
  const file = positionals[0]!;
  const read = readQuestionnaireText(file);
  if ('fault' in read) {
    print(io, values.json, { ok: false, faults: [read.fault] }, () => formatFault(read.fault));
    return 1;
  }
  const cli = await openCliStore(io);
  if (!cli) return 1;
  try {
    const outcome = await addVersion(cli.context(), read.text, { source: 'cli', sourceName: basename(file), replace: values.replace });
    if (!outcome.ok) {
      const faults = outcome.faults.map((f) => ({ ...f, file }));
      print(io, values.json, { ok: false, faults }, () => faults.map(formatFault).join('\n'));
      return 1;
    }
    const said = { added: 'stored', replaced: 'replaced the stored version', unchanged: 'already stored with this content' }[outcome.status];
    print(io, values.json, { ok: true, id: outcome.id, version: outcome.version, title: outcome.title, status: outcome.status, faults: [] }, () => `${file}: ${outcome.id} version ${outcome.version}: ${said}`);
    return 0;
  } finally {
    await cli.close();
  }
};

/** `questionnaire list [--json]`: every questionnaire in the store with its versions and the waves that use them. */
export const questionnaireList: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const cli = await openCliStore(io);
  if (!cli) return 1;
  try {
    const questionnaires = await listQuestionnaires(cli.db, new Date());
    print(io, values.json, questionnaires, () =>
      questionnaires.length === 0
        ? 'No questionnaires.'
        : questionnaires
            .flatMap((q) => [
              `${q.id}  ${q.title}`,
              ...q.versions.map(
                (v) => `  ${v.version.padEnd(10)} ${v.addedAt.slice(0, 10)}  ${v.addedBy.padEnd(24)} ${v.waves.length ? `waves: ${v.waves.map((w) => `${w.id} (${w.state})`).join(', ')}` : 'no waves'}`,
              ),
            ])
            .join('\n'),
    );
    return 0;
  } finally {
    await cli.close();
  }
};

function versionRef(spec: string): { id: string; version: string } {
  const at = spec.indexOf('@');
  if (at <= 0 || at === spec.length - 1) throw new UsageError(`questionnaire diff: "${spec}" is not <id>@<version>`);
  return { id: spec.slice(0, at), version: spec.slice(at + 1) };
}

/**
 * `questionnaire diff <id>@<version> <id>@<version> [--json]`: what changed from the first version to
 * the second, in words, and per aspect whether results stay `comparable`.
 */
export const questionnaireDiff: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  if (positionals.length !== 2) throw new UsageError('Usage: questionnaire diff <id>@<version> <id>@<version> [--json]');
  const [a, b] = positionals.map(versionRef) as [{ id: string; version: string }, { id: string; version: string }];
  const cli = await openCliStore(io);
  if (!cli) return 1;
  try {
    for (const v of [a, b]) {
      if (!(await findVersion(cli.db, v.id, v.version))) {
        io.stderr(`No version ${v.id}@${v.version} in the store (see: questionnaire list)\n`);
        return 1;
      }
    }
    const comparison = await compareVersions(cli.db, a, b);
    print(io, values.json, comparison, () =>
      [
        `${a.id}@${a.version} → ${b.id}@${b.version}: ${comparison.identical ? 'the same content' : `${comparison.changes.length} change(s)`}`,
        ...(comparison.aspects.length ? ['', 'Aspects:'] : []),
        ...comparison.aspects.map((x) => `  ${x.id.padEnd(18)} ${x.comparable ? 'comparable' : 'NOT comparable'}${x.reasons.length ? `: ${x.reasons.join(' ')}` : ''}`),
        ...(comparison.changes.length ? ['', 'Changes:'] : []),
        ...comparison.changes.map((c) => `  - ${c.text}`),
      ].join('\n'),
    );
    return 0;
  } finally {
    await cli.close();
  }
};
