import { ImageFormat } from '../generated/medseg/v1/dataset_service';

/** The names the manifest, SQLite and the API give the ml-service's ImageFormat values. */
const FORMAT_NAMES: Partial<Record<ImageFormat, string>> = {
  [ImageFormat.IMAGE_FORMAT_PNG]: 'PNG',
  [ImageFormat.IMAGE_FORMAT_JPEG]: 'JPEG',
  [ImageFormat.IMAGE_FORMAT_DICOM]: 'DICOM',
  [ImageFormat.IMAGE_FORMAT_NIFTI]: 'NIfTI',
  [ImageFormat.IMAGE_FORMAT_NRRD]: 'NRRD',
  [ImageFormat.IMAGE_FORMAT_META_IMAGE]: 'MetaImage',
  [ImageFormat.IMAGE_FORMAT_DICOM_SEG]: 'DICOM-SEG',
};

export function imageFormatName(format: ImageFormat): string {
  return FORMAT_NAMES[format] ?? 'unknown';
}

/** The ImageFormat of a stored name; UNSPECIFIED for 'unknown' or a name this gateway does not know. */
export function imageFormatOf(name: string): ImageFormat {
  const found = (Object.entries(FORMAT_NAMES) as [string, string][]).find(([, n]) => n === name);
  return found ? (Number(found[0]) as ImageFormat) : ImageFormat.IMAGE_FORMAT_UNSPECIFIED;
}
