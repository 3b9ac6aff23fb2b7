"""DatasetService.PrepareAnnotation through the real gRPC server: a saved mask checked against its case
and turned into a mask shard, a NIfTI on the case's grid (and a PNG for a one-slice case)."""

from __future__ import annotations

import gzip
import io
import math

import grpc
import nibabel as nib
import numpy as np
import pytest
from PIL import Image
from safetensors.numpy import load

from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import dataset_service_pb2_grpc as pb_grpc
from medseg_ml.volumes.grid import VolumeGrid
from medseg_ml.volumes.nifti_out import display_to_nifti

# Source (i, j, k) = (6, 5, 4), 0.8 x 0.9 x 2.5 mm, RAS-ish with an origin: display is (4, 5, 6).
AFFINE = np.array([[-0.8, 0, 0, 10.0], [0, -0.9, 0, 20.0], [0, 0, 2.5, -30.0], [0, 0, 0, 1]])
GRID = VolumeGrid.create((6, 5, 4), AFFINE)
LABELS = [0, 1, 2]


def _case(depth_one: bool = False) -> pb.DatasetCase:
    if depth_one:
        return pb.DatasetCase(index=3, name="img_03", depth=1, height=7, width=9, first_pair=40)
    depth, height, width = GRID.display_shape
    return pb.DatasetCase(
        index=1,
        name="case_01",
        depth=depth,
        height=height,
        width=width,
        geometry=GRID.to_proto(),
        first_pair=10,
    )


def _volume_mask() -> np.ndarray:
    mask = np.zeros(GRID.display_shape, dtype=np.uint8)
    mask[1, 1:4, 1:4] = 1
    mask[2, 2:4, 2:5] = 2
    return mask


def _request(mask: bytes, name: str = "mask.nii.gz", **fields) -> pb.PrepareAnnotationRequest:
    case = fields.pop("case", _case())
    return pb.PrepareAnnotationRequest(
        dataset_id="ds1",
        case=case,
        pair_indices=fields.pop("pair_indices", [case.first_pair + z for z in range(case.depth)]),
        label_values=fields.pop("label_values", LABELS),
        mask=mask,
        mask_file_name=name,
        limits=fields.pop("limits", pb.DatasetLimits()),
        **fields,
    )


def _call(channel: grpc.Channel, request: pb.PrepareAnnotationRequest) -> pb.PrepareAnnotationResponse:
    return pb_grpc.DatasetServiceStub(channel).PrepareAnnotation(request, timeout=60)


def _refused(channel: grpc.Channel, request: pb.PrepareAnnotationRequest) -> str:
    with pytest.raises(grpc.RpcError) as info:
        _call(channel, request)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT, info.value.details()
    return info.value.details()


