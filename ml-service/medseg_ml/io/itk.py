"""NRRD (.nrrd) and MetaImage (.mha, .mhd + .raw) volumes, read with SimpleITK.

Why SimpleITK rather than pynrrd plus a MetaImage parser: it is already a dependency, and one C++ reader
(ITK's NrrdImageIO and MetaImageIO) covers both formats with every encoding they allow (raw, gzip,
bzip2, ASCII, compressed MetaImage), converts NRRD's `space` to LPS like every other ITK tool, and
`ImageFileReader.ReadImageInformation()` reads the header alone, so the budget is checked before a
voxel buffer is allocated.

Voxels outside the file are refused unless they are a plain file beside a .mhd: a header naming
another path (a detached NRRD's `data file`, a MetaImage `ElementDataFile` with a folder, a list or a
pattern) would make the reader open whatever it names.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import SimpleITK as sitk

from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.decoded import META_IMAGE, NRRD, DecodedImage, DecodeError, native
from medseg_ml.volumes.grid import LPS_TO_RAS, VolumeGrid

# ITK's warnings go to stderr of the service; every problem here becomes a DecodeError instead.
sitk.ProcessObject.SetGlobalWarningDisplay(False)

_ITEM_BYTES = {
    sitk.sitkUInt8: 1,
    sitk.sitkInt8: 1,
    sitk.sitkUInt16: 2,
    sitk.sitkInt16: 2,
    sitk.sitkUInt32: 4,
    sitk.sitkInt32: 4,
    sitk.sitkFloat32: 4,
    sitk.sitkUInt64: 8,
    sitk.sitkInt64: 8,
    sitk.sitkFloat64: 8,
}
_HEADER_BYTES = 64 * 1024
_SUFFIX_FORMAT = {
    ".nrrd": (NRRD, "NrrdImageIO"),
    ".mha": (META_IMAGE, "MetaImageIO"),
    ".mhd": (META_IMAGE, "MetaImageIO"),
}


def decode_itk(path: Path, suffix: str, *, as_mask: bool, budget: DecodeBudget) -> DecodedImage:
    """Decode a .nrrd, .mha or .mhd volume (`suffix`, the name's extension, picks the reader).

    A 3D volume keeps its grid: ITK's LPS direction, spacing and origin become the RAS+ source affine
    of the (i, j, k) array, and `pixels` are its display order. A 2D image is one slice without a grid.

    Raises:
        DecodeError: unreadable, detached voxels, vector/RGB pixels, 4D, or over the budget (from the
            header, before any voxel is read).
    """
    del as_mask  # labels and intensities are read alike
    name, image_io = _SUFFIX_FORMAT[suffix]
    budget.check_file(path)
    head = _head(path)
    if name == NRRD:
        _check_nrrd(head)
    else:
        _check_meta_image(path, head, suffix, budget)
    reader = sitk.ImageFileReader()
    reader.SetImageIO(image_io)
    reader.SetFileName(str(path))
    try:
        reader.ReadImageInformation()
    except RuntimeError as e:
        raise DecodeError(f"Cannot be read as {name} ({_itk_reason(e)}); export it again") from None
    size = _check_header(reader, name, budget)
    try:
        image = reader.Execute()
        if len(size) == 4:
            image = sitk.Extract(image, [*size[:3], 0], [0, 0, 0, 0])
        # A view of ITK's buffer, copied exactly once below: it dies with `image`.
        zyx = sitk.GetArrayViewFromImage(image)
        if zyx.ndim == 2:
            return DecodedImage(np.array(native(zyx), order="C")[None, None], name)
        grid = VolumeGrid.create(zyx.shape[::-1], _affine(image))
        display = np.array(native(grid.to_display(zyx.transpose(2, 1, 0))), order="C")
    except RuntimeError as e:
        raise DecodeError(f"Its voxels cannot be read ({_itk_reason(e)}); export it again") from None
    return DecodedImage(display[:, None], name, volume=display.shape[0] > 1, grid=grid)


def _check_header(reader: sitk.ImageFileReader, name: str, budget: DecodeBudget) -> tuple[int, ...]:
    size = tuple(int(n) for n in reader.GetSize())
    # A unit fourth axis (one time point) is read as the 3D volume it is.
    if len(size) > 3 and not (len(size) == 4 and size[3] == 1):
        dims = "x".join(str(n) for n in size)
        raise DecodeError(
            f"Is {len(size)}D ({dims}); only 3D volumes are read, so split it into one file per volume"
        )
    if len(size) < 2:
        raise DecodeError(f"Has {len(size)} dimension(s); a {name} image needs at least 2")
    components = int(reader.GetNumberOfComponents())
    if components != 1:
        raise DecodeError(
            f"Has {components} values per voxel (a vector or colour image); save one scalar volume per "
            "channel"
        )
    item_bytes = _ITEM_BYTES.get(reader.GetPixelID())
    if item_bytes is None:
        kind = sitk.GetPixelIDValueAsString(reader.GetPixelID())
        raise DecodeError(f"Holds {kind} voxels; save it as integers or real numbers")
    slices = size[2] if len(size) >= 3 else 1
    budget.check_volume(width=size[0], height=size[1], slices=slices, channels=1, item_bytes=item_bytes)
    return size


def _affine(image: sitk.Image) -> np.ndarray:
    """RAS+ affine of the (i, j, k) array: ITK's physical point = origin + direction @ (spacing * index),
    in LPS."""
    direction = np.asarray(image.GetDirection(), dtype=np.float64).reshape(3, 3)
    lps = np.eye(4)
    lps[:3, :3] = direction @ np.diag(image.GetSpacing())
    lps[:3, 3] = image.GetOrigin()
    return LPS_TO_RAS @ lps


def _head(path: Path) -> str:
    with path.open("rb") as f:
        return f.read(_HEADER_BYTES).decode("latin-1")


def _check_nrrd(head: str) -> None:
    if not head.startswith("NRRD"):
        raise DecodeError("Cannot be read as NRRD (it does not start with NRRD000x); export it again")
    header = head.split("\n\n", 1)[0]
    for line in header.splitlines()[1:]:
        key = line.split(":", 1)[0].strip().lower()
        if key in ("data file", "datafile"):
            raise DecodeError(
                "Is a detached NRRD header (its voxels are in another file); save it as one .nrrd file"
            )


def _check_meta_image(path: Path, head: str, suffix: str, budget: DecodeBudget) -> None:
    fields = {}
    for line in head.splitlines():
        key, equals, value = line.partition("=")
        if not equals:
            continue
        fields[key.strip().lower()] = value.strip()
        if key.strip().lower() == "elementdatafile":
            break
    data_file = fields.get("elementdatafile")
    if data_file is None:
        raise DecodeError("Cannot be read as MetaImage (its header has no ElementDataFile); export it again")
    if data_file.upper() == "LOCAL":
        return
    if suffix == ".mha":
        raise DecodeError(
            f"Keeps its voxels in another file ({data_file}); save it as a .mha with the voxels inside"
        )
    plain = Path(data_file).name == data_file and data_file not in (".", "..")
    if not plain or data_file.upper().startswith("LIST") or "%" in data_file or " " in data_file:
        raise DecodeError(
            f"Names its voxel file as {data_file!r}; a .mhd must name a file beside it, so zip the .mhd "
            "with its .raw or save as .mha"
        )
    raw = path.with_name(data_file)
    if not raw.is_file():
        raise DecodeError(
            f"Keeps its voxels in {data_file}, which is not beside it; zip the .mhd with its .raw or "
            "save as .mha"
        )
    budget.check_file(raw)


def _itk_reason(error: RuntimeError) -> str:
    """ITK's one-line description, without its source location and file paths."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    for line in lines:
        if line.lower().startswith("description:"):
            return line.split(":", 1)[1].strip()[:200]
    return (lines[-1] if lines else type(error).__name__)[:200]
