import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('falls back to the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.mlServiceUrl).toBe('127.0.0.1:50051');
    expect(config.s3).toMatchObject({ endpoint: null, bucket: 'medseg', credentials: null, forcePathStyle: false });
    expect(config.dbPath.endsWith('data/medseg.db')).toBe(true);
  });

  it('leaves the decode budgets to the ml-service unless set, and reads the inference upload limit', () => {
    const defaults = loadConfig({});
    expect(defaults.datasets).toMatchObject({ maxVolumeBytes: 0, maxSlicesPerFile: 0, maxPairs: 0, maxClasses: 0 });
    expect(defaults.inference.maxUploadBytes).toBe(200 * 1024 * 1024);
    const set = loadConfig({
      MEDSEG_DATASET_MAX_VOLUME_MB: '512',
      MEDSEG_DATASET_MAX_SLICES_PER_FILE: '1000',
      MEDSEG_DATASET_MAX_PAIRS: '5000',
      MEDSEG_DATASET_MAX_CLASSES: '16',
      MEDSEG_INFERENCE_MAX_UPLOAD_MB: '20',
    });
    expect(set.datasets).toMatchObject({ maxVolumeBytes: 512 * 1024 * 1024, maxSlicesPerFile: 1000, maxPairs: 5000, maxClasses: 16 });
    expect(set.inference.maxUploadBytes).toBe(20 * 1024 * 1024);
    expect(() => loadConfig({ MEDSEG_INFERENCE_MAX_UPLOAD_MB: '4096' })).toThrow(/MEDSEG_INFERENCE_MAX_UPLOAD_MB/);
  });

  it('uses path-style addressing for a custom endpoint unless told otherwise', () => {
    expect(loadConfig({ MEDSEG_S3_ENDPOINT: 'http://127.0.0.1:8333' }).s3.forcePathStyle).toBe(true);
    expect(
      loadConfig({ MEDSEG_S3_ENDPOINT: 'https://s3.example.org', MEDSEG_S3_FORCE_PATH_STYLE: 'false' }).s3.forcePathStyle,
    ).toBe(false);
  });

  it.each([
    ['MEDSEG_PORT', 'eighty', /MEDSEG_PORT.*whole number/],
    ['MEDSEG_PORT', '70000', /MEDSEG_PORT/],
    ['MEDSEG_ML_URL', 'localhost', /MEDSEG_ML_URL.*host:port/],
    ['MEDSEG_S3_ENDPOINT', 'ftp://x', /MEDSEG_S3_ENDPOINT.*http/],
    ['MEDSEG_S3_BUCKET', 'Bad_Bucket', /MEDSEG_S3_BUCKET/],
    ['MEDSEG_S3_FORCE_PATH_STYLE', 'maybe', /MEDSEG_S3_FORCE_PATH_STYLE.*boolean/],
    ['MEDSEG_LOG_LEVEL', 'loud', /MEDSEG_LOG_LEVEL.*one of/],
    ['MEDSEG_PUBLIC_URL', 'medseg.example.org', /MEDSEG_PUBLIC_URL.*not a URL/],
    ['MEDSEG_PUBLIC_URL', 'ftp://medseg.example.org', /MEDSEG_PUBLIC_URL.*http/],
    ['MEDSEG_PUBLIC_URL', 'https://medseg.example.org/app', /MEDSEG_PUBLIC_URL.*origin only/],
    ['MEDSEG_PUBLIC_URL', 'https://lab.example.org/?x=1', /MEDSEG_PUBLIC_URL.*origin only/],
    ['MEDSEG_REQUEST_TIMEOUT_S', '-1', /MEDSEG_REQUEST_TIMEOUT_S.*whole number/],
    ['MEDSEG_STORE_INFERENCE_INPUTS', 'sometimes', /MEDSEG_STORE_INFERENCE_INPUTS.*boolean/],
    ['MEDSEG_SESSION_IDLE_HOURS', '-1', /MEDSEG_SESSION_IDLE_HOURS.*number/],
    ['MEDSEG_SESSION_MAX_DAYS', 'a week', /MEDSEG_SESSION_MAX_DAYS.*number/],
    ['MEDSEG_LOGIN_MAX_FAILURES_PER_ACCOUNT', '0', /MEDSEG_LOGIN_MAX_FAILURES_PER_ACCOUNT/],
  ])('rejects %s=%s with a message naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('requires both S3 keys or neither', () => {
    expect(() => loadConfig({ MEDSEG_S3_ACCESS_KEY_ID: 'a' })).toThrow(/MEDSEG_S3_SECRET_ACCESS_KEY/);
    expect(loadConfig({ MEDSEG_S3_ACCESS_KEY_ID: 'a', MEDSEG_S3_SECRET_ACCESS_KEY: 'b' }).s3.credentials).toEqual({
      accessKeyId: 'a',
      secretAccessKey: 'b',
    });
  });

  it('derives the public URL from host and port, in the localhost form for loopback and every address', () => {
    expect(loadConfig({}).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ MEDSEG_HOST: '0.0.0.0', MEDSEG_PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    expect(loadConfig({ MEDSEG_HOST: '10.0.0.5' }).publicUrl).toBe('http://10.0.0.5:8080');
    expect(loadConfig({ MEDSEG_HOST: 'fd00::5' }).publicUrl).toBe('http://[fd00::5]:8080');
    expect(loadConfig({ MEDSEG_PUBLIC_URL: 'https://MedSeg.example.org/' }).publicUrl).toBe('https://medseg.example.org');
  });

  it('gives long uploads hours, not Node\'s 300 s, and keeps inference inputs by default', () => {
    expect(loadConfig({}).requestTimeoutMs).toBe(6 * 3600 * 1000);
    expect(loadConfig({ MEDSEG_REQUEST_TIMEOUT_S: '0' }).requestTimeoutMs).toBe(0);
    expect(loadConfig({}).storeInferenceInputs).toBe(true);
    expect(loadConfig({ MEDSEG_STORE_INFERENCE_INPUTS: 'false' }).storeInferenceInputs).toBe(false);
  });

  it('reads session lifetimes in hours and days, fractions allowed', () => {
    expect(loadConfig({}).auth).toEqual({
      sessionIdleMs: 12 * 3_600_000,
      sessionMaxMs: 7 * 86_400_000,
      loginFailuresPerAccount: 5,
      loginFailuresPerAddress: 20,
      loginWindowMs: 15 * 60_000,
    });
    expect(loadConfig({ MEDSEG_SESSION_IDLE_HOURS: '0.5' }).auth.sessionIdleMs).toBe(1_800_000);
  });
});

