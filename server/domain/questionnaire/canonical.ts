/** What makes two questionnaire texts the same content. */

/**
 * The JSON with object keys sorted and no white space, leaving out `$schema` (an editor hint): two
 * texts with the same content give the same string, however they are laid out.
 */
export function canonicalQuestionnaireJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) Object.defineProperty(out, key, { value: sort((v as Record<string, unknown>)[key]), enumerable: true });
    return out;
  };
  const { $schema: _hint, ...rest } = (value ?? {}) as Record<string, unknown>;
  return JSON.stringify(sort(rest));
}
