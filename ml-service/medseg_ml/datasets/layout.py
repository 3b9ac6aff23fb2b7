"""Which layout an archive uses, its label/channel names, and the files of each case.

Two layouts: MSD / nnU-Net (imagesTr/ + labelsTr/, layout_msd.py) when an imagesTr/ folder is present,
else MedSeg's images/ + masks/ (pairing.py). dataset.json and labels.json sit beside those folders. A
.mhd's voxel file (.raw) is attached to it first (data_files.py), so neither layout sees it as a file.
"""

from __future__ import annotations

import zipfile

from medseg_ml.datasets.archive import entry_parts
from medseg_ml.datasets.case_files import LAYOUT_IMAGES_MASKS, CaseFiles, Layout
from medseg_ml.datasets.data_files import attach_data_files
from medseg_ml.datasets.label_names import DATASET_JSON, LABELS_JSON, DatasetMetadata, read_metadata
from medseg_ml.datasets.layout_msd import has_msd_folders, msd_layout
from medseg_ml.datasets.pairing import natural_key, pair_files, root_depth
from medseg_ml.datasets.series_layout import series_folder, split_series


def find_layout(archive: zipfile.ZipFile, files: list[zipfile.ZipInfo]) -> Layout:
    """The cases of the archive, in pair order.

    Args:
        files: its file entries, junk removed (ArchiveScan.files).

    Raises:
        ArchiveRefusedError: the folders are missing or their contents contradict each other.
    """
    split = [(info, entry_parts(info.filename)) for info in files]
    depth = _root_depth(split)
    metadata_files = {
        parts[-1].lower(): info
        for info, parts in split
        if len(parts) == depth + 1 and parts[-1].lower() in (DATASET_JSON, LABELS_JSON)
    }
    rest = [(info, parts) for info, parts in split if info not in metadata_files.values()]
    data_files, rest = attach_data_files(archive, rest)
    metadata = read_metadata(archive, metadata_files.get(DATASET_JSON), metadata_files.get(LABELS_JSON))
    for depth_msd in (0, 1):
        if has_msd_folders(rest, depth_msd) and (depth_msd == 0 or depth == 1):
            layout = msd_layout(rest, depth_msd, metadata)
            break
    else:
        layout = _images_masks_layout(rest, metadata)
    layout.data_files = data_files
    for path, reason in metadata.warnings:
        layout.warn(path, reason)
    return layout


def _images_masks_layout(split: list[tuple[zipfile.ZipInfo, list[str]]], metadata: DatasetMetadata) -> Layout:
    folders_depth = root_depth(split)
    found = split_series(split, folders_depth)
    pairing = pair_files([info for info, _ in found.rest], folders_depth)
    layout = Layout(LAYOUT_IMAGES_MASKS, warnings=pairing.warnings, metadata=metadata)
    # A series without a mask is left out (a 2D image without one is kept as an unlabeled case).
    for case in found.maskless:
        layout.warn(
            series_folder(case),
            f"Folder of {len(case.series)} DICOM files without a mask; add masks/{case.name}.nii.gz (a label "
            f"volume on the series' grid), masks/{case.name}.dcm (a DICOM-SEG) or one mask per slice in "
            f"masks/{case.name}/, or remove the folder",
        )
    # An image without a mask is an unlabeled case (like MSD imagesTs/): segmented, annotated, never
    # trained on until a dataset version gives it a mask.
    cases = [
        *found.cases,
        *(CaseFiles(p.stem, (p.image,), p.mask) for p in pairing.pairs),
        *(CaseFiles(stem, (image,), None) for stem, image in pairing.unlabeled),
    ]
    layout.cases = sorted(cases, key=lambda c: natural_key(c.name))
    layout.image_count = pairing.image_count + len(found.cases) + len(found.maskless)
    layout.mask_count = pairing.mask_count + len(found.cases)
    return layout


def _root_depth(split: list[tuple[zipfile.ZipInfo, list[str]]]) -> int:
    """1 when every entry sits inside one wrapping folder, else 0."""
    tops = {parts[0] for _, parts in split}
    return 1 if len(tops) == 1 and all(len(parts) > 1 for _, parts in split) else 0
