import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILE, questionnaireJsonSchema, questionnaireJsonSchemaText } from '../../../server/domain/questionnaire/jsonSchema.js';
import { englishIn } from '../../helpers/dutch.js';
import { base, questionnaireJson } from '../../helpers/questionnaire.js';

const folder = new URL('../../../questionnaires/', import.meta.url);
const committed = readFileSync(new URL(JSON_SCHEMA_FILE, folder), 'utf8');

// ajv (fastify's own validator) stands in for an editor: it reads the schema the way editors do
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(committed) as object);
const valid = (data: unknown) => validate(data) === true;
const questionnaire = (extra: object = {}) => questionnaireJson({ ...base(), ...extra });

describe('the committed JSON Schema', () => {
  it('is what the zod schema generates now (regenerate: npm run cli -- questionnaire schema)', () => {
    expect(committed).toBe(questionnaireJsonSchemaText());
  });

  it('documents the fields a researcher writes in Dutch (the editor shows these texts on hover and in completion)', () => {
    const descriptions: Array<{ at: string; text: string }> = [];
    const walk = (node: unknown, at: string) => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}[${i}]`));
      else if (node !== null && typeof node === 'object')
        for (const [key, value] of Object.entries(node)) {
          if (key === 'description' && typeof value === 'string') descriptions.push({ at, text: value });
          else walk(value, `${at}.${key}`);
        }
    };
    const schema = questionnaireJsonSchema();
    walk(schema, '$');
    expect(descriptions.length).toBeGreaterThan(60);
    expect(descriptions.filter((d) => englishIn(d.text).length > 0).map((d) => `${d.at}: ${d.text} ← ${englishIn(d.text).join(', ')}`)).toEqual([]);
    // every field of the file itself, of a page, an aspect and an option says what it is for
    const definitions = schema.definitions as Record<string, { properties: Record<string, { description?: string }> }>;
    const undocumented = (where: string, properties: Record<string, { description?: string; $ref?: string }>) =>
      Object.entries(properties)
        .filter(([, p]) => p.description === undefined && p.$ref === undefined)
        .map(([name]) => `${where}.${name}`);
    expect([
      ...undocumented('$', schema.properties as Record<string, { description?: string }>),
      ...['Page', 'Aspect', 'Option', 'BackgroundVariable', 'Band', 'Repeat'].flatMap((d) => undocumented(d, definitions[d]!.properties)),
    ]).toEqual([]);
  });

  it('is draft-07 with the recursive condition type as a named definition', () => {
    const schema = questionnaireJsonSchema();
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const definitions = schema.definitions as Record<string, { anyOf?: unknown[] }>;
    expect(Object.keys(definitions)).toEqual(expect.arrayContaining(['Condition', 'Comparison', 'Option', 'Page', 'LikertQuestion']));
    expect(JSON.stringify(definitions.Condition)).toContain('"$ref":"#/definitions/Condition"');
  });

  it('accepts every questionnaire in the folder, each pointing at it with "$schema"', () => {
    const files = readdirSync(folder).filter((f) => f.endsWith('.json') && f !== JSON_SCHEMA_FILE);
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const data = JSON.parse(readFileSync(new URL(name, folder), 'utf8')) as { $schema?: string };
      expect(data.$schema, name).toBe(`./${JSON_SCHEMA_FILE}`);
      expect(valid(data), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('accepts nested conditions and leaves out fields that have a default', () => {
    expect(valid(questionnaire({ pages: [{ id: 'p', showIf: { not: { all: [{ q: 'Q1', equals: 1 }, { any: [{ q: 'Q2', answered: true }] }] } }, blocks: [{ type: 'yesno', code: 'Q2', text: 'Ja?' }] }] }))).toBe(true);
  });

  it('rejects what the zod schema rejects: unknown fields, a condition with two operators or none, a bad code', () => {
    const page = (block: object) => ({ pages: [{ id: 'p', blocks: [block] }] });
    expect(valid(questionnaire({ colour: 'red' }))).toBe(false);
    expect(valid(questionnaire(page({ type: 'yesno', code: 'Q2', text: 'Ja?', showIf: { q: 'Q1', equals: 1, gt: 0 } })))).toBe(false);
    expect(valid(questionnaire(page({ type: 'yesno', code: 'Q2', text: 'Ja?', showIf: { q: 'Q1' } })))).toBe(false);
    expect(valid(questionnaire(page({ type: 'yesno', code: '2Q', text: 'Ja?' })))).toBe(false);
    expect(valid(questionnaire(page({ type: 'slider', code: 'Q2', text: 'Ja?' })))).toBe(false);
  });
});
