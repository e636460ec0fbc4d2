import { z } from 'zod';
import { codeSchema, optionSchema, questionBase, textSchema } from '../../parts.js';

export const statementSchema = z
  .object({
    code: codeSchema,
    text: textSchema,
    reverse: z.boolean().optional().describe('Reverse-keyed: recoded (min + max − value) before any scale statistic'),
  })
  .strict();

const scaleRef = z
  .union([z.string(), z.array(optionSchema).min(2)])
  .describe('The answer scale: inline options or the name of an entry in answerScales');

export const likertSchema = z
  .object({
    type: z.literal('likert'),
    ...questionBase,
    text: z.string().default(''),
    scale: scaleRef,
    missing: z
      .array(optionSchema)
      .default([])
      .describe('Extra answer columns such as "geen oordeel": declared missing values, never scale points'),
    statements: z.array(statementSchema).min(1),
  })
  .strict();

export type LikertQuestion = z.output<typeof likertSchema>;
