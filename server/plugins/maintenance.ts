/**
 * The server's maintenance pass (services/maintenance.ts), `app.maintenance.runPass()`: with
 * MAINTENANCE_INTERVAL_MINUTES > 0 (5 by default) it runs every interval after start. Passes never
 * overlap, and shutdown waits for a pass in progress.
 */
import fp from 'fastify-plugin';
import { runMaintenance, type MaintenanceOutcome } from '../services/maintenance.js';

declare module 'fastify' {
  interface FastifyInstance {
    maintenance: {
      /** One maintenance pass now, at the app's clock. */
      runPass(): Promise<MaintenanceOutcome>;
    };
  }
}

export default fp(
  async (app) => {
    const runPass = () => runMaintenance({ db: app.db, now: app.now(), actor: { system: 'maintenance' } });
    app.decorate('maintenance', { runPass });
    const minutes = app.config.maintenanceIntervalMinutes;
    if (minutes <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let stopped = false;
    const schedule = () => {
      timer = setTimeout(tick, minutes * 60_000);
      timer.unref();
    };
    const tick = () => {
      running = app.maintenance
        .runPass()
        .then(
          (outcome) => {
            if (outcome.expiredOpenDrafts > 0 || outcome.sealed.length > 0) app.log.info(outcome, 'maintenance pass');
          },
          (error: unknown) => app.log.error({ err: error }, 'maintenance pass failed'),
        )
        .finally(() => {
          running = undefined;
          if (!stopped) schedule();
        });
    };
    app.addHook('onReady', async () => schedule());
    app.addHook('onClose', async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    });
  },
  { name: 'maintenance', dependencies: ['db'] },
);
