/**
 * The question types' schemas as one discriminated union on `type`: the only list of question
 * schemas. A new type adds its schema here and its module to the registry (index.ts).
 */
import { z } from 'zod';
import { constantSumSchema } from './constantSum/schema.js';
import { emailSchema } from './email/schema.js';
import { likertSchema } from './likert/schema.js';
import { listSchema } from './list/schema.js';
import { multiSchema } from './multi/schema.js';
import { numberSchema } from './number/schema.js';
import { openSchema } from './open/schema.js';
import { singleSchema } from './single/schema.js';
import { yesNoSchema } from './yesno/schema.js';

/** Every question type's schema, in the order the JSON Schema lists them. */
export const questionSchemas = [
  likertSchema,
  singleSchema,
  multiSchema,
  openSchema,
  listSchema,
  numberSchema,
  constantSumSchema,
  emailSchema,
  yesNoSchema,
] as const;

export const questionSchema = z.discriminatedUnion('type', [...questionSchemas]);

export type Question = z.output<typeof questionSchema>;
export type QuestionType = Question['type'];

/** A question type's definition, by its `type` tag. */
export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;
