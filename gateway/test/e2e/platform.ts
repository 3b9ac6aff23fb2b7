import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';
// @ts-expect-error plain ESM helper shared with the benchmarks, no type declarations
import { bearerFetch, signInFirstAdmin } from '../../../scripts/lib/sign-in.mjs';

interface ProcessHandle {
  logFile: string;
  stop(timeoutMs?: number): Promise<number | string | null>;
}

export interface Platform {
  url: string;
  /** fetch with the admin's API token (the page itself is signed in by its session cookie). */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
  dir: string;
  /** The platform's SeaweedFS, for tests that read back what the gateway stored. */
  s3: { endpoint: string; bucket: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  browser: Browser;
  page: Page;
  stop(): Promise<void>;
}

const CHROMIUM = process.env.MEDSEG_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The platform as `npm start` runs it (SeaweedFS, ml-service and the built gateway serving the
 * built web app, each a process on free ports), plus Debian's chromium driven by playwright-core.
 */
export async function startPlatform(): Promise<Platform> {
  const dir = mkdtempSync(join(tmpdir(), 'medseg-e2e-'));
  const credentials = services.localS3Credentials(dir);
  const [mlPort, gatewayPort]: number[] = [await services.freePort(), await services.freePort()];
  const procs: ProcessHandle[] = [];
  try {
    const [s3, ml] = await Promise.all([
      services.startSeaweedOnFreePorts({ dataDir: join(dir, 's3'), credentials, logFile: join(dir, 's3.log') }),
      services.startMlService({ port: mlPort, env: { MEDSEG_ML_CACHE_DIR: join(dir, 'ml-cache') }, logFile: join(dir, 'ml.log') }),
    ]);
    procs.push(s3, ml);
    const dbPath = join(dir, 'medseg.db');
    const gateway = await services.startGateway({
      port: gatewayPort,
      env: {
        MEDSEG_DB_PATH: dbPath,
        MEDSEG_ML_URL: ml.url,
        MEDSEG_S3_ENDPOINT: s3.endpoint,
        MEDSEG_S3_ACCESS_KEY_ID: credentials.accessKeyId,
        MEDSEG_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        MEDSEG_WEB_DIR: join(services.ROOT, 'web/dist/web/browser'),
      },
      logFile: join(dir, 'gateway.log'),
    });
    procs.push(gateway);
    const admin: { token: string; cookie: string } = await signInFirstAdmin(gateway.url, dbPath);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Signed in as the first admin, as after following the first-start link and setting a password.
    const [name, value] = admin.cookie.split('=');
    await page.context().addCookies([{ name, value, url: gateway.url, httpOnly: true, sameSite: 'Strict' }]);
    return {
      url: gateway.url,
      fetch: bearerFetch(admin.token),
      dir,
      s3: { endpoint: s3.endpoint, bucket: 'medseg', credentials },
      browser,
      page,
      async stop() {
        await browser.close();
        for (const proc of procs.reverse()) await proc.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const proc of procs.reverse()) await proc.stop();
    throw error;
  }
}

/** Where screenshots go: kept after the run so a person can look at what the test saw. */
export const SCREENSHOT_DIR = join(services.ROOT, 'test-results/e2e');
