/** The evaluator account the export-xlsx database gets (child.ts setup) and the download signs in with. */
export const EVALUATOR = { email: 'evaluator@veiligheidshuis.example', password: 'benchmark-evaluator-password' };
