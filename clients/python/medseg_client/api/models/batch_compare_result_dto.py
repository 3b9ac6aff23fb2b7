from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.batch_compare_refusal_dto import BatchCompareRefusalDto
  from ..models.evaluation_dto import EvaluationDto





T = TypeVar("T", bound="BatchCompareResultDto")



@_attrs_define
class BatchCompareResultDto:
    """ 
        Attributes:
            dataset_id (str):
            evaluations (list[EvaluationDto]): The evaluations started, one per accepted model, in request order
            evaluation_ids (list[str]): Ids of the started evaluations, in request order
            refused (list[BatchCompareRefusalDto]):
     """

    dataset_id: str
    evaluations: list[EvaluationDto]
    evaluation_ids: list[str]
    refused: list[BatchCompareRefusalDto]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.batch_compare_refusal_dto import BatchCompareRefusalDto # noqa: PLC0415
        from ..models.evaluation_dto import EvaluationDto # noqa: PLC0415
        dataset_id = self.dataset_id

        evaluations = []
        for evaluations_item_data in self.evaluations:
            evaluations_item = evaluations_item_data.to_dict()
            evaluations.append(evaluations_item)



        evaluation_ids = self.evaluation_ids



        refused = []
        for refused_item_data in self.refused:
            refused_item = refused_item_data.to_dict()
            refused.append(refused_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "datasetId": dataset_id,
            "evaluations": evaluations,
            "evaluationIds": evaluation_ids,
            "refused": refused,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_compare_refusal_dto import BatchCompareRefusalDto # noqa: PLC0415
        from ..models.evaluation_dto import EvaluationDto # noqa: PLC0415
        d = dict(src_dict)
        dataset_id = d.pop("datasetId")

        evaluations = []
        _evaluations = d.pop("evaluations")
        for evaluations_item_data in (_evaluations):
            evaluations_item = EvaluationDto.from_dict(evaluations_item_data)



            evaluations.append(evaluations_item)


        evaluation_ids = cast(list[str], d.pop("evaluationIds"))


        refused = []
        _refused = d.pop("refused")
        for refused_item_data in (_refused):
            refused_item = BatchCompareRefusalDto.from_dict(refused_item_data)



            refused.append(refused_item)


        batch_compare_result_dto = cls(
            dataset_id=dataset_id,
            evaluations=evaluations,
            evaluation_ids=evaluation_ids,
            refused=refused,
        )


        batch_compare_result_dto.additional_properties = d
        return batch_compare_result_dto

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
