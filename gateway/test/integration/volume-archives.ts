import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

/**
 * Volume archives for the dataset tests, written by the shared Python fixtures
 * (ml-service/tests/volume_factory.py): tiny anisotropic volumes (12 x 40 x 48, 2.5 x 0.8 x 0.8 mm)
 * with labels 1 "liver" and 2 "tumour".
 */
const SCRIPT: Record<string, string> = {
  // MSD / nnU-Net v2: 2 labelled cases of 2 channels, 1 unlabeled (imagesTs/), dataset.json.
  msd: 'volume_factory.msd_archive(out, cases=2, channels=2, with_test=1)',
  // The images/ + masks/ layout: one single-channel NIfTI volume and its label volume.
  'images-masks': [
    'image, mask, affine = volume_factory.anisotropic_volume()',
    'volume_factory.zip_file(out, {"vol/images/head.nii.gz": volume_factory.nifti_bytes(volume_factory.xyz(image), affine),',
    '  "vol/masks/head.nii.gz": volume_factory.nifti_bytes(volume_factory.xyz(mask), affine)})',
  ].join('\n'),
};

export type VolumeArchiveKind = 'msd' | 'images-masks';

/** Writes the archive into `dir`; returns its path. */
export function makeVolumeArchive(dir: string, kind: VolumeArchiveKind): string {
  const out = join(dir, `volumes-${kind}.zip`);
  const script = ['import sys, pathlib', 'sys.path.insert(0, "tests")', 'import volume_factory', 'out = pathlib.Path(sys.argv[1])', SCRIPT[kind]].join('\n');
  const result = spawnSync(services.PYTHON, ['-c', script, out], { cwd: join(services.ROOT, 'ml-service'), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`volume_factory failed: ${result.stderr}`);
  return out;
}
