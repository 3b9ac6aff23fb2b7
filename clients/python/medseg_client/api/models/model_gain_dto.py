from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.model_gain_dto_state import ModelGainDtoState
from typing import cast

if TYPE_CHECKING:
  from ..models.evaluation_dto import EvaluationDto
  from ..models.gain_class_dto import GainClassDto
  from ..models.gain_metric_dto import GainMetricDto





T = TypeVar("T", bound="ModelGainDto")



@_attrs_define
class ModelGainDto:
    """ 
        Attributes:
            model_id (str): The child
            parent_model_id (str):
            dataset_version (float): The child's dataset version: the masks both are scored with
            state (ModelGainDtoState): waiting-for-model: the child (or parent) is not completed; not-started: an evaluation
                is missing (POST starts it); running; completed; failed: an evaluation failed (POST starts it again)
            parent_evaluation (EvaluationDto | None): The parent's evaluation on the child's validation split
            child_evaluation (EvaluationDto | None): The child's evaluation on its own validation split
            case_count (float | None): Cases (or images) scored, once both completed
            same_cases (bool | None): Both scored the same case list (always true unless a report is damaged); null until
                completed
            metrics (list[GainMetricDto]): Aggregate means; empty until completed
            per_class (list[GainClassDto]): Per foreground class, where the reports have them
     """

    model_id: str
    parent_model_id: str
    dataset_version: float
    state: ModelGainDtoState
    parent_evaluation: EvaluationDto | None
    child_evaluation: EvaluationDto | None
    case_count: float | None
    same_cases: bool | None
    metrics: list[GainMetricDto]
    per_class: list[GainClassDto]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.evaluation_dto import EvaluationDto # noqa: PLC0415
        from ..models.gain_class_dto import GainClassDto # noqa: PLC0415
        from ..models.gain_metric_dto import GainMetricDto # noqa: PLC0415
        model_id = self.model_id

        parent_model_id = self.parent_model_id

        dataset_version = self.dataset_version

        state = self.state.value

        parent_evaluation: dict[str, Any] | None
        if isinstance(self.parent_evaluation, EvaluationDto):
            parent_evaluation = self.parent_evaluation.to_dict()
        else:
            parent_evaluation = self.parent_evaluation

        child_evaluation: dict[str, Any] | None
        if isinstance(self.child_evaluation, EvaluationDto):
            child_evaluation = self.child_evaluation.to_dict()
        else:
            child_evaluation = self.child_evaluation

        case_count: float | None
        case_count = self.case_count

        same_cases: bool | None
        same_cases = self.same_cases

        metrics = []
        for metrics_item_data in self.metrics:
            metrics_item = metrics_item_data.to_dict()
            metrics.append(metrics_item)



        per_class = []
        for per_class_item_data in self.per_class:
            per_class_item = per_class_item_data.to_dict()
            per_class.append(per_class_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "modelId": model_id,
            "parentModelId": parent_model_id,
            "datasetVersion": dataset_version,
            "state": state,
            "parentEvaluation": parent_evaluation,
            "childEvaluation": child_evaluation,
            "caseCount": case_count,
            "sameCases": same_cases,
            "metrics": metrics,
            "perClass": per_class,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evaluation_dto import EvaluationDto # noqa: PLC0415
        from ..models.gain_class_dto import GainClassDto # noqa: PLC0415
        from ..models.gain_metric_dto import GainMetricDto # noqa: PLC0415
        d = dict(src_dict)
        model_id = d.pop("modelId")

        parent_model_id = d.pop("parentModelId")

        dataset_version = d.pop("datasetVersion")

        state = ModelGainDtoState(d.pop("state"))




        def _parse_parent_evaluation(data: object) -> EvaluationDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                parent_evaluation_type_0 = EvaluationDto.from_dict(data)



                return parent_evaluation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EvaluationDto | None, data)

        parent_evaluation = _parse_parent_evaluation(d.pop("parentEvaluation"))


        def _parse_child_evaluation(data: object) -> EvaluationDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                child_evaluation_type_0 = EvaluationDto.from_dict(data)



                return child_evaluation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EvaluationDto | None, data)

        child_evaluation = _parse_child_evaluation(d.pop("childEvaluation"))


        def _parse_case_count(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        case_count = _parse_case_count(d.pop("caseCount"))


        def _parse_same_cases(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        same_cases = _parse_same_cases(d.pop("sameCases"))


        metrics = []
        _metrics = d.pop("metrics")
        for metrics_item_data in (_metrics):
            metrics_item = GainMetricDto.from_dict(metrics_item_data)



            metrics.append(metrics_item)


        per_class = []
        _per_class = d.pop("perClass")
        for per_class_item_data in (_per_class):
            per_class_item = GainClassDto.from_dict(per_class_item_data)



            per_class.append(per_class_item)


        model_gain_dto = cls(
            model_id=model_id,
            parent_model_id=parent_model_id,
            dataset_version=dataset_version,
            state=state,
            parent_evaluation=parent_evaluation,
            child_evaluation=child_evaluation,
            case_count=case_count,
            same_cases=same_cases,
            metrics=metrics,
            per_class=per_class,
        )


        model_gain_dto.additional_properties = d
        return model_gain_dto

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
