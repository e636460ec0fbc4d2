/**
 * Request logging that never writes a token: the token segment of respondent, open-link, opt-out,
 * review-link and test-link URLs is replaced before a URL reaches the log.
 */
const tokenPath = /^(\/(?:r|o|optout|bekijken|voorbeeld)\/)[^/?#]+/;

/**
 * Percent-encoded ASCII characters decoded (malformed escapes stay as they are). The router decodes
 * them too: `/%72/<token>` is served as `/r/<token>`, so the path is redacted as the router reads it.
 */
function decodeAscii(path: string): string {
  return path.replace(/%([0-7][0-9a-fA-F])/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The URL with any token replaced by `[token]` and the query string dropped. */
export function redactUrl(url: string): string {
  const path = decodeAscii(url.split('?')[0] ?? '');
  return path.replace(tokenPath, '$1[token]');
}

export const logSerializers = {
  req(req: { method: string; url: string; ip?: string }) {
    return { method: req.method, url: redactUrl(req.url) };
  },
};
