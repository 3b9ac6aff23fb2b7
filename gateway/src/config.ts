import type { LogFormat } from './observability/gateway-logger';
import { resolve } from 'node:path';
import { ROLES, type Role } from './dtos/auth.dto';

/** Everything the gateway reads from its environment, validated once at start-up. */
export interface GatewayConfig {
  host: string;
  port: number;
  /**
   * The origin people open (MEDSEG_PUBLIC_URL): requests for any other Host than it or loopback are
   * refused (DNS rebinding), links the gateway prints start with it, and https makes the session
   * cookie Secure. No trailing slash.
   */
  publicUrl: string;
  /**
   * How long a whole request may take to arrive (Node's `requestTimeout`; 0 = no limit). Node's own
   * default (300 s) would cut off a large upload on a slow line.
   */
  requestTimeoutMs: number;
  dbPath: string;
  webDir: string | null;
  mlServiceUrl: string;
  /** How long a unary ml-service call may take before the gateway gives up. */
  mlTimeoutMs: number;
  /** How long a lost job watch may take to come back before the gateway gives the job up. */
  mlReattachMs: number;
  s3: S3Config;
  datasets: DatasetLimitsConfig;
  auth: AuthConfig;
  /** Single sign-on by OpenID Connect; null when MEDSEG_OIDC_* are unset. */
  oidc: OidcConfig | null;
  inference: InferenceLimitsConfig;
  /** Whether a stored inference result keeps its input image; the start value of SettingsService. */
  storeInferenceInputs: boolean;
  logLevel: LogLevel;
  /** text for a terminal, json (one object per line, with requestId) for log shippers. */
  logFormat: LogFormat;
}

/** What one segmentation request may send. */
export interface InferenceLimitsConfig {
  /** Largest uploaded image; it travels in one gRPC message, so keep it under MEDSEG_ML_MAX_MESSAGE_MB. */
  maxUploadBytes: number;
}

/** Sessions and login throttling (docs/architecture.md, "Accounts"). */
export interface AuthConfig {
  /** A session unused this long ends. */
  sessionIdleMs: number;
  /** A session ends this long after sign-in, used or not. */
  sessionMaxMs: number;
  /** Failed logins allowed per account, and per client address, within loginWindowMs. */
  loginFailuresPerAccount: number;
  loginFailuresPerAddress: number;
  loginWindowMs: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the "Sign in with …" button says. */
  name: string;
  /** The claim (a name, or a dotted path such as realm_access.roles) whose value is the MedSeg role. */
  roleClaim: string;
  /** The role of a user whose claim is missing or names no MedSeg role. */
  defaultRole: Role;
  scopes: string;
  /** Plain http is accepted only for a provider on loopback (one on the same machine, the tests). */
  allowHttp: boolean;
}

/** What an uploaded or imported archive may be; the ml-service enforces the inner limits. */
export interface DatasetLimitsConfig {
  maxArchiveBytes: number;
  maxEntries: number;
  maxUncompressedBytes: number;
  maxCompressionRatio: number;
  maxPixelsPerSlice: number;
  /**
   * Decode budgets the ml-service checks from each file's header; 0 means the ml-service's default
   * (medseg_ml/datasets/limits.py is their one home).
   */
  maxVolumeBytes: number;
  maxSlicesPerFile: number;
  maxPairs: number;
  maxClasses: number;
  /** Whole-download time limit of a URL import. */
  importTimeoutMs: number;
  /** Lets URL imports reach loopback, private and link-local addresses (off: SSRF protection). */
  importAllowPrivate: boolean;
}

export interface S3Config {
  /** Unset means AWS S3 itself, with the SDK's default endpoint resolution. */
  endpoint: string | null;
  region: string;
  bucket: string;
  /** Unset means the AWS SDK default credential chain (env, profile, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  forcePathStyle: boolean;
  /** A multipart upload no running upload owns is aborted by the sweep once it is this old. */
  staleUploadMs: number;
}

