import numpy as np
import pytest

from medseg_ml.postprocessing import PostProcessing, choose_postprocessing, keep_largest_component


def _disc_with_speck(size: int = 64, cls: int = 1) -> np.ndarray:
    yy, xx = np.mgrid[:size, :size]
    mask = np.zeros((size, size), np.uint8)
    mask[(yy - 32) ** 2 + (xx - 32) ** 2 < 15**2] = cls
    return mask


def test_largest_component_removes_a_planted_speck_and_keeps_other_classes():
    reference = _disc_with_speck()
    predicted = reference.copy()
    predicted[2:4, 2:4] = 1  # a false-positive speck far from the disc
    predicted[60:62, 60:62] = 2  # another class, not filtered
    out = keep_largest_component(predicted, (1,))
    assert np.array_equal(out[:50, :50], reference[:50, :50])
    assert (out[60:62, 60:62] == 2).all()
    assert predicted[2, 2] == 1, "the input is left untouched"


def test_largest_component_works_on_volumes_with_diagonal_connectivity():
    volume = np.zeros((8, 8, 8), np.int16)
    volume[1, 1, 1] = volume[2, 2, 2] = 300  # touching at a corner: one component
    volume[6, 6, 6] = 300
    out = keep_largest_component(volume, (300,))
    assert out[1, 1, 1] == out[2, 2, 2] == 300 and out[6, 6, 6] == 0


def test_chosen_on_validation_only_when_it_raises_dice():
    references = [_disc_with_speck() for _ in range(3)]
    specked = []
    for r in references:
        p = r.copy()
        p[2:5, 2:5] = 1
        specked.append(p)
    chosen = choose_postprocessing(specked, references, class_count=2)
    assert chosen.largest_component_classes == (1,)
    assert chosen.validation_dice["1"]["after"] > chosen.validation_dice["1"]["before"]

    # Two true components: keeping one would lose the other, so the filter is not chosen.
    two = [r.copy() for r in references]
    for r in two:
        r[2:6, 2:6] = 1
    assert choose_postprocessing(two, two, class_count=2).largest_component_classes == ()


def test_the_decision_round_trips_through_the_card_and_is_reversible():
    chosen = PostProcessing((1, 3), {"1": {"before": 0.9, "after": 0.95}})
    again = PostProcessing.from_dict(chosen.to_dict())
    assert again == chosen
    predicted = _disc_with_speck()
    predicted[1, 1] = 1
    assert PostProcessing.from_dict(None).apply(predicted) is predicted
    assert again.apply(predicted)[1, 1] == 0
    with pytest.raises(ValueError, match="foreground"):
        PostProcessing.from_dict({"largest_component_classes": [0]})


def _discs(*centres_radii: tuple[int, int, int], size: int = 64) -> np.ndarray:
    yy, xx = np.mgrid[:size, :size]
    mask = np.zeros((size, size), np.uint8)
    for y, x, r in centres_radii:
        mask[(yy - y) ** 2 + (xx - x) ** 2 < r**2] = 1
    return mask


def test_a_speck_among_two_real_objects_goes_by_the_size_filter_not_the_largest_component():
    references = [_discs((16, 16, 8), (44, 44, 10)) for _ in range(3)]
    predictions = []
    for r in references:
        p = r.copy()
        p[2:4, 60:62] = 1
        predictions.append(p)
    chosen = choose_postprocessing(predictions, references, class_count=2)
    assert chosen.largest_component_classes == (), "keeping one disc would lose the other"
    size = chosen.min_component_size[1]
    assert 4 < size <= int((references[0] == 1).sum()) // 2
    assert np.array_equal(chosen.apply(predictions[0]), references[0])
    dice = chosen.validation_dice["1"]
    assert dice["before"] < dice["final"] == dice["after_min_size"] == 1.0
    assert chosen.cases == 3


def test_a_false_positive_blob_on_an_empty_slice_is_removed_only_when_it_is_small():
    references = [_discs((32, 32, 12)) for _ in range(3)] + [np.zeros((64, 64), np.uint8)]
    small = [r.copy() for r in references]
    small[3][5:8, 5:8] = 1
    chosen = choose_postprocessing(small, references, class_count=2)
    # Alone on its slice, the blob is that slice's largest component: only the size filter can help.
    assert chosen.largest_component_classes == ()
    assert 9 < chosen.min_component_size[1] < int((references[0] == 1).sum())
    assert not chosen.apply(small[3]).any()
    assert np.array_equal(chosen.apply(small[0]), references[0])
    assert chosen.validation_dice["1"]["before"] == pytest.approx(0.75)
    assert chosen.validation_dice["1"]["final"] == 1.0

    large = [r.copy() for r in references]
    large[3][2:22, 2:22] = 1  # as large as the true objects: no candidate size may remove it
    kept = choose_postprocessing(large, references, class_count=2)
    assert kept.is_none and kept.validation_dice["1"]["final"] == kept.validation_dice["1"]["before"]


