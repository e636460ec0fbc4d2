import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEditor, editorBundle } from '../../client/build.js';

describe('the editor bundle (npm run build:editor)', () => {
  it('is committed up to date, and asks the Content-Security-Policy for no eval or WebAssembly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vheditor-'));
    try {
      const fresh = join(dir, 'editor.js');
      await buildEditor(fresh);
      expect(readFileSync(fresh, 'utf8') === readFileSync(editorBundle, 'utf8'), 'views/static/editor.js is stale: run npm run build:editor').toBe(true);
      const code = readFileSync(editorBundle, 'utf8');
      expect(code).not.toMatch(/\beval\(|new Function\(|WebAssembly/);
      expect(code).not.toContain('shiki');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
