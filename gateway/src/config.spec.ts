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
    ['MEDSEG_REQUEST_TIMEOUT_S', '-1', /MEDSEG_REQUEST_TIMEOUT_S.*whole number/],
    ['MEDSEG_STORE_INFERENCE_INPUTS', 'sometimes', /MEDSEG_STORE_INFERENCE_INPUTS.*boolean/],
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
});