describe('loadConfig: single sign-on', () => {
  const oidc = { MEDSEG_OIDC_ISSUER: 'https://id.example.org/realms/lab', MEDSEG_OIDC_CLIENT_ID: 'medseg', MEDSEG_OIDC_CLIENT_SECRET: 's3cret' };

  it('is off when no MEDSEG_OIDC_* is set', () => {
    expect(loadConfig({}).oidc).toBeNull();
  });

  it('takes its defaults when the three required variables are set', () => {
    expect(loadConfig(oidc).oidc).toEqual({
      issuer: 'https://id.example.org/realms/lab',
      clientId: 'medseg',
      clientSecret: 's3cret',
      name: 'single sign-on',
      roleClaim: 'medseg_role',
      defaultRole: 'viewer',
      scopes: 'openid profile email',
      allowHttp: false,
    });
  });

  it.each(['MEDSEG_OIDC_ISSUER', 'MEDSEG_OIDC_CLIENT_ID', 'MEDSEG_OIDC_CLIENT_SECRET'] as const)(
    'requires all three variables: %s missing is an error naming it',
    (name) => {
      expect(() => loadConfig({ ...oidc, [name]: '' })).toThrow(ConfigError);
      expect(() => loadConfig({ ...oidc, [name]: '' })).toThrow(new RegExp(`${name}.*all of`));
    },
  );

  it.each([
    ['MEDSEG_OIDC_ISSUER', 'http://id.example.org', /MEDSEG_OIDC_ISSUER.*https/],
    ['MEDSEG_OIDC_ISSUER', 'not a url', /MEDSEG_OIDC_ISSUER.*not a URL/],
    ['MEDSEG_OIDC_DEFAULT_ROLE', 'owner', /MEDSEG_OIDC_DEFAULT_ROLE.*one of viewer, researcher, admin/],
    ['MEDSEG_OIDC_SCOPES', 'profile email', /MEDSEG_OIDC_SCOPES.*openid/],
  ])('rejects %s=%s', (name, value, message) => {
    expect(() => loadConfig({ ...oidc, [name]: value })).toThrow(message);
  });

  it('accepts plain http for a provider on loopback only', () => {
    expect(loadConfig({ ...oidc, MEDSEG_OIDC_ISSUER: 'http://127.0.0.1:9000' }).oidc?.allowHttp).toBe(true);
    expect(loadConfig({ ...oidc, MEDSEG_OIDC_ISSUER: 'http://localhost:9000' }).oidc?.allowHttp).toBe(true);
  });
});
