from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.model_detail_dto_architecture import ModelDetailDtoArchitecture
from ..models.model_detail_dto_job_state import ModelDetailDtoJobState
from ..models.model_detail_dto_reason_type_1 import ModelDetailDtoReasonType1
from ..models.model_detail_dto_status import ModelDetailDtoStatus
from ..models.model_detail_dto_trigger import ModelDetailDtoTrigger
from ..models.model_detail_dto_visibility import ModelDetailDtoVisibility
from typing import cast

if TYPE_CHECKING:
  from ..models.epoch_dto import EpochDto
  from ..models.hyperparameters_dto import HyperparametersDto
  from ..models.model_classes_dto import ModelClassesDto
  from ..models.model_metrics_dto import ModelMetricsDto
  from ..models.model_split_dto import ModelSplitDto
  from ..models.model_weights_dto import ModelWeightsDto
  from ..models.owner_dto import OwnerDto
  from ..models.step_progress_dto import StepProgressDto





T = TypeVar("T", bound="ModelDetailDto")



@_attrs_define
class ModelDetailDto:
    """ 
        Attributes:
            id (str):
            name (str):
            version (float):
            dataset_id (str):
            dataset_name (str): '' when the caller may not see the dataset (a shared model of a private dataset)
            architecture (ModelDetailDtoArchitecture):
            guided (bool): Trained with guidance channels: it takes prompts in sessions (POST /api/models/:id/sessions)
            status (ModelDetailDtoStatus): A job cancelled before its first epoch is failed with error "cancelled"; after
                it, completed and stoppedEarly
            job_state (ModelDetailDtoJobState):
            queue_position (float): 1 = next to run; 0 when not queued
            error (None | str):
            reason (ModelDetailDtoReasonType1 | None): Why the job ended as it did; null while training or after a normal
                end
            stopped_early (bool): A cancel stopped the training after at least one epoch: the model is its best epoch so far
            created_at (str):
            trained_at (None | str):
            epochs_done (float):
            epochs (float):
            best_dice (float | None):
            progress (None | StepProgressDto):
            metrics (ModelMetricsDto | None): Final metrics of a completed training
            owner (None | OwnerDto): null: stored before accounts existed (shared; only admins change it)
            visibility (ModelDetailDtoVisibility): private: its owner and admins; shared: everyone signed in
            can_change (bool): Whether the caller may change, share, cancel or delete it (its owner or an admin)
            dataset_version (float): The dataset version it was trained on
            parent_model_id (None | str): The model it was fine-tuned from
            child_model_ids (list[str]): Models fine-tuned from it
            trigger (ModelDetailDtoTrigger): auto-fine-tune: queued by its dataset's auto fine-tune rule after enough new
                masks
            hyperparameters (HyperparametersDto):
            history (list[EpochDto]):
            classes (ModelClassesDto | None):
            split (ModelSplitDto | None):
            weights (ModelWeightsDto | None):
     """

    id: str
    name: str
    version: float
    dataset_id: str
    dataset_name: str
    architecture: ModelDetailDtoArchitecture
    guided: bool
    status: ModelDetailDtoStatus
    job_state: ModelDetailDtoJobState
    queue_position: float
    error: None | str
    reason: ModelDetailDtoReasonType1 | None
    stopped_early: bool
    created_at: str
    trained_at: None | str
    epochs_done: float
    epochs: float
    best_dice: float | None
    progress: None | StepProgressDto
    metrics: ModelMetricsDto | None
    owner: None | OwnerDto
    visibility: ModelDetailDtoVisibility
    can_change: bool
    dataset_version: float
    parent_model_id: None | str
    child_model_ids: list[str]
    trigger: ModelDetailDtoTrigger
    hyperparameters: HyperparametersDto
    history: list[EpochDto]
    classes: ModelClassesDto | None
    split: ModelSplitDto | None
    weights: ModelWeightsDto | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.epoch_dto import EpochDto # noqa: PLC0415
        from ..models.hyperparameters_dto import HyperparametersDto # noqa: PLC0415
        from ..models.model_classes_dto import ModelClassesDto # noqa: PLC0415
        from ..models.model_metrics_dto import ModelMetricsDto # noqa: PLC0415
        from ..models.model_split_dto import ModelSplitDto # noqa: PLC0415
        from ..models.model_weights_dto import ModelWeightsDto # noqa: PLC0415
        from ..models.owner_dto import OwnerDto # noqa: PLC0415
        from ..models.step_progress_dto import StepProgressDto # noqa: PLC0415
        id = self.id

        name = self.name

        version = self.version

        dataset_id = self.dataset_id

        dataset_name = self.dataset_name

        architecture = self.architecture.value

        guided = self.guided

        status = self.status.value

        job_state = self.job_state.value

        queue_position = self.queue_position

        error: None | str
        error = self.error

        reason: None | str
        if isinstance(self.reason, ModelDetailDtoReasonType1):
            reason = self.reason.value
        else:
            reason = self.reason

        stopped_early = self.stopped_early

        created_at = self.created_at

        trained_at: None | str
        trained_at = self.trained_at

        epochs_done = self.epochs_done

        epochs = self.epochs

        best_dice: float | None
        best_dice = self.best_dice

        progress: dict[str, Any] | None
        if isinstance(self.progress, StepProgressDto):
            progress = self.progress.to_dict()
        else:
            progress = self.progress

        metrics: dict[str, Any] | None
        if isinstance(self.metrics, ModelMetricsDto):
            metrics = self.metrics.to_dict()
        else:
            metrics = self.metrics

        owner: dict[str, Any] | None
        if isinstance(self.owner, OwnerDto):
            owner = self.owner.to_dict()
        else:
            owner = self.owner

        visibility = self.visibility.value

        can_change = self.can_change

        dataset_version = self.dataset_version

        parent_model_id: None | str
        parent_model_id = self.parent_model_id

        child_model_ids = self.child_model_ids



        trigger = self.trigger.value

        hyperparameters = self.hyperparameters.to_dict()

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)



        classes: dict[str, Any] | None
        if isinstance(self.classes, ModelClassesDto):
            classes = self.classes.to_dict()
        else:
            classes = self.classes

        split: dict[str, Any] | None
        if isinstance(self.split, ModelSplitDto):
            split = self.split.to_dict()
        else:
            split = self.split

        weights: dict[str, Any] | None
        if isinstance(self.weights, ModelWeightsDto):
            weights = self.weights.to_dict()
        else:
            weights = self.weights


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "version": version,
            "datasetId": dataset_id,
            "datasetName": dataset_name,
            "architecture": architecture,
            "guided": guided,
            "status": status,
            "jobState": job_state,
            "queuePosition": queue_position,
            "error": error,
            "reason": reason,
            "stoppedEarly": stopped_early,
            "createdAt": created_at,
            "trainedAt": trained_at,
            "epochsDone": epochs_done,
            "epochs": epochs,
            "bestDice": best_dice,
            "progress": progress,
            "metrics": metrics,
            "owner": owner,
            "visibility": visibility,
            "canChange": can_change,
            "datasetVersion": dataset_version,
            "parentModelId": parent_model_id,
            "childModelIds": child_model_ids,
            "trigger": trigger,
            "hyperparameters": hyperparameters,
            "history": history,
            "classes": classes,
            "split": split,
            "weights": weights,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.epoch_dto import EpochDto # noqa: PLC0415
        from ..models.hyperparameters_dto import HyperparametersDto # noqa: PLC0415
        from ..models.model_classes_dto import ModelClassesDto # noqa: PLC0415
        from ..models.model_metrics_dto import ModelMetricsDto # noqa: PLC0415
        from ..models.model_split_dto import ModelSplitDto # noqa: PLC0415
        from ..models.model_weights_dto import ModelWeightsDto # noqa: PLC0415
        from ..models.owner_dto import OwnerDto # noqa: PLC0415
        from ..models.step_progress_dto import StepProgressDto # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        version = d.pop("version")

        dataset_id = d.pop("datasetId")

        dataset_name = d.pop("datasetName")

        architecture = ModelDetailDtoArchitecture(d.pop("architecture"))




        guided = d.pop("guided")

        status = ModelDetailDtoStatus(d.pop("status"))




        job_state = ModelDetailDtoJobState(d.pop("jobState"))




        queue_position = d.pop("queuePosition")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        def _parse_reason(data: object) -> ModelDetailDtoReasonType1 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_1 = ModelDetailDtoReasonType1(data)



                return reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelDetailDtoReasonType1 | None, data)

        reason = _parse_reason(d.pop("reason"))


        stopped_early = d.pop("stoppedEarly")

        created_at = d.pop("createdAt")

        def _parse_trained_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        trained_at = _parse_trained_at(d.pop("trainedAt"))


        epochs_done = d.pop("epochsDone")

        epochs = d.pop("epochs")

        def _parse_best_dice(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        best_dice = _parse_best_dice(d.pop("bestDice"))


        def _parse_progress(data: object) -> None | StepProgressDto:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                progress_type_0 = StepProgressDto.from_dict(data)



                return progress_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StepProgressDto, data)

        progress = _parse_progress(d.pop("progress"))


        def _parse_metrics(data: object) -> ModelMetricsDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metrics_type_0 = ModelMetricsDto.from_dict(data)



                return metrics_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelMetricsDto | None, data)

        metrics = _parse_metrics(d.pop("metrics"))


        def _parse_owner(data: object) -> None | OwnerDto:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                owner_type_0 = OwnerDto.from_dict(data)



                return owner_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OwnerDto, data)

        owner = _parse_owner(d.pop("owner"))


        visibility = ModelDetailDtoVisibility(d.pop("visibility"))




        can_change = d.pop("canChange")

        dataset_version = d.pop("datasetVersion")

        def _parse_parent_model_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        parent_model_id = _parse_parent_model_id(d.pop("parentModelId"))


        child_model_ids = cast(list[str], d.pop("childModelIds"))


        trigger = ModelDetailDtoTrigger(d.pop("trigger"))




        hyperparameters = HyperparametersDto.from_dict(d.pop("hyperparameters"))




        history = []
        _history = d.pop("history")
        for history_item_data in (_history):
            history_item = EpochDto.from_dict(history_item_data)



            history.append(history_item)


        def _parse_classes(data: object) -> ModelClassesDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                classes_type_0 = ModelClassesDto.from_dict(data)



                return classes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelClassesDto | None, data)

        classes = _parse_classes(d.pop("classes"))


        def _parse_split(data: object) -> ModelSplitDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                split_type_0 = ModelSplitDto.from_dict(data)



                return split_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelSplitDto | None, data)

        split = _parse_split(d.pop("split"))


        def _parse_weights(data: object) -> ModelWeightsDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                weights_type_0 = ModelWeightsDto.from_dict(data)



                return weights_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelWeightsDto | None, data)

        weights = _parse_weights(d.pop("weights"))


        model_detail_dto = cls(
            id=id,
            name=name,
            version=version,
            dataset_id=dataset_id,
            dataset_name=dataset_name,
            architecture=architecture,
            guided=guided,
            status=status,
            job_state=job_state,
            queue_position=queue_position,
            error=error,
            reason=reason,
            stopped_early=stopped_early,
            created_at=created_at,
            trained_at=trained_at,
            epochs_done=epochs_done,
            epochs=epochs,
            best_dice=best_dice,
            progress=progress,
            metrics=metrics,
            owner=owner,
            visibility=visibility,
            can_change=can_change,
            dataset_version=dataset_version,
            parent_model_id=parent_model_id,
            child_model_ids=child_model_ids,
            trigger=trigger,
            hyperparameters=hyperparameters,
            history=history,
            classes=classes,
            split=split,
            weights=weights,
        )


        model_detail_dto.additional_properties = d
        return model_detail_dto

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
