import { z } from 'zod';
import { optionSchema, questionBase } from '../../parts.js';

export const numberSchema = z
  .object({
    type: z.literal('number'),
    ...questionBase,
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(true),
    unit: z.string().optional().describe('Shown after the field, e.g. "%"'),
    dontKnow: optionSchema.optional().describe('A "weet niet" answer: a declared missing value'),
  })
  .strict();

export type NumberQuestion = z.output<typeof numberSchema>;
