/**
 * The JSON Schema editors use to autocomplete questionnaire files, generated from the zod schema in
 * schema.ts with zod 4's `z.toJSONSchema`. It is committed as questionnaires/questionnaire.schema.json
 * (regenerate with `npm run cli -- questionnaire schema`); a test fails when the committed copy is stale.
 *
 * The JSON Schema only covers the shape of a file. Cross-references (duplicate codes, conditions on
 * unknown questions, aspects, …) are checked by lint.ts and reported by `questionnaire check`.
 */
import { z } from 'zod';
import { comparisonSchema, conditionSchema, optionSchema } from './parts.js';
import { aspectSchema, backgroundSchema, bandSchema, completionSchema, pageSchema, questionnaireSchema, repeatSchema, textBlockSchema } from './schema.js';
import { questionTypes } from './types/index.js';

/** File name of the generated schema inside the questionnaires folder; files point to it with "$schema". */
export const JSON_SCHEMA_FILE = 'questionnaire.schema.json';

interface DefinitionMeta {
  id?: string;
  description?: string;
}

/** Our definition names on top of the descriptions `.describe()` keeps in zod's global registry. */
class NamedDefinitions extends z.core.$ZodRegistry<DefinitionMeta> {
  constructor(private readonly ids: Map<z.core.$ZodType, string>) {
    super();
  }

  // ids are looked up without zod's parent inheritance: a `.describe()`d copy of a named schema is not a definition
  override get(schema: z.core.$ZodType): DefinitionMeta | undefined {
    const described = z.globalRegistry.get(schema);
    const id = this.ids.get(schema);
    return id ? { ...described, id } : described;
  }
}

/**
 * Named definitions make the schema readable and give editors a name to show. The condition type is
 * recursive (`all`/`any`/`not` hold conditions), so it has to be a definition referred to by $ref.
 */
function definitions(): NamedDefinitions {
  return new NamedDefinitions(
    new Map<z.core.$ZodType, string>([
      [optionSchema, 'Option'],
      [conditionSchema, 'Condition'],
      [comparisonSchema, 'Comparison'],
      [textBlockSchema, 'TextBlock'],
      ...Object.values(questionTypes).flatMap((t) => Object.entries(t.definitions).map(([name, schema]) => [schema, name] as const)),
      [pageSchema, 'Page'],
      [aspectSchema, 'Aspect'],
      [backgroundSchema, 'BackgroundVariable'],
      [bandSchema, 'Band'],
      [completionSchema, 'Completion'],
      [repeatSchema, 'Repeat'],
    ]),
  );
}

/** Generate the questionnaire JSON Schema (draft-07: the draft every common editor understands). */
export function questionnaireJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(questionnaireSchema, {
    target: 'draft-7',
    // the shape a researcher writes: fields with a default are optional
    io: 'input',
    metadata: definitions(),
    override(ctx) {
      // zod's refine "exactly one operator" has no JSON Schema form; as the object is strict and
      // `q` is required, "exactly one operator" is "exactly two properties"
      if (ctx.zodSchema === comparisonSchema) {
        ctx.jsonSchema.minProperties = 2;
        ctx.jsonSchema.maxProperties = 2;
      }
      // "minAspectsScored, minAnswered or both" in a strict object: at least one property
      if (ctx.zodSchema === completionSchema) ctx.jsonSchema.minProperties = 1;
    },
  });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'Vragenlijst (veiligheidshuis-enquete)',
    description:
      'Een vragenlijstbestand. Gemaakt uit server/domain/questionnaire/schema.ts met `npm run cli -- questionnaire schema`; niet met de hand bewerken.',
    ...rest,
  };
}

/** The generated schema as the exact text committed to the repository. */
export function questionnaireJsonSchemaText(): string {
  return `${JSON.stringify(questionnaireJsonSchema(), null, 2)}\n`;
}
