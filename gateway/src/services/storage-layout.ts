import type { ExportFormatName } from '../dtos/export.dto';

/**
 * Every S3 key the gateway reads or writes, and every presign lifetime: the one place that knows
 * the bucket's layout (docs/architecture.md, "S3 layout"). A resync trusts exactly these keys.
 */

/** How long presigned URLs live, by who uses them and when. */
export const PRESIGN_S = {
  /** A queued job may wait behind others for a long time; SigV4 URLs live at most 7 days. */
  job: 7 * 24 * 3600,
  /** The archive of a dataset being inspected: read within the inspection. */
  inspection: 6 * 3600,
  /** ExportModel writes its bundle while the request waits. */
  export: 3600,
  /** Used by the ml-service at once (a segment request's weights, a pair's shard). */
  immediate: 600,
} as const;

/** The top-level folders; multipart uploads left under them are ours to abort. */
export const ROOTS = {
  datasets: 'datasets/',
  models: 'models/',
  batches: 'batches/',
  inference: 'inference/',
  users: 'users/',
  tokens: 'tokens/',
  audit: 'audit/',
} as const;

/** What an admin changed at run time (settings.service.ts); absent: every setting at its environment value. */
export const SETTINGS_KEY = 'settings.json';

/** The id of a folder listed under `root` (`models/<id>/` → `<id>`). */
export function folderId(root: string, folder: string): string {
  return folder.slice(root.length, folder.endsWith('/') ? -1 : undefined);
}

export function datasetKeys(id: string) {
  const prefix = `${ROOTS.datasets}${id}/`;
  return {
    prefix,
    archive: `${prefix}archive.zip`,
    /** Written last: the commit marker of the dataset's prefix. */
    manifest: `${prefix}manifest.json`,
    /** {visibility, updated_at, updated_by}, written by the gateway when its owner shares it. */
    sharing: `${prefix}sharing.json`,
    /** The rule that queues a fine-tune after N new masks (auto-fine-tune.service.ts), written by its owner or an admin. */
    autoFineTune: `${prefix}auto-fine-tune.json`,
    /** An object the inspection produced (shard, thumbnail, preview), by its path in the dataset. */
    object: (path: string) => `${prefix}${safeRelativePath(path)}`,
    /**
     * A case's viewer volume of one channel, gzipped NIfTI on the input's own grid, as the
     * inspection streams it: `cases/<index:05d>/image.nii.gz` (channel 0), `image_<c>.nii.gz`.
     */
    caseImage: (index: number, channel: number) => `${prefix}${caseFolder(index)}/image${channel === 0 ? '' : `_${channel}`}.nii.gz`,
    /** A labelled case's label volume (label values), on the same grid. */
    caseMask: (index: number) => `${prefix}${caseFolder(index)}/mask.nii.gz`,
    /** One saved mask and what derives from it; annotation.json is written after the others. */
    annotation: (annotationId: string) => {
      const folder = `${prefix}annotations/${annotationId}/`;
      return {
        folder,
        maskNifti: `${folder}mask.nii.gz`,
        maskPng: `${folder}mask.png`,
        maskShard: `${folder}mask-shard.safetensors`,
        record: `${folder}annotation.json`,
      };
    },
    annotations: `${prefix}annotations/`,
    /** The commit marker of version n (n >= 2), written last and never overwritten. */
    version: (n: number) => `${prefix}versions/${n}.json`,
    versions: `${prefix}versions/`,
    /** The annotation id of a folder listed under annotations/, the n of a key under versions/, or null. */
    annotationIdOf: (folder: string): string | null => /^([0-9a-f-]{36})\/?$/.exec(folder.slice(`${prefix}annotations/`.length))?.[1] ?? null,
    versionOf: (key: string): number | null => {
      const match = /^(\d{1,9})\.json$/.exec(key.slice(`${prefix}versions/`.length));
      return key.startsWith(`${prefix}versions/`) && match && Number(match[1]) >= 2 ? Number(match[1]) : null;
    },
    /** The path in the dataset of one of its keys, as the ml-service names shards. */
    path: (key: string) => (key.startsWith(prefix) ? key.slice(prefix.length) : key),
  };
}