export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid ${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const MIB = 1024 * 1024;

export function loadConfig(env: Env = process.env): GatewayConfig {
  const endpoint = optional(env, 'MEDSEG_S3_ENDPOINT');
  if (endpoint !== null) url(endpoint, 'MEDSEG_S3_ENDPOINT');
  const accessKeyId = optional(env, 'MEDSEG_S3_ACCESS_KEY_ID');
  const secretAccessKey = optional(env, 'MEDSEG_S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === null) !== (secretAccessKey === null)) {
    throw new ConfigError(
      accessKeyId === null ? 'MEDSEG_S3_ACCESS_KEY_ID' : 'MEDSEG_S3_SECRET_ACCESS_KEY',
      'set both MEDSEG_S3_ACCESS_KEY_ID and MEDSEG_S3_SECRET_ACCESS_KEY, or neither to use the AWS default credential chain',
    );
  }
  const webDir = env.MEDSEG_WEB_DIR === '' ? null : resolve(env.MEDSEG_WEB_DIR ?? 'web/dist/web/browser');

  const host = env.MEDSEG_HOST?.trim() || '127.0.0.1';
  const port = integer(env, 'MEDSEG_PORT', 8080, 0, 65535);

  return {
    host,
    port,
    requestTimeoutMs: integer(env, 'MEDSEG_REQUEST_TIMEOUT_S', 21_600, 0, 7 * 86_400) * 1000,
    dbPath: resolve(env.MEDSEG_DB_PATH?.trim() || 'data/medseg.db'),
    webDir,
    mlServiceUrl: hostPort(env, 'MEDSEG_ML_URL', '127.0.0.1:50051'),
    mlTimeoutMs: integer(env, 'MEDSEG_ML_TIMEOUT_MS', 5000, 100, 600_000),
    mlReattachMs: integer(env, 'MEDSEG_ML_REATTACH_MS', 30_000, 1000, 3_600_000),
    s3: {
      endpoint,
      region: env.MEDSEG_S3_REGION?.trim() || 'us-east-1',
      bucket: bucketName(env, 'MEDSEG_S3_BUCKET', 'medseg'),
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : null,
      forcePathStyle: boolean(env, 'MEDSEG_S3_FORCE_PATH_STYLE', endpoint !== null),
      staleUploadMs: integer(env, 'MEDSEG_S3_STALE_UPLOAD_S', 300, 0, 7 * 86_400) * 1000,
    },
    datasets: {
      maxArchiveBytes: integer(env, 'MEDSEG_DATASET_MAX_ARCHIVE_MB', 2048, 1, 1_048_576) * MIB,
      maxEntries: integer(env, 'MEDSEG_DATASET_MAX_ENTRIES', 100_000, 1, 10_000_000),
      maxUncompressedBytes: integer(env, 'MEDSEG_DATASET_MAX_UNCOMPRESSED_MB', 8192, 1, 16_777_216) * MIB,
      maxCompressionRatio: integer(env, 'MEDSEG_DATASET_MAX_COMPRESSION_RATIO', 200, 1, 100_000),
      maxPixelsPerSlice: integer(env, 'MEDSEG_DATASET_MAX_PIXELS_PER_SLICE', 64 * 1024 * 1024, 1, 2 ** 40),
      maxVolumeBytes: integer(env, 'MEDSEG_DATASET_MAX_VOLUME_MB', 0, 0, 1_048_576) * MIB,
      maxSlicesPerFile: integer(env, 'MEDSEG_DATASET_MAX_SLICES_PER_FILE', 0, 0, 1_000_000),
      maxPairs: integer(env, 'MEDSEG_DATASET_MAX_PAIRS', 0, 0, 100_000_000),
      maxClasses: integer(env, 'MEDSEG_DATASET_MAX_CLASSES', 0, 0, 65_535),
      importTimeoutMs: integer(env, 'MEDSEG_IMPORT_TIMEOUT_S', 600, 1, 86_400) * 1000,
      importAllowPrivate: boolean(env, 'MEDSEG_IMPORT_ALLOW_PRIVATE', false),
    },
    auth: {
      sessionIdleMs: decimal(env, 'MEDSEG_SESSION_IDLE_HOURS', 12, 0.0001, 24 * 365) * 3_600_000,
      sessionMaxMs: decimal(env, 'MEDSEG_SESSION_MAX_DAYS', 7, 0.00001, 3650) * 86_400_000,
      loginFailuresPerAccount: integer(env, 'MEDSEG_LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1_000_000),
      loginFailuresPerAddress: integer(env, 'MEDSEG_LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 1_000_000),
      loginWindowMs: integer(env, 'MEDSEG_LOGIN_WINDOW_MIN', 15, 1, 10_080) * 60_000,
    },
    publicUrl: publicUrl(env, host, port),
    oidc: oidcConfig(env),
    inference: {
      maxUploadBytes: integer(env, 'MEDSEG_INFERENCE_MAX_UPLOAD_MB', 200, 1, 2047) * MIB,
    },
    storeInferenceInputs: boolean(env, 'MEDSEG_STORE_INFERENCE_INPUTS', true),
    logLevel: oneOf(env, 'MEDSEG_LOG_LEVEL', LOG_LEVELS, 'log'),
    logFormat: oneOf(env, 'MEDSEG_LOG_FORMAT', ['text', 'json'] as const, 'text'),
  };
}

/** Listening on loopback or every address, the browser's URL is localhost's. */
const LOCAL_LISTEN = new Set(['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost']);

function publicUrl(env: Env, host: string, port: number): string {
  const raw = optional(env, 'MEDSEG_PUBLIC_URL');
  if (raw === null) {
    const name = LOCAL_LISTEN.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    return `http://${name}:${port}`;
  }
  url(raw, 'MEDSEG_PUBLIC_URL');
  const parsed = new URL(raw);
  if (parsed.pathname !== '/' || parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError('MEDSEG_PUBLIC_URL', `"${raw}" must be an origin only, like https://medseg.example.org or http://10.0.0.5:8080 (no path, query or credentials)`);
  }
  return parsed.origin;
}

/** A number with an optional fraction (small values let tests expire sessions in seconds). */
function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `"${raw}" is not a number from ${min} to ${max}`);
  }
  return Number(raw);
}

