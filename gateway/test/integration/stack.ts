import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/app.factory';
import { type GatewayConfig, loadConfig } from '../../src/config';
import type { Role } from '../../src/dtos/auth.dto';
import { UserRepository } from '../../src/repositories/user.repository';
import { ApiTokenService } from '../../src/services/api-token.service';
import { UserService } from '../../src/services/user.service';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

export interface ProcessHandle {
  exited: boolean;
  logFile: string;
  stop(timeoutMs?: number): Promise<number | string | null>;
}

export type ApiFetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface Stack {
  app: NestExpressApplication;
  /** fetch with the admin's API token (a path is taken relative to the gateway). */
  fetch: ApiFetch;
  /** fetch as a user of that role, `test-<role>` (created on first use, with its own API token). */
  as(role: Role): ApiFetch;
  /** The API token of that role's user, for requests fetch cannot make (raw http, trickled bodies). */
  token(role?: Role): Promise<string>;
  /** fetch as the user `username` of that role (created on first use; display name "User <username>"). */
  asUser(username: string, role: Role): ApiFetch;
  url: string;
  config: GatewayConfig;
  dir: string;
  s3: ProcessHandle & { endpoint: string };
  ml: ProcessHandle & { url: string };
  mlPort: number;
  /** Stops SeaweedFS (an outage); startS3 brings it back on the same ports and data. */
  stopS3(): Promise<void>;
  startS3(): Promise<void>;
  /** Starts a new ml-service on the same port, as after a crash. */
  restartMl(): Promise<void>;
  /** Closes the gateway and starts a new one on the same S3 and ml-service, with these changes (kept). */
  restartGateway(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

/** The real thing: SeaweedFS and the ml-service as processes, the gateway in-process on a temp SQLite file. */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'medseg-it-'));
  const credentials = { accessKeyId: 'medsegtest', secretAccessKey: 'medsegtestsecret' };
  const mlPort: number = await services.freePort();
  const s3Options = { dataDir: join(dir, 's3'), credentials, logFile: join(dir, 's3.log') };
  // The first start finds free ports (retrying when one is taken); later ones reuse them and the data.
  let weed: { s3Port: number; ports: Record<string, number> } | undefined;
  const startS3 = async () => {
    if (weed) return services.startSeaweed({ ...s3Options, ...weed });
    const s3 = await services.startSeaweedOnFreePorts(s3Options);
    weed = { s3Port: s3.s3Port, ports: s3.ports };
    return s3;
  };
  const startMl = () =>
    services.startMlService({ port: mlPort, env: { MEDSEG_ML_CACHE_DIR: join(dir, 'ml-cache') }, logFile: join(dir, 'ml.log') });
  const [s3, ml] = await Promise.all([startS3(), startMl()]);
  const baseEnv = {
    MEDSEG_DB_PATH: join(dir, 'medseg.db'),
    MEDSEG_ML_URL: ml.url,
    MEDSEG_S3_ENDPOINT: s3.endpoint,
    MEDSEG_S3_ACCESS_KEY_ID: credentials.accessKeyId,
    MEDSEG_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    MEDSEG_S3_BUCKET: 'medseg-test',
    MEDSEG_WEB_DIR: '',
    MEDSEG_LOG_LEVEL: 'warn',
    ...env,
  };
  const listen = async (config: GatewayConfig) => {
    const app = await createApp(config);
    // A free port unless the test chose one (single sign-on registers its callback URL up front).
    await app.listen(currentEnv.MEDSEG_PORT ? config.port : 0, '127.0.0.1');
    return { app, url: await app.getUrl().then((u) => u.replace('[::1]', '127.0.0.1')) };
  };
  let currentEnv: Record<string, string> = baseEnv;
  const config = loadConfig(baseEnv);
  const { app, url } = await listen(config);
  const secrets = new Map<string, Promise<string>>();
  /** Users and tokens live in S3, so they outlive gateway restarts and fresh databases. */
  const secretOf = (username: string, role: Role, displayName: string): Promise<string> => {
    if (!secrets.has(username)) {
      secrets.set(username, (async () => {
        const users = stack.app.get(UserRepository);
        const user = username === 'admin'
          ? await users.getByUsername('admin')
          : await stack.app.get(UserService).create({ username, displayName, role, passwordHash: null });
        if (!user) throw new Error('the gateway created no admin at start-up');
        return (await stack.app.get(ApiTokenService).create(user.id, { name: `integration tests (${username})` })).secret;
      })());
    }
    return secrets.get(username)!;
  };
  const fetchAsUser = (username: string, role: Role, displayName = `User ${username}`): ApiFetch => async (target, init = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${await secretOf(username, role, displayName)}`);
    return fetch(target.startsWith('/') ? `${stack.url}${target}` : target, { ...init, headers });
  };
  /** The user `as(role)` and `token(role)` stand for: the first admin, or `test-<role>`. */
  const roleUser = (role: Role) => [role === 'admin' ? 'admin' : `test-${role}`, role, `Test ${role}`] as const;
  const fetchAs = (role: Role): ApiFetch => fetchAsUser(...roleUser(role));
  const stack: Stack = {
    app,
    fetch: fetchAs('admin'),
    as: fetchAs,
    token: (role = 'admin') => secretOf(...roleUser(role)),
    asUser: (username, role) => fetchAsUser(username, role),
    url,
    config,
    dir,
    s3,
    ml,
    mlPort,
    async stopS3() {
      await stack.s3.stop();
    },
    async startS3() {
      stack.s3 = await startS3();
    },
    async restartMl() {
      stack.ml = await startMl();
    },
    async restartGateway(changes = {}) {
      await stack.app.close();
      currentEnv = { ...currentEnv, ...changes };
      stack.config = loadConfig(currentEnv);
      Object.assign(stack, await listen(stack.config));
    },
    async stop() {
      await app.close();
      await Promise.all([stack.ml.stop(), stack.s3.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  await services.waitFor('condition', check, { timeoutMs });
}