/** S3 keys of one model: weights first, the card last (it is the commit marker). */
export function modelKeys(id: string) {
  const prefix = `${ROOTS.models}${id}/`;
  return {
    prefix,
    best: `${prefix}best.safetensors`,
    last: `${prefix}last.safetensors`,
    card: `${prefix}model.json`,
    /** Written by the gateway when a training ends without a card (failed, cancelled). */
    run: `${prefix}run.json`,
    /** {visibility, updated_at, updated_by}, written by the gateway when its owner shares it. */
    sharing: `${prefix}sharing.json`,
    /** Written at queue time when the gateway queued it on its own (a dataset's auto fine-tune rule). */
    origin: `${prefix}origin.json`,
    evaluations: `${prefix}evaluations/`,
    evaluationReport: (evaluationId: string) => `${prefix}evaluations/${evaluationId}.json`,
    /** What an evaluation scored beyond its report: the dataset version, whose validation split. Written when queued. */
    evaluationScopes: `${prefix}evaluation-scopes/`,
    evaluationScope: (evaluationId: string) => `${prefix}evaluation-scopes/${evaluationId}.json`,
    /**
     * An export bundle, and beside it the ExportModel answer the gateway keeps (export.json as
     * written into the bundle) so a cached bundle is served with its headers without opening the ZIP.
     */
    export: (format: ExportFormatName, opset: number) => {
      const stem = `${prefix}export/${format === 'onnx' ? `onnx-opset${opset}` : format}`;
      return { bundle: `${stem}.zip`, info: `${stem}.json` };
    },
  };
}

export function batchKeys(id: string) {
  const prefix = `${ROOTS.batches}${id}/`;
  return {
    prefix,
    input: `${prefix}input.zip`,
    masks: `${prefix}masks.zip`,
    csv: `${prefix}results.csv`,
    report: `${prefix}batch.json`,
  };
}

/** A user account (users/<id>.json) and an API token (tokens/<id>.json): one object each, the whole record. */
export const accountKeys = {
  user: (id: string) => `${ROOTS.users}${id}.json`,
  token: (id: string) => `${ROOTS.tokens}${id}.json`,
  /** The id of a key listed under users/ or tokens/, or null for anything else. */
  idOf: (root: string, key: string): string | null => {
    const match = /^([A-Za-z0-9-]{1,64})\.json$/.exec(key.slice(root.length));
    return key.startsWith(root) && match ? match[1] : null;
  },
};

/**
 * The audit log: one object per event, `audit/<yyyy-mm-dd>/<time ms, 13 digits>-<id>.json`, so a
 * day lists on its own and keys sort by time. The stem is the event's sort key (and paging cursor).
 */
export const auditKeys = {
  sortKey: (timeMs: number, id: string) => `${String(timeMs).padStart(13, '0')}-${id}`,
  event: (timeMs: number, id: string) => `${ROOTS.audit}${new Date(timeMs).toISOString().slice(0, 10)}/${auditKeys.sortKey(timeMs, id)}.json`,
  /** The sort key of a key listed under audit/, or null for anything else. */
  sortKeyOf: (key: string): string | null => {
    const match = /^audit\/\d{4}-\d{2}-\d{2}\/(\d{13}-[0-9a-f-]{36})\.json$/.exec(key);
    return match ? match[1] : null;
  },
};

/** One stored segmentation: what the viewer needs to show it again, result.json last. */
export function inferenceKeys(id: string) {
  const prefix = `${ROOTS.inference}${id}/`;
  return {
    prefix,
    /** The uploaded file keeps its extension (`.nii.gz` counts as one); a dataset pair is stored as PNG. */
    input: (fileName: string | null) => `${prefix}input${fileName === null ? '.png' : inputExtension(fileName)}`,
    image: `${prefix}image.png`,
    mask: `${prefix}mask.png`,
    /** The mask as NIfTI on the input's grid: NIfTI input of an image result, every volume result. */
    maskNifti: `${prefix}mask.nii.gz`,
    /** A volume result's input as NIfTI on its own grid (a NIfTI upload as given). */
    volumeImage: `${prefix}image.nii.gz`,
    groundTruth: `${prefix}ground-truth.nii.gz`,
    dicomSeg: `${prefix}seg.dcm`,
    probability: (index: number) => `${prefix}probabilities/${index}.png`,
    /** The commit marker: a resync rebuilds the result from it. */
    result: `${prefix}result.json`,
  };
}

function inputExtension(fileName: string): string {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.nii.gz')) return '.nii.gz';
  const dot = lower.lastIndexOf('.');
  const ext = dot > 0 ? lower.slice(dot) : '';
  return /^\.[a-z0-9]{1,8}$/.test(ext) ? ext : '.bin';
}

function caseFolder(index: number): string {
  return `cases/${String(index).padStart(5, '0')}`;
}

/** Object paths come from another process: keep them inside the dataset's prefix. */
function safeRelativePath(path: string): string {
  const parts = path.split('/').filter((p) => p && p !== '.' && p !== '..');
  if (parts.length === 0 || parts[0] === 'manifest.json' || parts[0] === 'archive.zip' || parts[0] === 'sharing.json' || parts[0] === 'auto-fine-tune.json') {
    throw new Error(`the ml-service sent an object with an unusable path "${path}"`);
  }
  return parts.join('/');
}