const OIDC_REQUIRED = ['MEDSEG_OIDC_ISSUER', 'MEDSEG_OIDC_CLIENT_ID', 'MEDSEG_OIDC_CLIENT_SECRET'] as const;

function oidcConfig(env: Env): OidcConfig | null {
  const missing = OIDC_REQUIRED.filter((name) => optional(env, name) === null);
  if (missing.length === OIDC_REQUIRED.length) return null;
  if (missing.length > 0) {
    throw new ConfigError(missing[0], `single sign-on needs all of ${OIDC_REQUIRED.join(', ')} (or none of them)`);
  }
  const issuer = optional(env, 'MEDSEG_OIDC_ISSUER')!;
  url(issuer, 'MEDSEG_OIDC_ISSUER');
  const { protocol, hostname } = new URL(issuer);
  const loopback = hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
  if (protocol === 'http:' && !loopback) {
    throw new ConfigError('MEDSEG_OIDC_ISSUER', `"${issuer}" must use https:// (plain http only for a provider on localhost)`);
  }
  const scopes = (optional(env, 'MEDSEG_OIDC_SCOPES') ?? 'openid profile email').split(/\s+/);
  if (!scopes.includes('openid')) {
    throw new ConfigError('MEDSEG_OIDC_SCOPES', `"${scopes.join(' ')}" must include openid`);
  }
  return {
    issuer,
    clientId: optional(env, 'MEDSEG_OIDC_CLIENT_ID')!,
    clientSecret: optional(env, 'MEDSEG_OIDC_CLIENT_SECRET')!,
    name: optional(env, 'MEDSEG_OIDC_NAME') ?? 'single sign-on',
    roleClaim: optional(env, 'MEDSEG_OIDC_ROLE_CLAIM') ?? 'medseg_role',
    defaultRole: oneOf(env, 'MEDSEG_OIDC_DEFAULT_ROLE', ROLES, 'viewer'),
    scopes: scopes.join(' '),
    allowHttp: protocol === 'http:',
  };
}

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `"${raw}" is not a whole number from ${min} to ${max}`);
  }
  return Number(raw);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined || raw === null) return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `"${raw}" is not a boolean (use true or false)`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!allowed.includes(raw as T)) {
    throw new ConfigError(name, `"${raw}" is not one of ${allowed.join(', ')}`);
  }
  return raw as T;
}

function url(raw: string, name: string): void {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `"${raw}" is not a URL (expected e.g. http://127.0.0.1:8333)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(name, `"${raw}" must start with http:// or https://`);
  }
}

function hostPort(env: Env, name: string, fallback: string): string {
  const raw = optional(env, name) ?? fallback;
  const match = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(raw);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    throw new ConfigError(name, `"${raw}" is not host:port (expected e.g. 127.0.0.1:50051)`);
  }
  return raw;
}

function bucketName(env: Env, name: string, fallback: string): string {
  const raw = optional(env, name) ?? fallback;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(raw)) {
    throw new ConfigError(name, `"${raw}" is not a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)`);
  }
  return raw;
}
