/**
 * The rows of a SQLite file as a test sees them from outside the app: every user table dumped, or
 * hashed, in a stable order, to prove what a request stored or that it changed nothing.
 */
import { createHash } from 'node:crypto';
import SQLite from 'better-sqlite3';

/** One `select` per user table, ordered by every column so that row order never depends on the file. */
function tableSelects(db: SQLite.Database): Array<{ name: string; stmt: SQLite.Statement }> {
  const names = db.prepare("select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' order by name").pluck().all() as string[];
  return names.map((name) => {
    const columns = (db.prepare(`pragma table_info("${name}")`).all() as Array<{ name: string }>).map((c) => `"${c.name}"`);
    return { name, stmt: db.prepare(`select * from "${name}" order by ${columns.join(', ')}`) };
  });
}

/** Every user table of the database file with its rows in a stable order (for dumps and digests). */
export function dumpTables(file: string): Record<string, unknown[]> {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(tableSelects(db).map(({ name, stmt }) => [name, stmt.all()]));
  } finally {
    db.close();
  }
}

/**
 * A reader kept open on a database file: digests of every table (sha256 of all rows in a stable order).
 * The digests are worked out again only when another connection has committed since the last time
 * (SQLite's `data_version`, which changes exactly then; this reader never writes): the hardening tests
 * take them before and after thousands of requests, most of which change nothing.
 */
export class TableDigest {
  private db: SQLite.Database;
  private statements: Array<{ name: string; stmt: SQLite.Statement }>;
  private dataVersion: SQLite.Statement;
  private last: { version: number; tables: Record<string, string> } | undefined;

  constructor(file: string) {
    this.db = new SQLite(file, { readonly: true, fileMustExist: true });
    this.statements = tableSelects(this.db).map(({ name, stmt }) => ({ name, stmt: stmt.raw() }));
    this.dataVersion = this.db.prepare('pragma data_version').pluck();
  }

  /** One hash per table. */
  tables(): Record<string, string> {
    const version = this.dataVersion.get() as number;
    if (this.last?.version !== version) {
      const out: Record<string, string> = {};
      for (const { name, stmt } of this.statements) out[name] = createHash('sha256').update(JSON.stringify(stmt.all())).digest('hex');
      this.last = { version, tables: out };
    }
    return { ...this.last.tables };
  }

  /** One hash over all tables. */
  all(): string {
    return createHash('sha256').update(JSON.stringify(this.tables())).digest('hex');
  }

  close(): void {
    this.db.close();
  }
}
