/**
 * The server's own sender: with MAIL_INTERVAL_SECONDS > 0 a mail pass runs every interval. Passes
 * never overlap (a pass that takes longer than the interval delays the next one), and shutdown
 * waits for the pass in progress, so no job is left 'sending' by a normal stop.
 */
import fp from 'fastify-plugin';

export default fp(
  async (app) => {
    const seconds = app.config.mailIntervalSeconds;
    if (seconds <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let stopped = false;
    const tick = () => {
      running = app.mailer
        .runPass()
        .then(
          () => undefined,
          (error: unknown) => app.log.error({ err: error }, 'mail pass failed'),
        )
        .finally(() => {
          running = undefined;
          if (!stopped) timer = setTimeout(tick, seconds * 1000);
        });
    };
    app.addHook('onReady', async () => {
      timer = setTimeout(tick, seconds * 1000);
    });
    app.addHook('onClose', async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    });
  },
  { name: 'mailScheduler', dependencies: ['mailer'] },
);
