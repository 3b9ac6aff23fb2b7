import type { DatasetRow } from '../db/schema';
import type { DatasetCase, DatasetPair, DatasetStats as PbStats, InspectResult } from '../generated/medseg/v1/dataset_service';
import type { VolumeGeometry } from '../generated/medseg/v1/volume';
import { publicMessage } from '../util/public-message';
import { type DatasetManifest, type DatasetStats, type ManifestCase, type ManifestPair, MANIFEST_FORMAT } from './dataset-manifest';
import { imageFormatName } from './dataset-formats';
import { fingerprintFromWire, intensityFromWire } from './dataset-intensity-wire';
import { datasetKeys } from './storage-layout';

/** The manifest of an inspected dataset: what the ml-service found, in the gateway's camelCase. */
export function buildManifest(row: DatasetRow, result: InspectResult, ok: boolean, id: string): DatasetManifest {
  const keys = datasetKeys(id);
  return {
    format: MANIFEST_FORMAT,
    id,
    name: row.name,
    status: ok ? 'ready' : 'error',
    uploadedAt: row.uploaded_at,
    archiveKey: keys.archive,
    archiveBytes: row.archive_bytes,
    fileCount: result.stats?.entryCount ?? 0,
    stats: result.stats ? mapStats(result.stats) : null,
    // The ml-service's reasons can quote its temp paths or a decoder's message; the manifest keeps what a person may see.
    errors: ok ? [] : result.errors.map(publicMessage),
    warnings: result.warnings.map((w) => ({ path: w.path, reason: publicMessage(w.reason) })),
    pairs: ok ? result.pairs.map((p) => mapPair(p, keys)) : [],
    owner_id: row.owner_id,
    cases: ok ? result.cases.map(mapCase) : [],
    labels: result.labels.map((l) => ({ value: l.value, name: l.name, color: l.color })),
    fingerprint: ok && result.fingerprint && result.cases.length > 0 ? fingerprintFromWire(result.fingerprint) : null,
    layout: result.layout,
  };
}

function mapStats(s: PbStats): DatasetStats {
  return {
    pairCount: s.pairCount,
    volumeCount: s.volumeCount,
    channels: s.channels,
    classCount: s.classCount,
    labelValues: s.labelValues,
    sizes: s.sizes.map((z) => ({ width: z.width, height: z.height, count: z.count })),
    modalities: s.modalities.map((m) => ({ name: m.name, count: m.count })),
    formats: s.formats.map((f) => ({ name: f.name, count: f.count })),
    normalizedBytes: s.normalizedBytes,
    entryCount: s.entryCount,
    uncompressedBytes: s.uncompressedBytes,
    unlabeledCount: s.unlabeledCount,
  };
}

function mapPair(p: DatasetPair, keys: ReturnType<typeof datasetKeys>): ManifestPair {
  return {
    index: p.index,
    name: p.name,
    imagePath: p.imagePath,
    maskPath: p.maskPath,
    imageFormat: imageFormatName(p.imageFormat),
    maskFormat: imageFormatName(p.maskFormat),
    width: p.width,
    height: p.height,
    channels: p.channels,
    volume: p.volume,
    sliceIndex: p.sliceIndex,
    sliceCount: p.sliceCount,
    labels: p.labels,
    modality: p.modality,
    shardKey: keys.object(p.shardPath),
    thumbnailKey: keys.object(p.thumbnailPath),
    previewKey: keys.object(p.previewPath),
    caseIndex: p.caseIndex,
    unlabeled: p.unlabeled,
  };
}

function mapCase(c: DatasetCase): ManifestCase {
  const geometry: VolumeGeometry | null = c.geometry
    ? { spacing: c.geometry.spacing, affine: c.geometry.affine, sourceShape: c.geometry.sourceShape, sourceAffine: c.geometry.sourceAffine }
    : null;
  return {
    index: c.index,
    name: c.name,
    imagePaths: c.imagePaths,
    maskPath: c.maskPath,
    imageFormat: imageFormatName(c.imageFormat),
    maskFormat: c.unlabeled ? '' : imageFormatName(c.maskFormat),
    depth: c.depth,
    height: c.height,
    width: c.width,
    channels: c.channels,
    spacing: geometry?.spacing ?? [],
    geometry,
    modality: c.modality,
    firstPair: c.firstPair,
    labelVoxels: c.labelVoxels.map((l) => ({ value: l.value, voxels: l.voxels, volumeMl: l.volumeMl })),
    intensities: c.intensities.map(intensityFromWire),
    seriesInstanceUid: c.seriesInstanceUid,
    windowCenter: c.windowCenter,
    windowWidth: c.windowWidth,
    unlabeled: c.unlabeled,
  };
}
