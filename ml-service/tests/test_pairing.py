"""Layout and pairing: where images/ and masks/ may be, how names match, what is reported."""

from __future__ import annotations

import zipfile

import pytest

from medseg_ml.datasets.archive import ArchiveRefusedError
from medseg_ml.datasets.pairing import Pairing, natural_key, pair_files
from medseg_ml.io.decode import split_extension


def pair(*names: str) -> Pairing:
    return pair_files([zipfile.ZipInfo(n) for n in names])


def matched(pairing: Pairing) -> list[tuple[str, str, str]]:
    return [(p.stem, p.image.filename, p.mask.filename) for p in pairing.pairs]


def refusal(*names: str) -> list[str]:
    with pytest.raises(ArchiveRefusedError) as caught:
        pair(*names)
    return caught.value.errors


def test_pairs_by_stem_ignoring_extension_and_case() -> None:
    pairing = pair("images/Case_1.PNG", "masks/case_1.nii.gz", "images/b.dcm", "masks/B.png")
    assert matched(pairing) == [
        ("b", "images/b.dcm", "masks/B.png"),
        ("Case_1", "images/Case_1.PNG", "masks/case_1.nii.gz"),
    ]
    assert pairing.warnings == []


@pytest.mark.parametrize("suffix", ["_mask", "_seg", "_MASK"])
def test_mask_may_carry_a_suffix(suffix: str) -> None:
    assert matched(pair("images/a.png", f"masks/a{suffix}.png")) == [
        ("a", "images/a.png", f"masks/a{suffix}.png")
    ]


def test_exact_name_wins_over_suffixed_mask() -> None:
    pairing = pair("images/a.png", "masks/a.png", "masks/a_mask.png")
    assert matched(pairing) == [("a", "images/a.png", "masks/a.png")]
    assert pairing.warnings[0].path == "masks/a_mask.png"
    assert "already has mask masks/a.png" in pairing.warnings[0].reason


def test_wrapping_folder_and_folder_case() -> None:
    pairing = pair("Export/IMAGES/a.png", "Export/Masks/a.png")
    assert matched(pairing) == [("a", "Export/IMAGES/a.png", "Export/Masks/a.png")]


def test_subfolders_are_part_of_the_stem() -> None:
    pairing = pair("images/p1/s1.png", "images/p2/s1.png", "masks/p1/s1.png", "masks/p2/s1.png")
    assert [p.stem for p in pairing.pairs] == ["p1/s1", "p2/s1"]
    assert pair("images/p1/s1.png", "masks/s1.png").pairs == []


def test_unpaired_files_become_warnings_with_a_fix_and_maskless_images_unlabeled() -> None:
    pairing = pair("images/a.png", "images/b.png", "masks/a.png", "masks/c.png", "notes.txt")
    assert [p.stem for p in pairing.pairs] == ["a"]
    assert [(stem, info.filename) for stem, info in pairing.unlabeled] == [("b", "images/b.png")]
    reasons = {w.path: w.reason for w in pairing.warnings}
    assert "images/b.png" not in reasons
    assert reasons["masks/c.png"] == "Has no image with the same name in images/; ignored"
    assert reasons["notes.txt"] == "Not inside images/ or masks/; ignored"
    assert (pairing.image_count, pairing.mask_count) == (2, 2)


def test_unsupported_extension_is_skipped_with_reason() -> None:
    pairing = pair("images/a.tif", "masks/a.png")
    assert pairing.pairs == []
    assert pairing.warnings[0].reason == (
        ".tif files are not read (PNG, JPEG, DICOM, NIfTI, NRRD and MetaImage (.mha, or .mhd with its "
        ".raw) are); ignored"
    )


def test_duplicate_stems_refuse_the_archive() -> None:
    errors = refusal("images/a.png", "images/A.dcm", "masks/a.png")
    assert errors == [
        "images/ holds two files named A (images/a.png, images/A.dcm); keep one file per name and zip "
        "the folder again"
    ]


def test_missing_masks_folder_names_the_top_level() -> None:
    (error,) = refusal("images/a.png", "labels/a.png", "readme.md")
    assert error.startswith(
        "The archive has no masks/ folder (its top level holds: images/, labels/, readme.md)"
    )


def test_missing_both_folders_inside_a_wrapper() -> None:
    (error,) = refusal("data/scans/a.png", "data/segs/a.png")
    assert "no images/ and masks/ folder" in error
    assert "data/" in error


def test_two_top_folders_are_not_a_wrapper() -> None:
    (error,) = refusal("a/images/x.png", "a/masks/x.png", "b/images/y.png")
    assert "no images/ and masks/ folder (its top level holds: a/, b/)" in error


def test_pairs_sort_naturally() -> None:
    names = [f"images/c{i}.png" for i in (10, 2, 1)] + [f"masks/c{i}.png" for i in (1, 2, 10)]
    assert [p.stem for p in pair(*names).pairs] == ["c1", "c2", "c10"]
    assert natural_key("c2") < natural_key("c10")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.png", ("a", ".png")),
        ("a.NII.GZ", ("a", ".nii.gz")),
        ("a.b.jpg", ("a.b", ".jpg")),
        ("IM0001", ("IM0001", "")),
        ("1.2.840.113619.2.55", ("1.2.840.113619.2.55", "")),
        (".hidden", (".hidden", "")),
    ],
)
def test_split_extension(name: str, expected: tuple[str, str]) -> None:
    assert split_extension(name) == expected
