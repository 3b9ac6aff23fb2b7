import { fineTuneEpochs, lineageIds, modelLineage, relativeName } from './model-lineage';

describe('modelLineage', () => {
  it('keeps the parent, children and dataset version', () => {
    expect(modelLineage({ parentModelId: 'p', childModelIds: ['c'], datasetVersion: 3 })).toEqual({
      parentModelId: 'p',
      childModelIds: ['c'],
      datasetVersion: 3,
    });
  });
});

describe('lineageIds', () => {
  it('lists the parent first, then the children', () => {
    expect(
      lineageIds({ parentModelId: 'p', childModelIds: ['a', 'b'], datasetVersion: 2 }),
    ).toEqual(['p', 'a', 'b']);
    expect(lineageIds({ parentModelId: null, childModelIds: [], datasetVersion: 1 })).toEqual([]);
  });
});

describe('relativeName', () => {
  it('names a model with its version', () => {
    expect(relativeName({ name: 'Block finder', version: 2 })).toBe('Block finder v2');
  });
});

describe('fineTuneEpochs', () => {
  it('is half the parent epochs, at least one', () => {
    expect(fineTuneEpochs(30)).toBe(15);
    expect(fineTuneEpochs(2)).toBe(1);
  });
});
