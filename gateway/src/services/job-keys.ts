import type { ExportFormatName } from '../dtos/export.dto';

/** S3 keys of evaluation and batch jobs and of export bundles (docs/evaluation.md, S3 layout). */
export function evaluationReportKey(modelId: string, evaluationId: string): string {
  return `models/${modelId}/evaluations/${evaluationId}.json`;
}

export function batchKeys(id: string) {
  const prefix = `batches/${id}/`;
  return {
    prefix,
    input: `${prefix}input.zip`,
    masks: `${prefix}masks.zip`,
    csv: `${prefix}results.csv`,
    report: `${prefix}batch.json`,
  };
}

/**
 * The bundle, and beside it the ExportModel answer the gateway keeps (export.json as written into
 * the bundle) so a cached bundle is served with its headers without opening the ZIP.
 */
export function exportKeys(modelId: string, format: ExportFormatName, opset: number) {
  const stem = format === 'torchscript' ? 'torchscript' : `onnx-opset${opset}`;
  const prefix = `models/${modelId}/export/`;
  return { bundle: `${prefix}${stem}.zip`, info: `${prefix}${stem}.json` };
}
