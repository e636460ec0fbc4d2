/** A multipart/form-data body as a browser sends a form with a file input: `fields`, the file, then `after` (the fields below the file input). */
export function multipartBody(fields: Record<string, string>, file?: { name: string; content: Buffer; field?: string }, after: Record<string, string> = {}) {
  const boundary = '----vhtest' + 'x'.repeat(16);
  const parts: Buffer[] = [];
  const add = (values: Record<string, string>) => {
    for (const [name, value] of Object.entries(values)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  };
  add(fields);
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(file.content, Buffer.from('\r\n'));
  }
  add(after);
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
