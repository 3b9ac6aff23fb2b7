from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.hyperparameters_input_dto_architecture import HyperparametersInputDtoArchitecture
from ..models.hyperparameters_input_dto_augmentation_preset import HyperparametersInputDtoAugmentationPreset
from ..models.hyperparameters_input_dto_loss import HyperparametersInputDtoLoss
from ..models.hyperparameters_input_dto_lr_schedule import HyperparametersInputDtoLrSchedule
from ..models.hyperparameters_input_dto_optimizer import HyperparametersInputDtoOptimizer
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="HyperparametersInputDto")



@_attrs_define
class HyperparametersInputDto:
    """ 
        Attributes:
            epochs (float | Unset):
            learning_rate (float | Unset):
            batch_size (float | Unset):
            architecture (HyperparametersInputDtoArchitecture | Unset):
            input_size (float | Unset):
            validation_fraction (float | Unset):
            augmentation (bool | Unset):
            optimizer (HyperparametersInputDtoOptimizer | Unset):
            loss (HyperparametersInputDtoLoss | Unset):
            seed (float | Unset):
            depth (float | Unset):
            base_channels (float | Unset):
            encoder_depth (float | Unset):
            patch_size (list[float] | Unset): unet_3d: 3 whole numbers (slice, row, column); missing = from the dataset
                fingerprint
            target_spacing (list[float] | Unset): unet_3d: 3 spacings in mm (slice, row, column), all 0 = keep each case's
                own; missing = the median spacing
            foreground_oversampling (float | Unset): unet_3d: share of patches centred on foreground, in (0, 1]
            dropout (float | Unset): Share of activations dropped in training, 0 to 0.5 (0 = none); above 0 it enables the
                annotation queue's Monte-Carlo dropout ordering (method=mc-dropout) Default: 0.0.
            guided (bool | Unset): Train a guided model: besides the image it takes positive and negative prompts (points,
                boxes, scribbles, lassos) simulated from the masks during training; at most 16 classes Default: False.
            augmentation_preset (HyperparametersInputDtoAugmentationPreset | Unset):
            lr_schedule (HyperparametersInputDtoLrSchedule | Unset):
            early_stopping_patience (float | Unset): Epochs without a gain in the smoothed validation Dice before training
                stops; 0 = never (the default)
     """

    epochs: float | Unset = UNSET
    learning_rate: float | Unset = UNSET
    batch_size: float | Unset = UNSET
    architecture: HyperparametersInputDtoArchitecture | Unset = UNSET
    input_size: float | Unset = UNSET
    validation_fraction: float | Unset = UNSET
    augmentation: bool | Unset = UNSET
    optimizer: HyperparametersInputDtoOptimizer | Unset = UNSET
    loss: HyperparametersInputDtoLoss | Unset = UNSET
    seed: float | Unset = UNSET
    depth: float | Unset = UNSET
    base_channels: float | Unset = UNSET
    encoder_depth: float | Unset = UNSET
    patch_size: list[float] | Unset = UNSET
    target_spacing: list[float] | Unset = UNSET
    foreground_oversampling: float | Unset = UNSET
    dropout: float | Unset = 0.0
    guided: bool | Unset = False
    augmentation_preset: HyperparametersInputDtoAugmentationPreset | Unset = UNSET
    lr_schedule: HyperparametersInputDtoLrSchedule | Unset = UNSET
    early_stopping_patience: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        epochs = self.epochs

        learning_rate = self.learning_rate

        batch_size = self.batch_size

        architecture: str | Unset = UNSET
        if not isinstance(self.architecture, Unset):
            architecture = self.architecture.value


        input_size = self.input_size

        validation_fraction = self.validation_fraction

        augmentation = self.augmentation

        optimizer: str | Unset = UNSET
        if not isinstance(self.optimizer, Unset):
            optimizer = self.optimizer.value


        loss: str | Unset = UNSET
        if not isinstance(self.loss, Unset):
            loss = self.loss.value


        seed = self.seed

        depth = self.depth

        base_channels = self.base_channels

        encoder_depth = self.encoder_depth

        patch_size: list[float] | Unset = UNSET
        if not isinstance(self.patch_size, Unset):
            patch_size = self.patch_size



        target_spacing: list[float] | Unset = UNSET
        if not isinstance(self.target_spacing, Unset):
            target_spacing = self.target_spacing



        foreground_oversampling = self.foreground_oversampling

        dropout = self.dropout

        guided = self.guided

        augmentation_preset: str | Unset = UNSET
        if not isinstance(self.augmentation_preset, Unset):
            augmentation_preset = self.augmentation_preset.value


        lr_schedule: str | Unset = UNSET
        if not isinstance(self.lr_schedule, Unset):
            lr_schedule = self.lr_schedule.value


        early_stopping_patience = self.early_stopping_patience


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if epochs is not UNSET:
            field_dict["epochs"] = epochs
        if learning_rate is not UNSET:
            field_dict["learningRate"] = learning_rate
        if batch_size is not UNSET:
            field_dict["batchSize"] = batch_size
        if architecture is not UNSET:
            field_dict["architecture"] = architecture
        if input_size is not UNSET:
            field_dict["inputSize"] = input_size
        if validation_fraction is not UNSET:
            field_dict["validationFraction"] = validation_fraction
        if augmentation is not UNSET:
            field_dict["augmentation"] = augmentation
        if optimizer is not UNSET:
            field_dict["optimizer"] = optimizer
        if loss is not UNSET:
            field_dict["loss"] = loss
        if seed is not UNSET:
            field_dict["seed"] = seed
        if depth is not UNSET:
            field_dict["depth"] = depth
        if base_channels is not UNSET:
            field_dict["baseChannels"] = base_channels
        if encoder_depth is not UNSET:
            field_dict["encoderDepth"] = encoder_depth
        if patch_size is not UNSET:
            field_dict["patchSize"] = patch_size
        if target_spacing is not UNSET:
            field_dict["targetSpacing"] = target_spacing
        if foreground_oversampling is not UNSET:
            field_dict["foregroundOversampling"] = foreground_oversampling
        if dropout is not UNSET:
            field_dict["dropout"] = dropout
        if guided is not UNSET:
            field_dict["guided"] = guided
        if augmentation_preset is not UNSET:
            field_dict["augmentationPreset"] = augmentation_preset
        if lr_schedule is not UNSET:
            field_dict["lrSchedule"] = lr_schedule
        if early_stopping_patience is not UNSET:
            field_dict["earlyStoppingPatience"] = early_stopping_patience

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        epochs = d.pop("epochs", UNSET)

        learning_rate = d.pop("learningRate", UNSET)

        batch_size = d.pop("batchSize", UNSET)

        _architecture = d.pop("architecture", UNSET)
        architecture: HyperparametersInputDtoArchitecture | Unset
        if isinstance(_architecture,  Unset):
            architecture = UNSET
        else:
            architecture = HyperparametersInputDtoArchitecture(_architecture)




        input_size = d.pop("inputSize", UNSET)

        validation_fraction = d.pop("validationFraction", UNSET)

        augmentation = d.pop("augmentation", UNSET)

        _optimizer = d.pop("optimizer", UNSET)
        optimizer: HyperparametersInputDtoOptimizer | Unset
        if isinstance(_optimizer,  Unset):
            optimizer = UNSET
        else:
            optimizer = HyperparametersInputDtoOptimizer(_optimizer)




        _loss = d.pop("loss", UNSET)
        loss: HyperparametersInputDtoLoss | Unset
        if isinstance(_loss,  Unset):
            loss = UNSET
        else:
            loss = HyperparametersInputDtoLoss(_loss)




        seed = d.pop("seed", UNSET)

        depth = d.pop("depth", UNSET)

        base_channels = d.pop("baseChannels", UNSET)

        encoder_depth = d.pop("encoderDepth", UNSET)

        patch_size = cast(list[float], d.pop("patchSize", UNSET))


        target_spacing = cast(list[float], d.pop("targetSpacing", UNSET))


        foreground_oversampling = d.pop("foregroundOversampling", UNSET)

        dropout = d.pop("dropout", UNSET)

        guided = d.pop("guided", UNSET)

        _augmentation_preset = d.pop("augmentationPreset", UNSET)
        augmentation_preset: HyperparametersInputDtoAugmentationPreset | Unset
        if isinstance(_augmentation_preset,  Unset):
            augmentation_preset = UNSET
        else:
            augmentation_preset = HyperparametersInputDtoAugmentationPreset(_augmentation_preset)




        _lr_schedule = d.pop("lrSchedule", UNSET)
        lr_schedule: HyperparametersInputDtoLrSchedule | Unset
        if isinstance(_lr_schedule,  Unset):
            lr_schedule = UNSET
        else:
            lr_schedule = HyperparametersInputDtoLrSchedule(_lr_schedule)




        early_stopping_patience = d.pop("earlyStoppingPatience", UNSET)

        hyperparameters_input_dto = cls(
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


        hyperparameters_input_dto.additional_properties = d
        return hyperparameters_input_dto

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
