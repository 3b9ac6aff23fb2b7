from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.model_dto_architecture import ModelDtoArchitecture
from ..models.model_dto_job_state import ModelDtoJobState
from ..models.model_dto_reason_type_1 import ModelDtoReasonType1
from ..models.model_dto_status import ModelDtoStatus
from ..models.model_dto_trigger import ModelDtoTrigger
from ..models.model_dto_visibility import ModelDtoVisibility
from typing import cast

if TYPE_CHECKING:
  from ..models.model_metrics_dto import ModelMetricsDto
  from ..models.owner_dto import OwnerDto
  from ..models.step_progress_dto import StepProgressDto





T = TypeVar("T", bound="ModelDto")



@_attrs_define
class ModelDto:
    """ 
        Attributes:
            id (str):
            name (str):
            version (float):
            dataset_id (str):
            dataset_name (str): '' when the caller may not see the dataset (a shared model of a private dataset)
            architecture (ModelDtoArchitecture):
            guided (bool): Trained with guidance channels: it takes prompts in sessions (POST /api/models/:id/sessions)
            status (ModelDtoStatus): A job cancelled before its first epoch is failed with error "cancelled"; after it,
                completed and stoppedEarly
            job_state (ModelDtoJobState):
            queue_position (float): 1 = next to run; 0 when not queued
            error (None | str):
            reason (ModelDtoReasonType1 | None): Why the job ended as it did; null while training or after a normal end
            stopped_early (bool): A cancel stopped the training after at least one epoch: the model is its best epoch so far
            created_at (str):
            trained_at (None | str):
            epochs_done (float):
            epochs (float):
            best_dice (float | None):
            progress (None | StepProgressDto):
            metrics (ModelMetricsDto | None): Final metrics of a completed training
            owner (None | OwnerDto): null: stored before accounts existed (shared; only admins change it)
            visibility (ModelDtoVisibility): private: its owner and admins; shared: everyone signed in
            can_change (bool): Whether the caller may change, share, cancel or delete it (its owner or an admin)
            dataset_version (float): The dataset version it was trained on
            parent_model_id (None | str): The model it was fine-tuned from
            child_model_ids (list[str]): Models fine-tuned from it
            trigger (ModelDtoTrigger): auto-fine-tune: queued by its dataset's auto fine-tune rule after enough new masks
     """

    id: str
    name: str
    version: float
    dataset_id: str
    dataset_name: str
    architecture: ModelDtoArchitecture
    guided: bool
    status: ModelDtoStatus
    job_state: ModelDtoJobState
    queue_position: float
    error: None | str
    reason: ModelDtoReasonType1 | None
    stopped_early: bool
    created_at: str
    trained_at: None | str
    epochs_done: float
    epochs: float
    best_dice: float | None
    progress: None | StepProgressDto
    metrics: ModelMetricsDto | None
    owner: None | OwnerDto
    visibility: ModelDtoVisibility
    can_change: bool
    dataset_version: float
    parent_model_id: None | str
    child_model_ids: list[str]
    trigger: ModelDtoTrigger
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.model_metrics_dto import ModelMetricsDto # noqa: PLC0415
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
        if isinstance(self.reason, ModelDtoReasonType1):
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
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_metrics_dto import ModelMetricsDto # noqa: PLC0415
        from ..models.owner_dto import OwnerDto # noqa: PLC0415
        from ..models.step_progress_dto import StepProgressDto # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        version = d.pop("version")

        dataset_id = d.pop("datasetId")

        dataset_name = d.pop("datasetName")

        architecture = ModelDtoArchitecture(d.pop("architecture"))




        guided = d.pop("guided")

        status = ModelDtoStatus(d.pop("status"))




        job_state = ModelDtoJobState(d.pop("jobState"))




        queue_position = d.pop("queuePosition")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        def _parse_reason(data: object) -> ModelDtoReasonType1 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_1 = ModelDtoReasonType1(data)



                return reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelDtoReasonType1 | None, data)

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


        visibility = ModelDtoVisibility(d.pop("visibility"))




        can_change = d.pop("canChange")

        dataset_version = d.pop("datasetVersion")

        def _parse_parent_model_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        parent_model_id = _parse_parent_model_id(d.pop("parentModelId"))


        child_model_ids = cast(list[str], d.pop("childModelIds"))


        trigger = ModelDtoTrigger(d.pop("trigger"))




        model_dto = cls(
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
        )


        model_dto.additional_properties = d
        return model_dto

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
