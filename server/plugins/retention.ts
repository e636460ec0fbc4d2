/**
 * The server's own retention pass: with RETENTION_INTERVAL_HOURS > 0 (24 by default) the server
 * purges the personal data of waves whose retention period has passed, a minute after start and then
 * every interval, so a server that restarts daily still purges. Shutdown waits for a pass in progress.
 */
import fp from 'fastify-plugin';
import { purgeDueWaves } from '../services/retention.js';

const FIRST_PASS_MS = 60_000;

export default fp(
  async (app) => {
    const hours = app.config.retentionIntervalHours;
    if (hours <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let stopped = false;
    const schedule = (ms: number) => {
      timer = setTimeout(tick, ms);
      timer.unref();
    };
    const tick = () => {
      running = purgeDueWaves({ db: app.db, now: app.now(), actor: { system: 'retention' } })
        .then(
          (purged) => {
            for (const p of purged) app.log.info({ waveId: p.waveId, forced: p.forced, participants: p.participants, drafts: p.drafts, contacts: p.contacts, outbox: p.outbox }, 'purged personal data of a wave after its retention period');
          },
          (error: unknown) => app.log.error({ err: error }, 'retention pass failed'),
        )
        .finally(() => {
          running = undefined;
          if (!stopped) schedule(hours * 3600 * 1000);
        });
    };
    app.addHook('onReady', async () => schedule(FIRST_PASS_MS));
    app.addHook('onClose', async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    });
  },
  { name: 'retention', dependencies: ['db'] },
);
