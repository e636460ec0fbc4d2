import { z } from 'zod';
import { optionSchema, questionBase } from '../../parts.js';

export const singleSchema = z
  .object({
    type: z.literal('single'),
    ...questionBase,
    display: z.enum(['radio', 'dropdown']).default('radio'),
    options: z.array(optionSchema).min(2),
  })
  .strict();

export type SingleQuestion = z.output<typeof singleSchema>;
