import fp from 'fastify-plugin';
import { isHealthy, openDatabase, type Db } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { flushWalScrub } from '../db/scrub.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** True when the database answers a trivial query. */
    dbHealthy(): Promise<boolean>;
  }
}

export interface DbPluginOptions {
  /** A database file (created and migrated), or an already opened Kysely instance owned by the caller. */
  databaseFile?: string;
  db?: Db;
}

/** Opens (or adopts) the database, runs pending migrations at start, closes it on shutdown. */
export default fp<DbPluginOptions>(
  async (app, opts) => {
    let db = opts.db;
    if (!db) {
      db = openDatabase(opts.databaseFile ?? ':memory:').db;
      const owned = db;
      app.addHook('onClose', async () => {
        flushWalScrub(owned);
        await owned.destroy();
      });
    }
    await migrateToLatest(db);
    const ready = db;
    app.decorate('db', ready);
    app.decorate('dbHealthy', () => isHealthy(ready));
  },
  { name: 'db' },
);
