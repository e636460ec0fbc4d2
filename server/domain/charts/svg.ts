/**
 * The few SVG building blocks the charts need. Every text and attribute value passes through escapeXml,
 * so a label typed by a researcher (a house name, an option label) can never break out of the markup;
 * that is what makes the chart safe to insert unescaped into a page.
 *
 * No `style` attributes: the admin pages run under a CSP with `style-src 'self'`, which blocks inline
 * styles, so colours and fonts are SVG presentation attributes (fill=, font-size=) instead.
 */

/** Text or attribute value with & < > " ' escaped. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export type Attributes = Record<string, string | number | null | undefined | false>;

/** Coordinates with at most two decimals keep the markup short without visible rounding. */
export function coord(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function attributes(attrs: Attributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    out += ` ${name}="${escapeXml(typeof value === 'number' ? coord(value) : value)}"`;
  }
  return out;
}

/** An element with attributes and already-built children (markup), or self-closing without children. */
export function el(name: string, attrs: Attributes, ...children: string[]): string {
  const inner = children.join('');
  return inner === '' ? `<${name}${attributes(attrs)}/>` : `<${name}${attributes(attrs)}>${inner}</${name}>`;
}

/** A text node, escaped. */
export function text(content: string): string {
  return escapeXml(content);
}

/** Identifiers for title/desc references: letters, digits, dash and underscore only. */
export function safeId(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9_-]/g, '-');
  return /^[A-Za-z]/.test(clean) ? clean : `c-${clean}`;
}

/** Rough rendered width of a text in the charts' sans-serif font, for layout without a browser. */
export function textWidth(content: string, fontSize: number): number {
  // widths of DejaVu Sans / Segoe UI-like faces, on the generous side so labels are never cut off
  let units = 0;
  for (const ch of content) {
    if (/[il.,:;'|!ìí]/.test(ch)) units += 0.32;
    else if (/[fjrt()[\]\- ]/.test(ch)) units += 0.42;
    else if (/[mwMW%]/.test(ch)) units += 0.95;
    else if (/[A-Z0-9]/.test(ch)) units += 0.7;
    else units += 0.62;
  }
  return units * fontSize;
}

/**
 * Break a label into lines of at most `maxWidth` (by textWidth), at ordinary spaces only (a no-break
 * space, as in "n = 12", keeps its parts together); a long word stays whole.
 */
export function wrapText(content: string, maxWidth: number, fontSize: number, maxLines = 3): string[] {
  const words = content.split(/[ \t\n]+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, fontSize) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.replace(/\s*\S*$/, '')}…`;
    return kept;
  }
  return lines.length ? lines : [''];
}

/**
 * The outer <svg>: role="img" with aria-labelledby pointing at its <title> and <desc>, so a screen
 * reader announces the chart by its title and summary (the numbers are in the table beside it).
 */
export function svgRoot(id: string, width: number, height: number, title: string, description: string, body: string, className = 'chart'): string {
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      id,
      class: className,
      role: 'img',
      'aria-labelledby': `${titleId} ${descId}`,
      viewBox: `0 0 ${coord(width)} ${coord(height)}`,
      width: Math.round(width),
      height: Math.round(height),
      'font-family': 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif',
      'font-size': 13,
    },
    el('title', { id: titleId }, text(title)),
    el('desc', { id: descId }, text(description)),
    body,
  );
}
