"""The train/validation split: whole volumes, a gapped block of one volume, or random 2D pairs."""

from __future__ import annotations

import pytest

from medseg_ml.training.split import PairRef, SplitError, split_pairs


def volumes(sizes: list[int]) -> list[PairRef]:
    pairs, index = [], 0
    for v, size in enumerate(sizes):
        for z in range(size):
            pairs.append(PairRef(index, f"case{v}", z))
            index += 1
    return pairs


def test_by_volume_never_puts_one_volume_on_both_sides() -> None:
    pairs = volumes([12, 8, 15, 10, 9, 11])
    split = split_pairs(pairs, 0.2, seed=3)
    assert split.method == "by_volume"
    volume_of = {p.index: p.volume for p in pairs}
    train_volumes = {volume_of[i] for i in split.train}
    val_volumes = {volume_of[i] for i in split.val}
    assert train_volumes and val_volumes and not train_volumes & val_volumes
    assert sorted(val_volumes) == split.details["validation_volumes"]
    assert sorted(split.train + split.val) == list(range(len(pairs)))
    assert len(split.val) >= 0.2 * len(pairs)


def test_by_volume_is_deterministic_by_seed_and_varies_with_it() -> None:
    pairs = volumes([5] * 10)
    assert split_pairs(pairs, 0.2, 1) == split_pairs(pairs, 0.2, 1)
    chosen = {tuple(split_pairs(pairs, 0.2, seed).details["validation_volumes"]) for seed in range(10)}
    assert len(chosen) > 1


def test_by_volume_keeps_a_volume_for_training_when_one_is_huge() -> None:
    split = split_pairs(volumes([100, 3]), 0.2, seed=0)
    assert split.details["validation_volumes"] == ["case1"]
    assert len(split.train) == 100


def test_two_d_images_beside_a_volume_are_groups_of_their_own() -> None:
    pairs = volumes([10]) + [PairRef(10 + i) for i in range(10)]
    split = split_pairs(pairs, 0.25, seed=0)
    assert split.method == "by_volume"
    in_val = [i for i in range(10) if i in split.val]
    assert in_val in ([], list(range(10)))  # the volume's slices stay together


def test_single_volume_validates_on_a_middle_block_with_gaps() -> None:
    pairs = volumes([100])
    split = split_pairs(pairs, 0.2, seed=0)
    assert split.method == "volume_block"
    assert split.val == tuple(range(40, 60))
    gap = split.details["gap_slices"]
    assert gap == 5 and split.details["validation_slices"] == [40, 59]
    assert split.excluded == tuple(range(35, 40)) + tuple(range(60, 65))
    for i in split.train:
        assert i < 40 - gap or i >= 60 + gap
    assert len(split.train) + len(split.val) + len(split.excluded) == 100


def test_single_volume_orders_by_slice_not_by_pair_index() -> None:
    # Pairs listed in reverse slice order: the block is still contiguous in slice_index.
    pairs = [PairRef(index=i, volume="v", slice_index=29 - i) for i in range(30)]
    split = split_pairs(pairs, 0.2, seed=0)
    slices = sorted(29 - i for i in split.val)
    assert slices == list(range(slices[0], slices[0] + 6))
    train_slices = [29 - i for i in split.train]
    assert all(s < slices[0] - 2 or s > slices[-1] + 2 for s in train_slices)


def test_short_volume_shrinks_the_gap_to_keep_training_slices() -> None:
    split = split_pairs(volumes([5]), 0.2, seed=0)
    assert split.val == (2,) and split.excluded == (1, 3) and split.train == (0, 4)
    assert split.details["gap_slices"] == 1


def test_volume_too_short_for_a_gap_is_refused() -> None:
    with pytest.raises(SplitError, match="has 3 slices, too few"):
        split_pairs(volumes([3]), 0.2, seed=0)


@pytest.mark.parametrize(
    ("count", "fraction", "val_count"), [(40, 0.2, 8), (10, 0.5, 5), (2, 0.1, 1), (7, 0.3, 2)]
)
def test_two_d_pairs_split_at_random_with_the_right_share(
    count: int, fraction: float, val_count: int
) -> None:
    pairs = [PairRef(i) for i in range(count)]
    split = split_pairs(pairs, fraction, seed=42)
    assert split.method == "random_pairs"
    assert len(split.val) == val_count and len(split.train) == count - val_count
    assert sorted(split.train + split.val) == list(range(count))
    assert split == split_pairs(list(reversed(pairs)), fraction, seed=42)
    if count >= 10:
        assert split.val != split_pairs(pairs, fraction, seed=43).val


def test_one_pair_cannot_be_split() -> None:
    with pytest.raises(SplitError, match="at least 2 pairs"):
        split_pairs([PairRef(0)], 0.2, seed=0)


def test_card_form_lists_both_sides() -> None:
    record = split_pairs(volumes([20]), 0.2, seed=0).to_dict()
    assert record["method"] == "volume_block"
    assert set(record) >= {"train", "val", "excluded", "gap_slices", "validation_volumes"}


def test_numbered_2d_slices_of_one_stack_are_split_as_a_block_with_a_gap() -> None:
    # Exported slices (colin27_z000 …) are as alike as a volume's: a random split would leak.
    pairs = [PairRef(i, name=f"colin27_z{i + 10:03d}") for i in range(40)]
    split = split_pairs(pairs, 0.2, seed=1)
    assert split.method == "volume_block"
    assert split.details["validation_volumes"] == ["colin27_z*"]
    val = sorted(split.val)
    assert val == list(range(val[0], val[-1] + 1))  # one contiguous block
    gap = split.details["gap_slices"]
    assert all(abs(t - v) > gap for t in split.train for v in val)


def test_few_or_unnumbered_2d_images_stay_a_random_split() -> None:
    few = [PairRef(i, name=f"case_{i}") for i in range(15)]
    assert split_pairs(few, 0.2, seed=1).method == "random_pairs"
    named = [PairRef(i, name=f"patient-{chr(97 + i)}") for i in range(12)]
    assert split_pairs(named, 0.25, seed=1).method == "random_pairs"


def test_two_numbered_stacks_are_held_out_whole() -> None:
    pairs = [PairRef(i, name=f"{'knee' if i < 20 else 'hip'}_{i:02d}") for i in range(40)]
    split = split_pairs(pairs, 0.5, seed=3)
    assert split.method == "by_volume"
    sides = [{("knee" if i < 20 else "hip") for i in side} for side in (split.train, split.val)]
    assert sides[0].isdisjoint(sides[1])
