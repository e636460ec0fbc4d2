/** Launcher only: read config, build the app, listen, close on signals. */
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

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
  // configuration and questionnaire faults are meant for the person starting the server: no stack
  const known = error instanceof ConfigError || (error instanceof Error && /^(Invalid questionnaire|migration )/.test(error.message));
  console.error(known ? (error as Error).message : error);
  process.exit(1);
});
