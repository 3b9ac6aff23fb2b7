/**
 * Writes the gateway's OpenAPI document to a file, for `npm run gen` (the web's API types are
 * generated from it). Nest runs in preview mode: modules are scanned but no provider is built, so
 * nothing connects to S3, SQLite or the ml-service and no port is opened.
 * Usage: node dist/openapi.js OUT_FILE
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { buildOpenApiDocument, configureRoutes } from './app.factory';
import { AppModule } from './app.module';
import { loadConfig } from './config';
import type { Database } from './db/schema';

async function main(out: string | undefined): Promise<void> {
  if (!out) throw new Error('usage: node dist/openapi.js OUT_FILE');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  const app = await NestFactory.create(AppModule.forRoot(loadConfig({}), db), { preview: true, logger: false });
  configureRoutes(app);
  const document = buildOpenApiDocument(app);
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
  await db.destroy();
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
