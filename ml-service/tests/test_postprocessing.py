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
