/** Stands in for codemirror-json-schema's Markdown renderer (see client/build.ts): descriptions as escaped text. */
export function renderMarkdown(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
