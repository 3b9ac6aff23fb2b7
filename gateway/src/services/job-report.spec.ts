import { describe, expect, it } from 'vitest';
import { modelKeys } from './storage-layout';
import { parseAggregateJson, parseBatchReport, parseEvaluationReport } from './job-report';

const stat = (mean: number | null, count: number) => ({ mean, median: mean, std: mean === null ? null : 0, count });
const metrics = { dice: stat(0.9, 2), iou: stat(0.8, 2), hausdorff95: stat(1.5, 2), surface_distance: stat(0.3, 2) };
const aggregate = { ...metrics, per_class: [{ class_index: 1, label_value: 255, ...metrics }] };

const image = (position: number, dice: number | null, error: string | null = null) => ({
  position,
  pair_index: position + 10,
  name: `slice_${position}`,
  input_name: `scans/slice_${position}.png`,
  output_name: error ? null : `scans/slice_${position}.png`,
  width: 35,
  height: 33,
  dice,
  iou: dice,
  hausdorff95: null,
  surface_distance: 0.5,
  per_class: dice === null ? [] : [{ class_index: 1, label_value: 255, dice, iou: dice, hausdorff95: null, surface_distance: 0.5 }],
  forward_ms: 2,
  error,
});

describe('evaluation and batch reports', () => {
  it('reads an evaluation report into camelCase, keeping nulls', () => {
    const report = parseEvaluationReport(
      JSON.stringify({
        format: 'medseg-evaluation-v1',
        evaluation_id: 'e1',
        model_id: 'm1',
        dataset_id: 'd1',
        subset: 'validation',
        created_at: '2026-11-25T19:00:00.000Z',
        finished_at: '2026-11-25T19:00:09.000Z',
        image_count: 2,
        failed_count: 1,
        aggregate,
        images: [image(0, 0.9), image(1, null, 'cannot decode')],
      }),
    )!;
    expect(report).toMatchObject({ evaluationId: 'e1', modelId: 'm1', datasetId: 'd1', subset: 'validation', imageCount: 2, failedCount: 1, testTimeMirroring: false });
    expect(report.aggregate!.surfaceDistance).toEqual({ mean: 0.3, median: 0.3, std: 0, p25: null, p75: null, count: 2 });
    expect(report.aggregate!).toMatchObject({ distanceUnit: 'px', surfaceTolerance: null });
    expect(report.aggregate!.perClass[0]).toMatchObject({ classIndex: 1, labelValue: 255, dice: { mean: 0.9 } });
    expect(report.images[0]).toMatchObject({ pairIndex: 10, name: 'slice_0', dice: 0.9, hausdorff95: null, surfaceDistance: 0.5, error: null });
    expect(report.images[0].perClass).toEqual([{ classIndex: 1, labelValue: 255, name: '', dice: 0.9, iou: 0.9, hausdorff95: null, surfaceDistance: 0.5, nsd: null }]);
    expect(report.images[0]).toMatchObject({ kind: 'image', shape: [33, 35], distanceUnit: 'px', nsd: null, caseIndex: null });
    expect(report.images[1]).toMatchObject({ dice: null, error: 'cannot decode' });
  });

  it('reads a v2 evaluation report: volumes in mm with nsd, label names and quartiles', () => {
    const stat2 = (mean: number, n: number) => ({ mean, median: mean, std: 0, p25: mean - 0.1, p75: mean + 0.1, n });
    const metrics2 = { dice: stat2(0.8, 2), iou: stat2(0.7, 2), hd95: stat2(4.5, 2), asd: stat2(1.2, 2), nsd: stat2(0.6, 2) };
    const report = parseEvaluationReport(
      JSON.stringify({
        format: 'medseg-evaluation-v2',
        evaluation_id: 'e2',
        model_id: 'm1',
        dataset_id: 'd1',
        subset: 'all',
        image_count: 1,
        failed_count: 0,
        surfaceTolerance: 2,
        test_time_mirroring: true,
        aggregate: { distanceUnit: 'mm', surfaceTolerance: 2, ...metrics2, perClass: [{ classIndex: 1, value: 3, name: 'liver', ...metrics2 }] },
        images: [
          {
            position: 0,
            pair_index: 40,
            name: 'case_004',
            kind: 'volume',
            caseIndex: 4,
            shape: [12, 40, 48],
            spacing: [2.5, 0.8, 0.8],
            distanceUnit: 'mm',
            width: 48,
            height: 40,
            dice: 0.8,
            iou: 0.7,
            hd95: 4.5,
            asd: 1.2,
            nsd: 0.6,
            perClass: [{ classIndex: 1, value: 3, name: 'liver', dice: 0.8, iou: 0.7, hd95: 4.5, asd: 1.2, nsd: 0.6 }],
            error: null,
          },
        ],
      }),
    )!;
    expect(report.testTimeMirroring).toBe(true);
    expect(report.aggregate).toMatchObject({ distanceUnit: 'mm', surfaceTolerance: 2, hausdorff95: { mean: 4.5, p25: 4.4, count: 2 }, nsd: { mean: 0.6 } });
    expect(report.aggregate!.perClass[0]).toMatchObject({ classIndex: 1, labelValue: 3, name: 'liver', surfaceDistance: { mean: 1.2 } });
    expect(report.images[0]).toMatchObject({ name: 'case_004', kind: 'volume', caseIndex: 4, shape: [12, 40, 48], spacing: [2.5, 0.8, 0.8], distanceUnit: 'mm', hausdorff95: 4.5, surfaceDistance: 1.2, nsd: 0.6 });
    expect(report.images[0].perClass).toEqual([{ classIndex: 1, labelValue: 3, name: 'liver', dice: 0.8, iou: 0.7, hausdorff95: 4.5, surfaceDistance: 1.2, nsd: 0.6 }]);
  });

  it('lists the failed images of a batch report by input name; a null aggregate stays null', () => {
    const report = parseBatchReport(
      JSON.stringify({
        format: 'medseg-batch-v1',
        batch_id: 'b1',
        model_id: 'm1',
        dataset_id: null,
        source: 'archive',
        input_name: 'scans.zip',
        image_count: 2,
        failed_count: 1,
        aggregate: null,
        images: [image(0, null), image(1, null, 'not an image')],
      }),
    )!;
    expect(report).toMatchObject({ batchId: 'b1', source: 'archive', inputName: 'scans.zip', datasetId: null, aggregate: null });
    expect(report.failures).toEqual([{ inputName: 'scans/slice_1.png', error: 'not an image' }]);
  });

  it('refuses anything that is not a report of its kind', () => {
    expect(parseEvaluationReport('{"format": "medseg-batch-v1"}')).toBeNull();
    expect(parseBatchReport('not json')).toBeNull();
    expect(parseAggregateJson('')).toBeNull();
    expect(parseAggregateJson('null')).toBeNull();
    expect(parseAggregateJson(JSON.stringify(aggregate))!.iou.mean).toBe(0.8);
  });

  it('names export bundles as the S3 layout says', () => {
    expect(modelKeys('m').export('onnx', 18)).toEqual({ bundle: 'models/m/export/onnx-opset18.zip', info: 'models/m/export/onnx-opset18.json' });
    expect(modelKeys('m').export('torchscript', 0).bundle).toBe('models/m/export/torchscript.zip');
  });
});
