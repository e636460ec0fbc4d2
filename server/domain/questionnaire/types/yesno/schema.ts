import { z } from 'zod';
import { questionBase } from '../../parts.js';

export const yesNoSchema = z
  .object({
    type: z.literal('yesno'),
    ...questionBase,
    yesLabel: z.string().default('Ja'),
    noLabel: z.string().default('Nee'),
  })
  .strict()
  .describe('Opgeslagen als 1 = ja, 0 = nee');

export type YesNoQuestion = z.output<typeof yesNoSchema>;
