from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.hyperparameters_dto_architecture import HyperparametersDtoArchitecture
from ..models.hyperparameters_dto_augmentation_preset import HyperparametersDtoAugmentationPreset
from ..models.hyperparameters_dto_loss import HyperparametersDtoLoss
from ..models.hyperparameters_dto_lr_schedule import HyperparametersDtoLrSchedule
from ..models.hyperparameters_dto_optimizer import HyperparametersDtoOptimizer
from typing import cast






T = TypeVar("T", bound="HyperparametersDto")



@_attrs_define
class HyperparametersDto:
    """ 
        Attributes:
            epochs (float):
            learning_rate (float):
            batch_size (float):
            architecture (HyperparametersDtoArchitecture):
            input_size (float): A multiple of the rule in GET /api/models/defaults for the architecture and depth
            validation_fraction (float):
            augmentation (bool):
            optimizer (HyperparametersDtoOptimizer):
            loss (HyperparametersDtoLoss):
            seed (float):
            depth (float): U-Net levels (unet, attention_unet)
            base_channels (float): Channels of the first level (unet, attention_unet)
            encoder_depth (float): ResNet encoder depth (resunet): 18 or 34
            patch_size (list[float]): unet_3d: (slice, row, column) patch in voxels; empty for 2D architectures
            target_spacing (list[float]): unet_3d: (slice, row, column) mm the volumes are resampled to; all 0 = each its
                own; empty for 2D
            foreground_oversampling (float): unet_3d: share of patches centred on a foreground voxel; 0 for 2D architectures
            dropout (float): Share of activations dropped in training (0 = none); above 0 the annotation queue can order by
                Monte-Carlo dropout
            guided (bool): A guided model: it also takes click, box, scribble and lasso prompts (interactive sessions);
                without prompts it segments automatically
            augmentation_preset (HyperparametersDtoAugmentationPreset): With augmentation on: 'nnunet' (rotation, scaling,
                noise, blur, brightness, contrast, low resolution, gamma, mirroring) or 'light' (flips, 90° turns, intensity
                jitter: the recipe before nnU-Net's)
            lr_schedule (HyperparametersDtoLrSchedule): 'poly' (nnU-Net's, after a one-epoch warm-up) or 'cosine' (the
                recipe before poly)
            early_stopping_patience (float): Stop when the smoothed validation Dice has not improved for this many epochs; 0
                = never
     """

    epochs: float
    learning_rate: float
    batch_size: float
    architecture: HyperparametersDtoArchitecture
    input_size: float
    validation_fraction: float
    augmentation: bool
    optimizer: HyperparametersDtoOptimizer
    loss: HyperparametersDtoLoss
    seed: float
    depth: float
    base_channels: float
    encoder_depth: float
    patch_size: list[float]
    target_spacing: list[float]
    foreground_oversampling: float
    dropout: float
    guided: bool
    augmentation_preset: HyperparametersDtoAugmentationPreset
    lr_schedule: HyperparametersDtoLrSchedule
    early_stopping_patience: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        epochs = self.epochs

        learning_rate = self.learning_rate

        batch_size = self.batch_size

        architecture = self.architecture.value

        input_size = self.input_size

        validation_fraction = self.validation_fraction

        augmentation = self.augmentation

        optimizer = self.optimizer.value

        loss = self.loss.value

        seed = self.seed

        depth = self.depth

        base_channels = self.base_channels

        encoder_depth = self.encoder_depth

        patch_size = self.patch_size



        target_spacing = self.target_spacing



        foreground_oversampling = self.foreground_oversampling

        dropout = self.dropout

        guided = self.guided

        augmentation_preset = self.augmentation_preset.value

        lr_schedule = self.lr_schedule.value

        early_stopping_patience = self.early_stopping_patience


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "epochs": epochs,
            "learningRate": learning_rate,
            "batchSize": batch_size,
            "architecture": architecture,
            "inputSize": input_size,
            "validationFraction": validation_fraction,
            "augmentation": augmentation,
            "optimizer": optimizer,
            "loss": loss,
            "seed": seed,
            "depth": depth,
            "baseChannels": base_channels,
            "encoderDepth": encoder_depth,
            "patchSize": patch_size,
            "targetSpacing": target_spacing,
            "foregroundOversampling": foreground_oversampling,
            "dropout": dropout,
            "guided": guided,
            "augmentationPreset": augmentation_preset,
            "lrSchedule": lr_schedule,
            "earlyStoppingPatience": early_stopping_patience,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        epochs = d.pop("epochs")

        learning_rate = d.pop("learningRate")

        batch_size = d.pop("batchSize")

        architecture = HyperparametersDtoArchitecture(d.pop("architecture"))




        input_size = d.pop("inputSize")

        validation_fraction = d.pop("validationFraction")

        augmentation = d.pop("augmentation")

        optimizer = HyperparametersDtoOptimizer(d.pop("optimizer"))




        loss = HyperparametersDtoLoss(d.pop("loss"))




        seed = d.pop("seed")

        depth = d.pop("depth")

        base_channels = d.pop("baseChannels")

        encoder_depth = d.pop("encoderDepth")

        patch_size = cast(list[float], d.pop("patchSize"))


        target_spacing = cast(list[float], d.pop("targetSpacing"))


        foreground_oversampling = d.pop("foregroundOversampling")

        dropout = d.pop("dropout")

        guided = d.pop("guided")

        augmentation_preset = HyperparametersDtoAugmentationPreset(d.pop("augmentationPreset"))




        lr_schedule = HyperparametersDtoLrSchedule(d.pop("lrSchedule"))




        early_stopping_patience = d.pop("earlyStoppingPatience")

        hyperparameters_dto = cls(
            epochs=epochs,
            learning_rate=learning_rate,
            batch_size=batch_size,
            architecture=architecture,
            input_size=input_size,
            validation_fraction=validation_fraction,
            augmentation=augmentation,
            optimizer=optimizer,
            loss=loss,
            seed=seed,
            depth=depth,
            base_channels=base_channels,
            encoder_depth=encoder_depth,
            patch_size=patch_size,
            target_spacing=target_spacing,
            foreground_oversampling=foreground_oversampling,
            dropout=dropout,
            guided=guided,
            augmentation_preset=augmentation_preset,
            lr_schedule=lr_schedule,
            early_stopping_patience=early_stopping_patience,
        )


        hyperparameters_dto.additional_properties = d
        return hyperparameters_dto

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
