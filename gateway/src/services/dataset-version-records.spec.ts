import { describe, expect, it } from 'vitest';
import { ANNOTATION_FORMAT, VERSION_FORMAT, finiteOrNull, parseAnnotationRecord, parseVersionRecord } from './dataset-version-records';
import { datasetKeys } from './storage-layout';

const DATASET = '11111111-1111-4111-8111-111111111111';
const ANNOTATION = '22222222-2222-4222-8222-222222222222';

describe('dataset version records', () => {
  it('reads a version only for its own dataset and number', () => {
    const text = JSON.stringify({ format: VERSION_FORMAT, datasetId: DATASET, version: 3, parent: 2, masks: { '0': ANNOTATION }, changes: [] });
    expect(parseVersionRecord(text, DATASET, 3)?.masks).toEqual({ '0': ANNOTATION });
    expect(parseVersionRecord(text, DATASET, 4)).toBeNull();
    expect(parseVersionRecord(text, ANNOTATION, 3)).toBeNull();
    expect(parseVersionRecord('{not json', DATASET, 3)).toBeNull();
    expect(parseVersionRecord(JSON.stringify({ format: VERSION_FORMAT, datasetId: DATASET, version: 3 }), DATASET, 3)).toBeNull();
  });

  it('reads an annotation only under its own id', () => {
    const text = JSON.stringify({ format: ANNOTATION_FORMAT, id: ANNOTATION, datasetId: DATASET, caseIndex: 4 });
    expect(parseAnnotationRecord(text, DATASET, ANNOTATION)?.caseIndex).toBe(4);
    expect(parseAnnotationRecord(text, DATASET, DATASET)).toBeNull();
  });

  it('writes NaN Dice as null', () => {
    expect(finiteOrNull(Number.NaN)).toBeNull();
    expect(finiteOrNull(0.5)).toBe(0.5);
  });

  it('names version keys from 2 on and annotation folders by their id', () => {
    const keys = datasetKeys(DATASET);
    expect(keys.versionOf(keys.version(12))).toBe(12);
    expect(keys.versionOf(`${keys.versions}1.json`)).toBeNull();
    expect(keys.versionOf(`${keys.versions}x.json`)).toBeNull();
    expect(keys.annotationIdOf(keys.annotation(ANNOTATION).folder)).toBe(ANNOTATION);
    expect(keys.annotationIdOf(`${keys.annotations}../`)).toBeNull();
  });
});
