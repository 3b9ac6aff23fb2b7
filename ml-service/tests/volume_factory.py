"""Small volumes and volume archives for the issue-12 tests, shared by every helper (one home).

Arrays are display-ordered (slice, row, column) like everything MedSeg computes on (see
medseg_ml/volumes/grid.py); `xyz()` turns one into the RAS+ (x, y, z) array a NIfTI file holds with the
affine `anisotropic_volume` returns, so the NIfTI decoder shows it back voxel for voxel.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import nibabel as nib
import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, MRImageStorage, generate_uid

DEFAULT_SHAPE = (12, 40, 48)
DEFAULT_SPACING = (2.5, 0.8, 0.8)
DEFAULT_LABELS: Mapping[int, str] = {0: "background", 1: "liver", 2: "tumour"}


def anisotropic_volume(
    shape: Sequence[int] = DEFAULT_SHAPE, spacing: Sequence[float] = DEFAULT_SPACING, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A display-ordered (Z, H, W) int16 image, its uint8 mask, and the RAS+ affine of `xyz(image)`.

    spacing is (slice, row, column) in mm. The mask has label 1 in a centre block on every slice but the
    first and the last, and label 2 in a small corner block of the middle slices, so both labels have a
    known voxel count: `(mask == v).sum()`.
    """
    z, h, w = (int(n) for n in shape)
    sz, sy, sx = (float(s) for s in spacing)
    rng = np.random.default_rng(seed)
    ramp = np.add.outer(np.arange(h) / max(h - 1, 1), np.arange(w) / max(w - 1, 1)) * 500
    image = (ramp[None] + 40 * np.arange(z)[:, None, None] + rng.normal(0, 10, (z, h, w))).astype(np.int16)
    mask = np.zeros((z, h, w), dtype=np.uint8)
    mask[1 : z - 1, h // 4 : 3 * h // 4, w // 4 : 3 * w // 4] = 1
    mask[z // 3 : 2 * z // 3 + 1, : max(h // 6, 1), : max(w // 6, 1)] = 2
    affine = np.diag([sx, sy, sz, 1.0])
    affine[:3, 3] = (-w * sx / 2, -h * sy / 2, -z * sz / 2)
    return image, mask, affine


def xyz(display: np.ndarray) -> np.ndarray:
    """Display slices (Z, H, W[, T]) as the RAS+ (X, Y, Z[, T]) array of a NIfTI with a positive-diagonal
    affine (rows run posterior, columns to the patient's left, so both flip)."""
    flipped = display[:, ::-1, ::-1]
    order = (2, 1, 0, *range(3, display.ndim))
    return np.ascontiguousarray(flipped.transpose(order))


def nifti_bytes(array_xyz: np.ndarray, affine: np.ndarray) -> bytes:
    """Gzipped NIfTI-1 of `array_xyz` (X, Y, Z[, T]) with `affine`."""
    image = nib.Nifti1Image(array_xyz, affine)
    image.header.set_xyzt_units("mm")
    return gzip.compress(image.to_bytes(), mtime=0)


def nifti_file(path: Path, array_xyz: np.ndarray, affine: np.ndarray) -> Path:
    """Write `array_xyz` as a .nii.gz at `path` (parents created); returns `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(nifti_bytes(array_xyz, affine))
    return path


def channel_image(image: np.ndarray, channel: int) -> np.ndarray:
    """Channel `channel` of a case: channel 0 is `image`, others a scaled, shifted copy (distinct stats)."""
    return (image.astype(np.int32) * (channel + 1) + 100 * channel).astype(np.int16)


def dataset_json(
    labels: Mapping[int, str], channels: int, cases: int, *, v1: bool = False, file_ending: str = ".nii.gz"
) -> dict:
    """dataset.json in nnU-Net v2 form, or MSD v1 form (`modality`, labels keyed by value)."""
    names = {str(c): ("T1", "T2", "FLAIR", "T1c")[c % 4] for c in range(channels)}
    if v1:
        return {
            "name": "Test",
            "modality": names,
            "labels": {str(v): n for v, n in labels.items()},
            "numTraining": cases,
        }
    return {
        "name": "Test",
        "channel_names": names,
        "labels": {n: int(v) for v, n in labels.items()},
        "numTraining": cases,
        "file_ending": file_ending,
    }


def msd_files(
    cases: int = 3,
    channels: int = 2,
    with_test: int = 1,
    labels: Mapping[int, str] = DEFAULT_LABELS,
    *,
    shape: Sequence[int] = DEFAULT_SHAPE,
    spacing: Sequence[float] = DEFAULT_SPACING,
    v1: bool = False,
    root: str = "Task01_Test/",
    prefix: str = "case",
) -> dict[str, bytes]:
    """The members of an MSD / nnU-Net archive: `<root>imagesTr/<prefix>_001_0000.nii.gz` ...,
    `labelsTr/<prefix>_001.nii.gz`, `imagesTs/<prefix>_101_0000.nii.gz`, `dataset.json`.

    v1 writes MSD's own form: one file per case without a channel suffix, a 4D NIfTI when channels > 1.
    Case i's image is `anisotropic_volume(seed=i)`; its mask is that volume's mask.
    """
    files: dict[str, bytes] = {}
    ids = [(f"{prefix}_{i + 1:03d}", "imagesTr", i) for i in range(cases)]
    ids += [(f"{prefix}_{101 + i:03d}", "imagesTs", 100 + i) for i in range(with_test)]
    for case_id, folder, seed in ids:
        image, mask, affine = anisotropic_volume(shape, spacing, seed=seed)
        stack = [channel_image(image, c) for c in range(channels)]
        if v1:
            data = stack[0] if channels == 1 else np.stack(stack, axis=-1)
            files[f"{root}{folder}/{case_id}.nii.gz"] = nifti_bytes(xyz(data), affine)
        else:
            for c, channel in enumerate(stack):
                files[f"{root}{folder}/{case_id}_{c:04d}.nii.gz"] = nifti_bytes(xyz(channel), affine)
        if folder == "imagesTr":
            files[f"{root}labelsTr/{case_id}.nii.gz"] = nifti_bytes(xyz(mask), affine)
    files[f"{root}dataset.json"] = json.dumps(dataset_json(labels, channels, cases, v1=v1)).encode()
    return files


def msd_archive(
    path: Path,
    cases: int = 3,
    channels: int = 2,
    with_test: int = 1,
    labels: Mapping[int, str] = DEFAULT_LABELS,
    **options,
) -> Path:
    """Write `msd_files(...)` as a zip at `path`; returns `path`. `options` go to `msd_files`."""
    return zip_file(path, msd_files(cases, channels, with_test, labels, **options))


def zip_file(path: Path, files: Mapping[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


# ---- DICOM series --------------------------------------------------------------------------------


def dicom_slice(
    pixels: np.ndarray,
    *,
    series_uid: str,
    index: int,
    spacing: Sequence[float] = DEFAULT_SPACING,
    origin: Sequence[float] = (0.0, 0.0, 0.0),
    series_number: int = 1,
    modality: str = "MR",
    study_uid: str = "",
    frame_of_reference_uid: str = "",
) -> bytes:
    """One axial slice `pixels` (H, W) of a series: LPS position origin + index * slice spacing along +z,
    rows along +y (posterior), columns along +x (the patient's left), so slice `index` is display slice
    `index` of the series' volume."""
    sz, sy, sx = (float(s) for s in spacing)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MRImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = MRImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = modality
    ds.PatientName = "Test^Series"
    ds.PatientID = "series-test"
    ds.StudyInstanceUID = study_uid or generate_uid()
    ds.SeriesInstanceUID = series_uid
    ds.FrameOfReferenceUID = frame_of_reference_uid or generate_uid()
    ds.SeriesNumber = series_number
    ds.InstanceNumber = index + 1
    ds.ImageOrientationPatient = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    ds.ImagePositionPatient = [float(origin[0]), float(origin[1]), float(origin[2]) + index * sz]
    ds.PixelSpacing = [sy, sx]
    ds.SliceThickness = sz
    ds.WindowCenter = 300
    ds.WindowWidth = 600
    ds.set_pixel_data(np.ascontiguousarray(pixels.astype(np.int16)), "MONOCHROME2", 16)
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def series_affine(spacing: Sequence[float] = DEFAULT_SPACING, origin: Sequence[float] = (0.0, 0.0, 0.0)):
    """RAS+ affine of the source array `display.transpose(2, 1, 0)` (column, row, slice) of a series
    written by `dicom_slice`: a mask NIfTI on the series' own grid."""
    sz, sy, sx = (float(s) for s in spacing)
    lps = np.diag([sx, sy, sz, 1.0])
    lps[:3, 3] = origin
    return np.diag([-1.0, -1.0, 1.0, 1.0]) @ lps


def dicom_series_files(
    cases: Mapping[str, int] | None = None,
    *,
    shape: Sequence[int] = DEFAULT_SHAPE,
    spacing: Sequence[float] = DEFAULT_SPACING,
    masks: bool = True,
    shuffle: bool = True,
) -> tuple[dict[str, bytes], dict[str, list[str]]]:
    """`images/<case>/<n>.dcm` for each case (cases: name -> number of series in that folder), and, when
    `masks`, `masks/<case>.nii.gz` on the first series' grid. File names are shuffled against the slice
    order so grouping must follow the headers, not the names.

    Returns (members, series UIDs per case in SeriesNumber order).
    """
    cases = {"case1": 1, "case2": 1} if cases is None else cases
    rng = np.random.default_rng(7)
    files: dict[str, bytes] = {}
    uids: dict[str, list[str]] = {}
    for c, (case, series_count) in enumerate(cases.items()):
        image, mask, _ = anisotropic_volume(shape, spacing, seed=c)
        study = generate_uid()
        uids[case] = []
        for s in range(series_count):
            uid = generate_uid()
            uids[case].append(uid)
            frame = generate_uid()
            order = rng.permutation(len(image)) if shuffle else np.arange(len(image))
            for n, k in enumerate(order):
                files[f"images/{case}/{s:02d}{n:03d}.dcm"] = dicom_slice(
                    image[k] + 50 * s, series_uid=uid, index=int(k), spacing=spacing,
                    series_number=s + 1, study_uid=study, frame_of_reference_uid=frame,
                )  # fmt: skip
        if masks:
            files[f"masks/{case}.nii.gz"] = nifti_bytes(mask.transpose(2, 1, 0), series_affine(spacing))
    return files, uids


def dicom_series_archive(path: Path, cases: Mapping[str, int] | None = None, **options) -> Path:
    """Write `dicom_series_files(cases, **options)` as a zip at `path`; returns `path`."""
    files, _ = dicom_series_files(cases, **options)
    return zip_file(path, files)
