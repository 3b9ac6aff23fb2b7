"""The Medical Segmentation Decathlon / nnU-Net layout: imagesTr/ + labelsTr/ (+ imagesTs/ unlabeled).

nnU-Net v2 names every channel file `<case>_<XXXX><file_ending>` (`BRATS_001_0000.nii.gz`,
`BRATS_001_0001.nii.gz` ...) and a label `<case><file_ending>`. MSD v1 names an image like its label
(`hippocampus_001.nii.gz`) and stores several channels as one 4D NIfTI; how many channels such a case
has is only known once it is decoded. The folders sit at the top level or inside one wrapping folder
(`Task04_Hippocampus/`); folder names match in any case.
"""

from __future__ import annotations

import re
import zipfile

from medseg_ml.datasets.archive import ArchiveRefusedError
from medseg_ml.datasets.case_files import LAYOUT_MSD, CaseFiles, Layout
from medseg_ml.datasets.label_names import DatasetMetadata
from medseg_ml.datasets.pairing import natural_key
from medseg_ml.io.decode import SUPPORTED_SUFFIXES, split_extension

TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES = "imagestr", "labelstr", "imagests"
_FOLDERS = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES)
_CHANNEL_SUFFIX = re.compile(r"^(.+)_(\d{4})$")
_LISTED = 5

Entry = tuple[zipfile.ZipInfo, list[str]]


def has_msd_folders(split: list[Entry], depth: int) -> bool:
    return any(len(parts) > depth + 1 and parts[depth].lower() == TRAIN_IMAGES for _, parts in split)


def msd_layout(split: list[Entry], depth: int, metadata: DatasetMetadata) -> Layout:
    """The cases of an MSD archive whose folders are at `depth` (0 or 1).

    Raises:
        ArchiveRefusedError: channel files missing or in different numbers per case, a channel count
            other than dataset.json's, a label without an image, mixed naming, or duplicate names.
    """
    layout = Layout(LAYOUT_MSD, metadata=metadata)
    files: dict[str, dict[str, tuple[str, zipfile.ZipInfo]]] = {f: {} for f in _FOLDERS}
    for info, parts in split:
        folder = parts[depth].lower() if len(parts) > depth + 1 else ""
        if folder not in files:
            layout.warn(info.filename, "Not inside imagesTr/, labelsTr/ or imagesTs/; ignored")
            continue
        stem, ext = split_extension(parts[-1])
        if ext not in SUPPORTED_SUFFIXES or (metadata.file_ending and ext != metadata.file_ending):
            want = f"dataset.json's file_ending {metadata.file_ending}" if metadata.file_ending else "NIfTI"
            layout.warn(info.filename, f"{ext or 'Extensionless'} files are not read here ({want}); ignored")
            continue
        name = "/".join([*parts[depth + 1 : -1], stem])
        if name.lower() in files[folder]:
            raise ArchiveRefusedError(
                [f"{parts[depth]}/ holds two files named {name} ({files[folder][name.lower()][1].filename}, "
                 f"{info.filename}); keep one and zip again"]
            )  # fmt: skip
        files[folder][name.lower()] = (name, info)
    layout.image_count = len(files[TRAIN_IMAGES]) + len(files[TEST_IMAGES])
    layout.mask_count = len(files[TRAIN_LABELS])
    train = _cases(files[TRAIN_IMAGES], files[TEST_IMAGES], layout, metadata)
    test = _cases(files[TEST_IMAGES], files[TRAIN_IMAGES], layout, metadata)
    labels = files[TRAIN_LABELS]
    orphans = [info.filename for key, (_, info) in labels.items() if key not in train]
    if orphans:
        raise ArchiveRefusedError(
            [f"labelsTr/ holds {len(orphans)} label file(s) without an image in imagesTr/ "
             f"({_listed(orphans)}); a label is named like its case (case_001.nii.gz for "
             "imagesTr/case_001_0000.nii.gz): rename or remove them and zip again"]
        )  # fmt: skip
    for key in sorted(train, key=natural_key):
        name, images = train[key]
        if key not in labels:
            layout.warn(images[0].filename, f"Has no label labelsTr/{name}; put unlabeled cases in imagesTs/")
            continue
        layout.cases.append(CaseFiles(name, images, labels[key][1]))
    for key in sorted(test, key=natural_key):
        name, images = test[key]
        if key in train:
            layout.warn(images[0].filename, f"Case {name} is in imagesTr/ too; ignored here")
            continue
        layout.cases.append(CaseFiles(name, images, None))
    return layout


def _cases(
    files: dict[str, tuple[str, zipfile.ZipInfo]],
    other: dict[str, tuple[str, zipfile.ZipInfo]],
    layout: Layout,
    metadata: DatasetMetadata,
) -> dict[str, tuple[str, tuple[zipfile.ZipInfo, ...]]]:
    """Case key -> (case id, channel files) of one images folder; checks the channel suffixes."""
    suffixed = [_CHANNEL_SUFFIX.match(name) for name, _ in [*files.values(), *other.values()]]
    if any(suffixed) and not all(suffixed):
        plain = [n for (n, _), m in zip([*files.values(), *other.values()], suffixed, strict=True) if not m]
        raise ArchiveRefusedError(
            [f"imagesTr/ and imagesTs/ mix files with and without a channel suffix ({_listed(plain)} have "
             "none); name every image <case>_0000.nii.gz (nnU-Net) or none (MSD v1) and zip again"]
        )  # fmt: skip
    if not any(suffixed):
        # One file per case (MSD v1): a 4D NIfTI may hold several channels, checked once decoded.
        return {key: (name, (info,)) for key, (name, info) in files.items()}
    channels: dict[str, dict[int, zipfile.ZipInfo]] = {}
    names: dict[str, str] = {}
    for name, info in files.values():
        match = _CHANNEL_SUFFIX.match(name)
        assert match is not None
        case = match.group(1)
        names.setdefault(case.lower(), case)
        channels.setdefault(case.lower(), {})[int(match.group(2))] = info
    out: dict[str, tuple[str, tuple[zipfile.ZipInfo, ...]]] = {}
    for key, by_channel in channels.items():
        count = len(by_channel)
        if sorted(by_channel) != list(range(count)):
            have = ", ".join(f"_{c:04d}" for c in sorted(by_channel))
            raise ArchiveRefusedError(
                [f"Case {names[key]} has channel files {have}; channels are numbered _0000, _0001, ... "
                 "without gaps: add the missing ones and zip again"]
            )  # fmt: skip
        _check_count(layout, metadata, names[key], count)
        out[key] = (names[key], tuple(by_channel[c] for c in range(count)))
    return out


def _check_count(layout: Layout, metadata: DatasetMetadata, case: str, count: int) -> None:
    named = len(metadata.channel_names)
    if named and count != named:
        raise ArchiveRefusedError(
            [f"Case {case} has {count} channel file(s) but dataset.json names {named} channel(s) "
             f"({', '.join(metadata.channel_names)}); give every case one file per channel and zip again"]
        )  # fmt: skip
    if layout.channels is not None and count != layout.channels:
        raise ArchiveRefusedError(
            [f"Case {case} has {count} channel file(s) where other cases have {layout.channels}; every "
             "case needs the same channels, so add or remove channel files and zip again"]
        )  # fmt: skip
    layout.channels = count


def _listed(items: list[str]) -> str:
    shown = ", ".join(sorted(items, key=natural_key)[:_LISTED])
    return shown + (" ..." if len(items) > _LISTED else "")
