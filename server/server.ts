/** Launcher only: read config, build the app, listen, close on signals. */
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { StartupError } from './errors.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp({ config });
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  // configuration, questionnaire and migration faults are meant for the person starting the server: no stack
  console.error(error instanceof StartupError ? error.message : error);
  process.exit(1);
});
