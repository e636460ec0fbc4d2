/**
 * Request logging that never writes a token: the token segment of respondent, open-link, opt-out,
 * review-link and test-link URLs is replaced before a URL reaches the log.
 */
const tokenPath = /^(\/(?:r|o|optout|bekijken|voorbeeld)\/)[^/?#]+/;

/** The URL with any token replaced by `[token]` and the query string dropped. */
export function redactUrl(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(tokenPath, '$1[token]');
}

export const logSerializers = {
  req(req: { method: string; url: string; ip?: string }) {
    return { method: req.method, url: redactUrl(req.url) };
  },
};
