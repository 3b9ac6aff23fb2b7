import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`gateway: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const app = await createApp(config);
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`gateway: port ${config.port} on ${config.host} is already in use (set MEDSEG_PORT to another port)`);
      await app.close();
      process.exit(1);
    }
    throw error;
  }
  new Logger('Gateway').log(`Listening on http://${config.host}:${config.port} (API docs at /api/docs)`);
}

void main();