def test_both_filters_apply_in_order_and_sizes_scale_with_the_output_grid():
    both = PostProcessing((1,), min_component_size={1: 10})
    mask = _discs((32, 32, 2), size=64)  # 9 pixels: the largest (only) component, yet too small
    mask[50:60, 50:52] = 2
    out = both.apply(mask)
    assert not (out == 1).any() and (out == 2).sum() == 20

    speck = np.zeros((16, 16), np.uint8)
    speck[4:6, 4:6] = 1
    sized = PostProcessing(min_component_size={1: 2})
    assert sized.apply(speck) is speck, "nothing removed at the network's grid"
    assert not sized.apply(speck, voxel_scale=4.0).any(), "4 px at 4x the pixels is 1 network pixel"


def test_a_record_with_sizes_round_trips_and_one_written_before_sizes_loads():
    chosen = PostProcessing(
        (1,), {"1": {"before": 0.9, "after": 0.95, "final": 0.96}}, {1: 12, 2: 40}, 7, "on 7 slices"
    )
    record = chosen.to_dict()
    assert record["min_component_size"] == {"1": 12, "2": 40} and record["validation_cases"] == 7
    assert PostProcessing.from_dict(record) == chosen
    old = PostProcessing.from_dict({"largest_component_classes": [2], "validation_dice": {}})
    assert old.largest_component_classes == (2,) and old.min_component_size == {} and not old.is_none
    with pytest.raises(ValueError, match="at least 1"):
        PostProcessing.from_dict({"min_component_size": {"1": 0}})
    with pytest.raises(ValueError, match="foreground"):
        PostProcessing.from_dict({"min_component_size": {"0": 5}})


def _speck(y: int, x: int, side: int = 3, size: int = 64) -> np.ndarray:
    mask = np.zeros((size, size), np.uint8)
    mask[y : y + side, x : x + side] = 1
    return mask


def test_training_slices_without_the_class_show_a_size_filter_that_validation_cannot():
    # A middle block: every validation slice holds the object, predicted as it is; nothing to gain there.
    validation = [_discs((32, 32, 15)) for _ in range(3)]
    # The training slices: two without the class, where the network predicted a speck, and one end of
    # the stack with a small true object it predicted well.
    small = _discs((20, 20, 3))
    training_truth = [np.zeros((64, 64), np.uint8), np.zeros((64, 64), np.uint8), small]
    training_predicted = [_speck(5, 5), _speck(50, 40), small.copy()]
    alone = choose_postprocessing(validation, validation, class_count=2)
    assert alone.is_none, "validation alone shows no gain"

    chosen = choose_postprocessing(
        validation, validation, 2, training_predictions=training_predicted, training_references=training_truth
    )
    size = chosen.min_component_size[1]
    assert 9 < size <= int(small.sum()), "the specks go, the small true object stays"
    assert not chosen.apply(training_predicted[0]).any()
    assert np.array_equal(chosen.apply(small), small)
    dice = chosen.validation_dice["1"]
    assert dice["before"] == dice["final"] == 1.0
    assert dice["with_training_before"] == pytest.approx(4 / 6) and dice["with_training_final"] == 1.0
    assert (chosen.cases, chosen.training_cases) == (3, 3)
    assert PostProcessing.from_dict(chosen.to_dict()) == chosen


def test_validation_vetoes_a_size_the_training_slices_alone_would_choose():
    # Validation holds a small true object beside the large one, predicted well; the many training
    # slices without the class have false positives of about its size.
    validation = [_discs((32, 32, 15), (5, 5, 3)) for _ in range(3)]
    blank = np.zeros((64, 64), np.uint8)
    training_predicted = [_speck(40, 40, side=6) for _ in range(8)]
    chosen = choose_postprocessing(
        validation, validation, 2, training_predictions=training_predicted, training_references=[blank] * 8
    )
    assert chosen.min_component_size.get(1, 0) <= int(_discs((5, 5, 3)).sum())
    assert np.array_equal(chosen.apply(validation[0]), validation[0])
    assert chosen.validation_dice["1"]["final"] == 1.0
