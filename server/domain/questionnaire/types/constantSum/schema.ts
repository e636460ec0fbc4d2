import { z } from 'zod';
import { codeSchema, questionBase, textSchema } from '../../parts.js';

export const constantSumSchema = z
  .object({
    type: z.literal('constantSum'),
    ...questionBase,
    total: z.number().positive().describe('De onderdelen moeten samen precies dit getal zijn'),
    unit: z.string().optional(),
    integer: z.boolean().default(true),
    items: z.array(z.object({ code: codeSchema, label: textSchema }).strict()).min(2),
  })
  .strict();

export type ConstantSumQuestion = z.output<typeof constantSumSchema>;
