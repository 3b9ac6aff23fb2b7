import type { Readable } from 'node:stream';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import { type ExportFormatName, ONNX_OPSETS } from '../dtos/export.dto';
import { ExportFormat } from '../generated/medseg/v1/export_service';
import { MlRepository } from '../repositories/ml.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { AuditService } from './audit.service';
import { PRESIGN_S, modelKeys } from './storage-layout';
import { type CompletedModel, ModelSourceService } from './model-source.service';

/** What the gateway keeps beside a bundle: the ExportModel answer, for the download's headers. */
interface ExportInfo {
  fileName: string;
  bundleBytes: number;
  bundleSha256: string;
  opsetVersion: number;
  maxAbsDifference: number;
  exportMs: number;
  /** export.json as written into the bundle. */
  exportJson: string;
  /** Who asked for the export first; the bundle serves whoever may see the model. */
  owner_id?: string | null;
}

export interface ExportDownload {
  body: Readable;
  contentLength?: number;
  fileName: string;
  opset: number;
  maxAbsDifference: number;
}

const FORMAT_PB = {
  onnx: ExportFormat.EXPORT_FORMAT_ONNX,
  torchscript: ExportFormat.EXPORT_FORMAT_TORCHSCRIPT,
  'monai-bundle': ExportFormat.EXPORT_FORMAT_MONAI_BUNDLE,
} as const;

/**
 * ONNX and TorchScript bundles of completed models. The first request exports through the
 * ml-service (which writes the ZIP to S3); later ones stream the kept bundle. Concurrent first
 * requests for one bundle share a single export.
 */
@Injectable()
export class ExportService {
  private readonly logger = new Logger(ExportService.name);
  private readonly inFlight = new Map<string, Promise<ExportInfo>>();

  constructor(
    private readonly storage: StorageRepository,
    private readonly ml: MlRepository,
    private readonly sources: ModelSourceService,
    private readonly audit: AuditService,
  ) {}

  async export(caller: Caller, modelId: string, format: ExportFormatName, opset: number | undefined): Promise<ExportDownload> {
    const model = await this.sources.completed(caller, modelId, 'export');
    const opsetVersion = format === 'onnx' ? (opset ?? ONNX_OPSETS.default) : 0;
    const keys = modelKeys(modelId).export(format, opsetVersion);
    let info = await this.cached(keys);
    if (!info) {
      let pending = this.inFlight.get(keys.bundle);
      if (!pending) {
        pending = this.run(caller, model, format, opsetVersion, keys).finally(() => this.inFlight.delete(keys.bundle));
        this.inFlight.set(keys.bundle, pending);
      }
      info = await pending;
    }
    const object = await this.storage.getObjectStream(keys.bundle);
    if (!object) throw new NotFoundException(`${keys.bundle} is missing from storage; request the export again`);
    // Every download counts: the audit log says who took the model out of MedSeg.
    await this.audit.record(caller, 'exported', 'model', modelId, model.row.name, format === 'onnx' ? `onnx, opset ${info.opsetVersion}` : format);
    const name = model.row.name.replace(/[^\w.-]+/g, '_') || 'model';
    return {
      ...object,
      fileName: `${name}-v${model.row.version}-${format}.zip`,
      opset: info.opsetVersion,
      maxAbsDifference: info.maxAbsDifference,
    };
  }

  /** The kept answer when both it and the bundle are in S3. */
  private async cached(keys: { bundle: string; info: string }): Promise<ExportInfo | null> {
    const text = await this.storage.getText(keys.info);
    if (text === null || (await this.storage.size(keys.bundle)) === null) return null;
    try {
      return JSON.parse(text) as ExportInfo;
    } catch {
      return null;
    }
  }

  private async run(caller: Caller, model: CompletedModel, format: ExportFormatName, opsetVersion: number, keys: { bundle: string; info: string }): Promise<ExportInfo> {
    const bundleUrl = await this.storage.presignPut(keys.bundle, PRESIGN_S.export);
    const r = await this.ml.exportModel({ model: model.source, format: FORMAT_PB[format], opsetVersion, bundleUrl });
    const info: ExportInfo = {
      fileName: r.fileName,
      bundleBytes: r.bundleBytes,
      bundleSha256: r.bundleSha256,
      opsetVersion: r.opsetVersion,
      maxAbsDifference: r.maxAbsDifference,
      exportMs: r.exportMs,
      exportJson: r.exportJson,
      owner_id: caller.id,
    };
    // Written after the bundle: it is what marks the bundle as complete.
    await this.storage.putObject(keys.info, JSON.stringify(info), 'application/json');
    this.logger.log(`Model ${model.row.id}: exported ${format}${format === 'onnx' ? ` opset ${r.opsetVersion}` : ''} in ${Math.round(r.exportMs)} ms`);
    return info;
  }
}
