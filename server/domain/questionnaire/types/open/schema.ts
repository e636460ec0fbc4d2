import { z } from 'zod';
import { questionBase } from '../../parts.js';

export const openSchema = z
  .object({
    type: z.literal('open'),
    ...questionBase,
    multiline: z.boolean().default(false),
    maxLength: z.number().int().min(1).max(20000).default(2000),
  })
  .strict();

export type OpenQuestion = z.output<typeof openSchema>;
