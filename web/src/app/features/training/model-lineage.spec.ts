import { fineTuneEpochs, modelLineage } from './model-lineage';

describe('modelLineage', () => {
  it('reads the parent, children and dataset version, and none from an older answer', () => {
    expect(modelLineage({ parentModelId: 'p', childModelIds: ['c'], datasetVersion: 3 })).toEqual({
      parentModelId: 'p',
      childModelIds: ['c'],
      datasetVersion: 3,
    });
    expect(modelLineage({})).toEqual({
      parentModelId: null,
      childModelIds: [],
      datasetVersion: null,
    });
  });
});

describe('fineTuneEpochs', () => {
  it('is a quarter of the parent epochs, at least one', () => {
    expect(fineTuneEpochs(30)).toBe(8);
    expect(fineTuneEpochs(2)).toBe(1);
  });
});
