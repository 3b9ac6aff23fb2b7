import type { DatasetLimitsConfig } from '../config';
import type { DatasetLimits } from '../generated/medseg/v1/dataset_service';

/**
 * The limits sent with every inspection, segmentation and batch job: the ml-service checks each file
 * against them (from its header, before decoding) and names the MEDSEG_DATASET_* setting it breaks.
 */
export function datasetLimits(config: DatasetLimitsConfig): DatasetLimits {
  return {
    maxEntries: config.maxEntries,
    maxUncompressedBytes: config.maxUncompressedBytes,
    maxCompressionRatio: config.maxCompressionRatio,
    maxPixelsPerSlice: config.maxPixelsPerSlice,
    maxVolumeBytes: config.maxVolumeBytes,
    maxSlicesPerFile: config.maxSlicesPerFile,
    maxPairs: config.maxPairs,
    maxClasses: config.maxClasses,
  };
}
