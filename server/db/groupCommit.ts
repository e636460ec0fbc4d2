import type { Db } from './connection.js';

/**
 * Group commit: writes that arrive together share one SQLite transaction. A commit costs more than
 * the statements of a page save (WAL append, locks on the shared-memory index: about 20 µs a request
 * under load in the submit benchmark, against a few µs for the two UPDATEs), so page saves queued in
 * the same turn of the event loop are committed as one, and each caller's promise settles only after
 * that commit: an answer is never acknowledged before it is in the database.
 *
 * Each job stays atomic: when any job of a batch fails, the whole batch is rolled back and every job
 * runs again in a transaction of its own, so one bad job never fails or half-writes another. A job
 * must therefore be safe to run twice after a rollback (it may not keep state outside the database).
 * A job that runs alone costs what a plain transaction costs, plus one setImmediate. Given a
 * transaction instead of the database, the job simply runs in it.
 */
export function inGroupCommit<T>(db: Db, job: (trx: Db) => Promise<T>): Promise<T> {
  // inside a caller's transaction the job is part of that transaction, and commits with it
  if (db.isTransaction) return job(db);
  return new Promise<T>((resolve, reject) => {
    let queue = queues.get(db);
    if (!queue) {
      const jobs: Job[] = [];
      queue = jobs;
      queues.set(db, jobs);
      // after the current I/O phase, in which every request that has arrived reaches its save
      setImmediate(() => {
        queues.delete(db);
        void commitTogether(db, jobs);
      });
    }
    queue.push({ run: job, resolve: resolve as (value: unknown) => void, reject });
  });
}

interface Job {
  run: (trx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const queues = new WeakMap<Db, Job[]>();

async function commitTogether(db: Db, jobs: Job[]): Promise<void> {
  if (jobs.length > 1) {
    let results: unknown[] | undefined;
    try {
      results = await db.transaction().execute(async (trx) => {
        const out: unknown[] = [];
        for (const job of jobs) out.push(await job.run(trx));
        return out;
      });
    } catch {
      // rolled back as a whole: every job gets a transaction of its own below
    }
    if (results) {
      jobs.forEach((job, i) => job.resolve(results[i]));
      return;
    }
  }
  for (const job of jobs) {
    try {
      job.resolve(await db.transaction().execute(job.run));
    } catch (error) {
      job.reject(error);
    }
  }
}
