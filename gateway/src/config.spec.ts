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
});
