import { datasetDto } from '../../testing/dataset-fixtures';
import { ADA, GRACE } from '../../testing/owner-fixtures';
import { datasetChip, datasetChoiceLabel } from './dataset.model';

describe('datasetChoiceLabel', () => {
  it('tells apart two datasets of the same name by their upload time', () => {
    const first = datasetDto({ name: 'brain', uploadedAt: '2025-03-04T10:15:00.000Z' });
    const second = datasetDto({ name: 'brain', uploadedAt: '2025-03-05T08:00:00.000Z' });

    expect(datasetChoiceLabel(first, ADA.id)).toMatch(
      /^brain · 181 pairs · uploaded \d+ Mar 2025, \d\d:\d\d$/,
    );
    expect(datasetChoiceLabel(first, ADA.id)).not.toBe(datasetChoiceLabel(second, ADA.id));
  });

  it("names the owner of someone else's dataset, and of none of one's own", () => {
    const hers = datasetDto({ name: 'brain', owner: GRACE });
    expect(datasetChoiceLabel(hers, ADA.id)).toMatch(
      /^brain · Grace Hopper · 181 pairs · uploaded .*$/,
    );
    expect(datasetChoiceLabel(hers, GRACE.id)).not.toContain('Grace Hopper');
    // Stored before accounts: the lab's, nobody's name to show.
    expect(datasetChoiceLabel(datasetDto({ owner: null }), ADA.id)).not.toMatch(/ · $/);
  });
});

describe('datasetChip', () => {
  it('reads Ready, Ready with the warning count, Inspecting with the phase, or Error', () => {
    expect(datasetChip(datasetDto())).toEqual({ tone: 'ok', label: 'Ready' });
    expect(datasetChip(datasetDto({ warningCount: 1 }))).toEqual({
      tone: 'warn',
      label: 'Ready · 1 warning',
    });
    expect(
      datasetChip(
        datasetDto({ status: 'uploaded', progress: { phase: 'decoding', done: 3, total: 9 } }),
      ),
    ).toEqual({ tone: 'active', label: 'Inspecting…', detail: 'decoding 3/9' });
    expect(datasetChip(datasetDto({ status: 'error', warningCount: 2 }))).toEqual({
      tone: 'error',
      label: 'Error',
    });
  });
});
