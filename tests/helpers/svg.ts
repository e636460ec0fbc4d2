/**
 * A small well-formedness check for the generated SVG (no XML parser is installed): every tag is closed
 * in order, attribute values are quoted, and no text contains a raw < or &.
 */
export function checkWellFormed(markup: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let at = 0;
  while (at < markup.length) {
    tag.lastIndex = at;
    match = tag.exec(markup);
    if (!match) throw new Error(`not well-formed at ${at}: ${markup.slice(at, at + 60)}`);
    const [, closing, name, , selfClosing, textContent] = match;
    if (textContent !== undefined) {
      if (/&(?!(amp|lt|gt|quot|#39);)/.test(textContent)) throw new Error(`unescaped & in text: ${textContent}`);
    } else if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else if (!selfClosing) stack.push(name!);
    at = tag.lastIndex;
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(', ')}`);
}

/** Occurrences of a substring. */
export function count(markup: string, needle: string): number {
  return markup.split(needle).length - 1;
}
