import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql, SqliteDialect, SqliteDriver, type CompiledQuery, type DatabaseConnection, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { ensurePrivateFile, ensurePrivateFolder, restrictExisting } from '../security/files.js';
import type { Database } from './database.js';

export type Db = Kysely<Database>;

/**
 * Open the SQLite file (creating it and its folder) with WAL, foreign keys, a busy timeout and secure
 * delete. The file, its -wal and -shm are 0600 and a folder created for it 0700: they hold personal data.
 */
export function openDatabase(file: string): { db: Db; sqlite: SQLite.Database } {
  if (file !== ':memory:') {
    ensurePrivateFolder(dirname(file));
    ensurePrivateFile(file);
    restrictExisting([`${file}-wal`, `${file}-shm`]);
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // deleted rows are zeroed, not left in free space: a submitted draft (invitation id, answers, save
  // time) must not survive in the file of an anonymous wave, nor in backups copied from it
  sqlite.pragma('secure_delete = ON');
  // and the log is cut back after each checkpoint instead of keeping old page images in the -wal file
  sqlite.pragma('journal_size_limit = 0');
  const statements = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new GuardedSqliteDialect(sqlite, statements) });
  connections.set(db, { sqlite, statements });
  return { db, sqlite };
}

const connections = new WeakMap<Db, { sqlite: SQLite.Database; statements: SqliteDatabase }>();

/**
 * The rows of a compiled read, read at once when no transaction is open on the connection; else
 * undefined, and the caller runs it through Kysely (db.executeQuery), which waits its turn.
 *
 * better-sqlite3 is synchronous: a read run now, outside any transaction, sees what is committed and
 * cannot interleave with anything. A Kysely transaction stays open across awaits, during which other
 * requests run: then a read must not go past it on the same connection (it would see uncommitted
 * writes), so it is left to Kysely. Through Kysely a read is some ten promises (the connection's
 * mutex, the driver); for the one query of every respondent request that was a tenth of its cost.
 * Only for the root database (a Kysely transaction object has no connection here).
 */
export function readNow<R>(db: Db, query: CompiledQuery<R>): R[] | undefined {
  const connection = connections.get(db);
  if (!connection || connection.sqlite.inTransaction) return undefined;
  return connection.statements.prepare(query.sql).all(query.parameters) as R[];
}

/** The better-sqlite3 connection under a database opened by openDatabase (for what Kysely cannot do synchronously). */
export function sqliteOf(db: Db): SQLite.Database | undefined {
  return connections.get(db)?.sqlite;
}

/**
 * SQLite rolls a transaction back by itself after some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY
 * during a write). Kysely then sends its own ROLLBACK, which fails with "cannot rollback - no
 * transaction is active" and is thrown instead of the cause: a full disk was logged as that. The
 * rollback is skipped when no transaction is open, so the real error reaches the caller.
 */
class GuardedSqliteDialect extends SqliteDialect {
  constructor(
    private readonly sqlite: SQLite.Database,
    statements: SqliteDatabase,
  ) {
    super({ database: statements });
  }

  override createDriver(): SqliteDriver {
    const sqlite = this.sqlite;
    const driver = super.createDriver() as SqliteDriver;
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection: DatabaseConnection) => {
      if (sqlite.inTransaction) await rollback(connection);
    };
    return driver;
  }
}

/** True when the database answers a trivial query. */
export async function isHealthy(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/**
 * Run `fn` in a transaction: the caller's when `db` is one already (a use case spanning several
 * repository calls, with its audit entry), else a new one. Kysely cannot nest transactions.
 */
export function transaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Statements kept per SQL text; past this many distinct texts the cache starts afresh. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely sees it, with prepared statements reused by SQL text. Kysely's SQLite
 * driver prepares every query anew; in the page-render and submit benchmark profiles compiling the
 * same SQL again was about a fifth of a respondent request. A statement still being iterated (a
 * streamed query) is never handed out twice: a fresh one is prepared instead.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, CachedStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) return cached;
      // a schema change may change the columns of any cached statement (laid out below once each)
      if (SCHEMA_CHANGE.test(sql)) cache.clear();
      const statement = rowsAsObjects(sqlite.prepare(sql));
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
      cache.set(sql, statement);
      return statement;
    },
  };
}

const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;

type CachedStatement = SqliteStatement & { readonly busy: boolean };

/**
 * A reading statement that returns its rows as arrays, made into objects by a function laid out
 * once from the statement's column names. better-sqlite3 builds an object row by setting each
 * column by name in C++, which for the 23 columns of the respondent's session query took some
 * 24 µs of its 39 µs (a micro-benchmark in one process: 15 µs as arrays); an object literal of a
 * fixed shape costs almost nothing. Same keys, order and values as better-sqlite3's own objects
 * (a repeated name keeps its first place and its last value in both).
 */
function rowsAsObjects(statement: SQLite.Statement): CachedStatement {
  if (!statement.reader) return statement;
  const names = statement.columns().map((c) => c.name);
  if (names.includes('__proto__')) return statement;
  statement.raw(true);
  const make = new Function('r', `return {${names.map((name, i) => `${JSON.stringify(name)}: r[${i}]`).join(', ')}};`) as (row: unknown[]) => unknown;
  return {
    reader: true,
    get busy() {
      return statement.busy;
    },
    all(parameters: ReadonlyArray<unknown>) {
      const rows = statement.all(parameters) as unknown[];
      for (let i = 0; i < rows.length; i++) rows[i] = make(rows[i] as unknown[]);
      return rows;
    },
    run: (parameters: ReadonlyArray<unknown>) => statement.run(parameters),
    *iterate(parameters: ReadonlyArray<unknown>) {
      for (const row of statement.iterate(parameters)) yield make(row as unknown[]);
    },
  };
}

/**
 * A hot query built and compiled by Kysely once per database, then run with new values: building
 * and compiling costs more than SQLite's work for a simple statement. `build` gets a placeholder for
 * each argument (distinct strings), and each must end up a parameter of the compiled query.
 */
export function compiledOnce<Args extends readonly unknown[], R>(
  arity: Args['length'],
  build: (db: Db, ...placeholders: string[]) => { compile(): CompiledQuery<R> },
): (db: Db, ...args: Args) => CompiledQuery<R> {
  const cache = new WeakMap<Db, { query: CompiledQuery<R>; slots: number[] }>();
  return (db, ...args) => {
    let entry = cache.get(db);
    if (!entry) {
      const placeholders = Array.from({ length: arity }, (_, i) => `\u0000compiled-once-${i}\u0000`);
      const query = build(db, ...placeholders).compile();
      const slots = query.parameters.map((p) => placeholders.indexOf(p as string));
      if (placeholders.some((_, i) => !slots.includes(i))) throw new Error(`compiledOnce: a placeholder is not a parameter of "${query.sql}"`);
      entry = { query, slots };
      cache.set(db, entry);
    }
    const { query, slots } = entry;
    // a parameter that is no placeholder is a constant of the query (e.g. status = 'invited')
    return { ...query, parameters: slots.map((i, k) => (i < 0 ? query.parameters[k] : args[i])) };
  };
}