def _png(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def test_volume_mask_becomes_shard_nifti_and_counts(channel: grpc.Channel) -> None:
    mask = _volume_mask()
    proposal = mask.copy()
    proposal[2] = 0  # the person added class 2 on slice 2
    response = _call(
        channel,
        _request(
            display_to_nifti(mask, GRID, is_label=True),
            proposal=display_to_nifti(proposal, GRID, is_label=True),
            proposal_file_name="proposal.nii.gz",
        ),
    )
    shard = load(response.mask_shard)
    assert sorted(shard) == sorted(f"mask_{10 + z}" for z in range(mask.shape[0]))
    for z in range(mask.shape[0]):
        assert shard[f"mask_{10 + z}"].dtype == np.uint8
        np.testing.assert_array_equal(shard[f"mask_{10 + z}"], mask[z])
    image = nib.Nifti1Image.from_bytes(gzip.decompress(response.mask_nifti))
    assert image.shape == GRID.source_shape
    np.testing.assert_allclose(image.affine, AFFINE)
    np.testing.assert_array_equal(GRID.to_display(np.asarray(image.dataobj)), mask)
    assert response.mask_png == b""
    voxels = {lv.value: lv.voxels for lv in response.label_voxels}
    assert voxels == {0: mask.size - 15, 1: 9, 2: 6}
    assert response.label_voxels[1].volume_ml == pytest.approx(9 * 0.8 * 0.9 * 2.5 / 1000)
    assert [list(p.labels) for p in response.pair_labels] == [[0], [0, 1], [0, 2], [0]]
    assert [p.pair_index for p in response.pair_labels] == [10, 11, 12, 13]
    assert response.total_voxels == mask.size
    assert response.changed_voxels == 6
    # Class 1 unchanged (1.0), class 2 missing from the proposal (0.0); background never counts.
    per_class = list(response.proposal_dice_per_class)
    assert math.isnan(per_class[0]) and per_class[1:] == [1.0, 0.0]
    assert response.proposal_dice == pytest.approx(0.5)


def test_without_proposal_dice_is_nan_and_every_label_is_a_change(channel: grpc.Channel) -> None:
    mask = _volume_mask()
    response = _call(channel, _request(display_to_nifti(mask, GRID, is_label=True)))
    assert math.isnan(response.proposal_dice)
    assert list(response.proposal_dice_per_class) == []
    assert response.changed_voxels == 15


def test_both_empty_dice_is_nan(channel: grpc.Channel) -> None:
    empty = display_to_nifti(np.zeros(GRID.display_shape, np.uint8), GRID, is_label=True)
    response = _call(channel, _request(empty, proposal=empty, proposal_file_name="p.nii.gz"))
    assert math.isnan(response.proposal_dice)
    assert all(math.isnan(d) for d in response.proposal_dice_per_class)
    assert response.changed_voxels == 0


def test_one_slice_case_png_in_and_out(channel: grpc.Channel) -> None:
    mask = np.zeros((7, 9), dtype=np.uint8)
    mask[2:5, 3:7] = 2
    response = _call(channel, _request(_png(mask), "mask.png", case=_case(depth_one=True)))
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(response.mask_png))), mask)
    np.testing.assert_array_equal(load(response.mask_shard)["mask_40"], mask)
    assert [list(p.labels) for p in response.pair_labels] == [[0, 2]]
    assert response.label_voxels[1].volume_ml == 0.0
    image = nib.Nifti1Image.from_bytes(gzip.decompress(response.mask_nifti))
    assert image.shape == (1, 7, 9)


def test_unknown_labels_are_refused_with_both_lists(channel: grpc.Channel) -> None:
    mask = _volume_mask()
    mask[0, 0, 0] = 7
    mask[0, 0, 1] = 5
    details = _refused(channel, _request(display_to_nifti(mask, GRID, is_label=True)))
    assert "5, 7" in details and "0, 1, 2" in details


def test_wrong_shape_is_refused(channel: grpc.Channel) -> None:
    other = VolumeGrid.create((6, 5, 3), AFFINE)
    details = _refused(
        channel, _request(display_to_nifti(np.zeros(other.display_shape, np.uint8), other, is_label=True))
    )
    assert "case 1" in details and "grid" in details


def test_moved_grid_is_refused(channel: grpc.Channel) -> None:
    moved = AFFINE.copy()
    moved[0, 3] += 0.5
    grid = VolumeGrid.create((6, 5, 4), moved)
    details = _refused(channel, _request(display_to_nifti(_volume_mask(), grid, is_label=True)))
    assert "affine" in details


def test_png_for_a_volume_and_other_formats_are_refused(channel: grpc.Channel) -> None:
    assert "slices" in _refused(channel, _request(_png(np.zeros((5, 6), np.uint8)), "mask.png"))
    assert "not NIfTI or PNG" in _refused(channel, _request(b"abc", "mask.jpg"))
    assert "The mask" in _refused(channel, _request(b"not a nifti at all", "mask.nii.gz"))


def test_bad_requests_are_refused(channel: grpc.Channel) -> None:
    data = display_to_nifti(_volume_mask(), GRID, is_label=True)
    assert "pair_indices" in _refused(channel, _request(data, pair_indices=[1, 2]))
    assert "label_values" in _refused(channel, _request(data, label_values=[1, 2]))
    assert "empty" in _refused(channel, _request(b""))


def test_limits_bound_the_decode(channel: grpc.Channel) -> None:
    mask = np.zeros((7, 9), dtype=np.uint8)
    details = _refused(
        channel,
        _request(
            _png(mask),
            "mask.png",
            case=_case(depth_one=True),
            limits=pb.DatasetLimits(max_pixels_per_slice=10),
        ),
    )
    assert "MEDSEG_DATASET_MAX_PIXELS_PER_SLICE" in details
