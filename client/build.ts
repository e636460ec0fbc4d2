/**
 * `npm run build:editor`: bundle the questionnaire editor (client/editor/) into views/static/editor.js,
 * the static file the admin page loads. The bundle is committed, so the server needs no build step
 * (a test checks that it is up to date). codemirror-json-schema renders descriptions as Markdown with
 * Shiki, a highlighter with a WebAssembly engine that the Content-Security-Policy would have to allow;
 * our descriptions are plain text, so its Markdown module is replaced by one that escapes text.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Where the committed bundle lives. */
export const editorBundle = here('../views/static/editor.js');

/** Bundle the editor into `outfile`; returns its size in bytes. */
export async function buildEditor(outfile = editorBundle): Promise<number> {
  const result = await build({
    entryPoints: [here('./editor/index.ts')],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    legalComments: 'eof',
    metafile: true,
    logLevel: 'error',
    plugins: [
      {
        name: 'plain-markdown',
        setup(b) {
          b.onResolve({ filter: /\/utils\/markdown(\.js)?$/ }, (args) => (args.importer.includes('codemirror-json-schema') ? { path: here('./editor/markdown.ts') } : undefined));
        },
      },
    ],
  });
  return Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await buildEditor();
  console.log(`views/static/editor.js: ${Math.round(bytes / 1024)} kB`);
}
