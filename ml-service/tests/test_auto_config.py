"""The Auto preset picks different, sensible settings for different datasets, and says why."""

from __future__ import annotations

import torch

from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as dpb
from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import volume_pb2 as vpb
from medseg_ml.training.auto_config import auto_2d, training_defaults_for
from medseg_ml.training.hyperparameters import Hyperparameters

GIB = 1024**3


def _stats(pairs: int, classes: int, width: int, height: int, volumes: int = 0) -> dpb.DatasetStats:
    return dpb.DatasetStats(
        pair_count=pairs,
        class_count=classes,
        volume_count=volumes,
        sizes=[dpb.SizeCount(width=width, height=height, count=pairs)],
    )


def test_a_tiny_png_dataset_gets_a_small_input_small_batches_and_many_epochs() -> None:
    plan = auto_2d(_stats(12, 3, 64, 48), "cpu", 6 * GIB)
    hp = plan.hyperparameters
    assert (hp.input_size, hp.depth, hp.batch_size, hp.epochs) == (64, 4, 2, 300)
    reasons = dict(plan.choices)
    assert "64 × 48" in reasons["input_size"]
    assert "a quarter of the 7 training pairs" in reasons["batch_size"]
    assert hp.augmentation_preset == "nnunet" and hp.lr_schedule == "poly"
    assert hp.foreground_oversampling == 0.33
    assert reasons["foreground_oversampling"].startswith("0.33: 1 of each batch of 2 is a slice that holds")


def test_the_brain_sample_gets_its_own_side_a_deeper_network_and_about_1500_steps() -> None:
    # brain-mask.zip: 173 axial slices of Colin27, 181 x 217 px, brain and background.
    plan = auto_2d(_stats(173, 2, 181, 217), "cpu", 6 * GIB)
    hp = plan.hyperparameters
    assert (hp.input_size, hp.depth, hp.batch_size) == (224, 5, 8)
    assert hp.epochs == 100  # 15 steps of 8 from about 120 training slices
    assert "at most 8 on CPU" in dict(plan.choices)["batch_size"]
    assert dict(plan.choices)["foreground_oversampling"] == (
        "0.33: 3 of each batch of 8 are slices that hold a randomly chosen class (nnU-Net's foreground "
        "oversampling), so small and rare classes are seen often"
    )


def test_large_images_are_capped_and_the_batch_follows_the_memory_budget() -> None:
    tight = auto_2d(_stats(2000, 2, 1024, 1024), "cuda", int(1.2 * GIB)).hyperparameters
    roomy = auto_2d(_stats(2000, 2, 1024, 1024), "cuda", 40 * GIB).hyperparameters
    assert tight.input_size == roomy.input_size == 512
    assert tight.batch_size == 4 and roomy.batch_size == 32
    # About 1400 training slices: 350 steps of 4 reach the aim in the fewest epochs allowed, 43 of 32 not.
    assert (tight.epochs, roomy.epochs) == (30, 35)


def test_many_classes_cost_memory_per_sample() -> None:
    binary = auto_2d(_stats(500, 2, 256, 256), "cuda", 1 * GIB).hyperparameters
    atlas = auto_2d(_stats(500, 117, 256, 256), "cuda", 1 * GIB).hyperparameters
    assert atlas.batch_size < binary.batch_size


def test_an_anisotropic_ct_dataset_gets_its_spacing_a_flat_patch_and_ct_normalization() -> None:
    fingerprint = vpb.DatasetFingerprint(
        case_count=20,
        median_shape=[40, 512, 512],
        median_spacing=[5.0, 0.7, 0.7],
        min_spacing=[2.5, 0.6, 0.6],
        max_spacing=[5.0, 0.9, 0.9],
        channel_names=["CT"],
        class_fractions=[vpb.ClassFraction(value=0, fraction=0.9), vpb.ClassFraction(value=1, fraction=0.1)],
    )
    answer = training_defaults_for(fingerprint, _stats(800, 2, 512, 512, volumes=20), torch.device("cpu"))
    volume = Hyperparameters.from_proto(answer.volume_defaults, fingerprint)
    assert volume.architecture == "unet_3d"
    assert volume.target_spacing == (5.0, 0.7, 0.7)
    assert volume.patch_size == (40, 144, 152)
    assert (volume.batch_size, volume.epochs) == (2, 47)
    reasons = {c.field: c.reason for c in answer.volume_choices}
    assert "clipped to the foreground's 0.5-99.5 percentiles" in reasons["normalization"]
    assert "about 33% of patches are centred on a voxel" in reasons["foreground_oversampling"]
    flat = Hyperparameters.from_proto(answer.auto_defaults)
    assert (flat.input_size, flat.depth, flat.epochs) == (512, 5, 30)


def test_mr_volumes_are_z_scored_and_no_dataset_means_no_auto_values() -> None:
    fingerprint = vpb.DatasetFingerprint(
        case_count=1, median_shape=[181, 217, 181], median_spacing=[1, 1, 1], channel_names=["T1"]
    )
    answer = training_defaults_for(fingerprint, None, torch.device("cpu"))
    assert "z-scored per case" in {c.field: c.reason for c in answer.volume_choices}["normalization"]
    assert not answer.HasField("auto_defaults")
    plain = training_defaults_for(None, None, torch.device("cpu"))
    assert not plain.HasField("auto_defaults") and not plain.auto_choices
    assert isinstance(plain, pb.GetTrainingDefaultsResponse)
