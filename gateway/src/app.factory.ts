import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type INestApplication, RequestMethod, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import type { GatewayConfig } from './config';
import { migrateToLatest, openDatabase } from './db/database';
import { JobEventDto } from './dtos/job-event.dto';
import { ErrorFilter } from './http/error.filter';
import { hostCheck } from './http/host-check.middleware';
import { MAX_JSON_BODY_BYTES } from './http/json-body';
import { TimedExpressAdapter } from './http/http-adapter';
import { securityHeaders } from './http/security-headers';
import { serveWeb } from './http/web-app';
import { GatewayLogger } from './observability/gateway-logger';
import { GatewayMetrics } from './observability/gateway-metrics';
import { httpObservation } from './observability/http-observation';
import { requestContext } from './observability/request-context';

/** Builds the whole gateway (used by main.ts and by the integration tests). */
export async function createApp(config: GatewayConfig): Promise<NestExpressApplication> {
  const { db, created } = openDatabase(config.dbPath);
  await migrateToLatest(db);

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, db, created), new TimedExpressAdapter(config.requestTimeoutMs), {
    logger: new GatewayLogger(config.logFormat, logLevels(config.logLevel)),
  });
  // First of all: everything after runs inside the request's context (its id in every log line).
  app.use(requestContext());
  app.use(httpObservation(app.get(GatewayMetrics)));
  // Before anything else answers: a foreign Host gets nothing, every answer gets the headers.
  app.use(hostCheck(config.publicUrl));
  app.use(securityHeaders(config.publicUrl));
  app.useBodyParser('json', { limit: MAX_JSON_BODY_BYTES });
  configureRoutes(app);
  app.enableShutdownHooks();
  app.disable('x-powered-by');

  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs/openapi.json' });

  if (config.webDir && existsSync(join(config.webDir, 'index.html'))) serveWeb(app, config.webDir);
  return app;
}

/** What shapes the routes and their validation; shared with the OpenAPI writer so its paths match. */
export function configureRoutes(app: INestApplication): void {
  // GET /metrics sits where Prometheus looks for it, outside the API's prefix.
  app.setGlobalPrefix('api', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true, forbidNonWhitelisted: true }));
  app.useGlobalFilters(new ErrorFilter());
}

/** The OpenAPI document served at /api/docs and written to gateway/openapi.json by `npm run gen`. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('MedSeg API')
      .setDescription('Datasets, training, inference and evaluation of U-Net segmentation models')
      .setVersion('1')
      // Scripts send an API token (POST /api/auth/tokens); the browser holds the session cookie.
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'MedSeg API token', description: 'An API token from POST /api/auth/tokens' }, 'token')
      .addSecurityRequirements('token')
      .build(),
    // What the job streams send (text/event-stream has no schema of its own): typed for the web too.
    { extraModels: [JobEventDto] },
  );
}

function logLevels(level: GatewayConfig['logLevel']) {
  const order = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}
