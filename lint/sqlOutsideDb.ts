/**
 * The half of the layer check that imports cannot show (`npm run lint:sql`): SQL is built only in
 * db/ and services/. A route can write a query through the decorated `app.db` without importing
 * anything, so this reads the sources of server/ for Kysely's query builders, transactions and raw
 * `sql` templates. plugins/db.ts, which opens the database, may ask it whether it answers.
 *
 *   tsx lint/sqlOutsideDb.ts [folder]     (default: the working folder; prints each find, exits 1 on any)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

export const RULE = 'sql-only-in-db-and-services';
const ALLOWED = /^server\/(db|services)\/|^server\/plugins\/db\.ts$/;
const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom|executeQuery)\(|\bsql(<[^>]*>)?`|\.transaction\(\)/;
const COMMENT = /^\s*(\/\/|\/\*|\*)/;

export interface Find {
  file: string;
  line: number;
  text: string;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every line of server/ outside db/ and services/ that builds or runs SQL, with its file relative to `root`. */
export function sqlOutsideDb(root: string): Find[] {
  const finds: Find[] = [];
  for (const path of sources(join(root, 'server'))) {
    const file = relative(root, path).split('\\').join('/');
    if (ALLOWED.test(file)) continue;
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (QUERY.test(text) && !COMMENT.test(text)) finds.push({ file, line: i + 1, text: text.trim() });
      });
  }
  return finds;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const finds = sqlOutsideDb(process.argv[2] ?? process.cwd());
  for (const f of finds) console.log(`  error ${RULE}: ${f.file}:${f.line}  ${f.text}`);
  console.log(finds.length ? `\nx ${finds.length} SQL statements outside db/ and services/` : 'no SQL outside db/ and services/');
  process.exitCode = finds.length ? 1 : 0;
}
