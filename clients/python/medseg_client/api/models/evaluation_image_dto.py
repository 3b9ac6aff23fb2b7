from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.evaluation_image_dto_distance_unit import EvaluationImageDtoDistanceUnit
from ..models.evaluation_image_dto_kind import EvaluationImageDtoKind
from typing import cast

if TYPE_CHECKING:
  from ..models.class_image_metrics_dto import ClassImageMetricsDto





T = TypeVar("T", bound="EvaluationImageDto")



@_attrs_define
class EvaluationImageDto:
    """ 
        Attributes:
            dice (float | None):
            iou (float | None):
            hausdorff95 (float | None):
            surface_distance (float | None):
            nsd (float | None): Normalized surface Dice; null before v2
            position (float): Order in the report
            pair_index (float): The pair's index in its dataset
            name (str):
            width (float):
            height (float):
            kind (EvaluationImageDtoKind): volume: a whole case scored in 3D; image: one 2D image
            shape (list[float]): (slices, rows, columns) of a volume, (rows, columns) of an image
            spacing (list[float]): mm per axis of a volume; [] or 1s for pixels
            distance_unit (EvaluationImageDtoDistanceUnit): Unit of hausdorff95 and surfaceDistance
            case_index (float | None): The dataset case's index (GET /api/datasets/:id/cases)
            per_class (list[ClassImageMetricsDto]): Foreground classes only
            error (None | str): Why the image could not be scored
     """

    dice: float | None
    iou: float | None
    hausdorff95: float | None
    surface_distance: float | None
    nsd: float | None
    position: float
    pair_index: float
    name: str
    width: float
    height: float
    kind: EvaluationImageDtoKind
    shape: list[float]
    spacing: list[float]
    distance_unit: EvaluationImageDtoDistanceUnit
    case_index: float | None
    per_class: list[ClassImageMetricsDto]
    error: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.class_image_metrics_dto import ClassImageMetricsDto # noqa: PLC0415
        dice: float | None
        dice = self.dice

        iou: float | None
        iou = self.iou

        hausdorff95: float | None
        hausdorff95 = self.hausdorff95

        surface_distance: float | None
        surface_distance = self.surface_distance

        nsd: float | None
        nsd = self.nsd

        position = self.position

        pair_index = self.pair_index

        name = self.name

        width = self.width

        height = self.height

        kind = self.kind.value

        shape = self.shape



        spacing = self.spacing



        distance_unit = self.distance_unit.value

        case_index: float | None
        case_index = self.case_index

        per_class = []
        for per_class_item_data in self.per_class:
            per_class_item = per_class_item_data.to_dict()
            per_class.append(per_class_item)



        error: None | str
        error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "dice": dice,
            "iou": iou,
            "hausdorff95": hausdorff95,
            "surfaceDistance": surface_distance,
            "nsd": nsd,
            "position": position,
            "pairIndex": pair_index,
            "name": name,
            "width": width,
            "height": height,
            "kind": kind,
            "shape": shape,
            "spacing": spacing,
            "distanceUnit": distance_unit,
            "caseIndex": case_index,
            "perClass": per_class,
            "error": error,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.class_image_metrics_dto import ClassImageMetricsDto # noqa: PLC0415
        d = dict(src_dict)
        def _parse_dice(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        dice = _parse_dice(d.pop("dice"))


        def _parse_iou(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        iou = _parse_iou(d.pop("iou"))


        def _parse_hausdorff95(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        hausdorff95 = _parse_hausdorff95(d.pop("hausdorff95"))


        def _parse_surface_distance(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        surface_distance = _parse_surface_distance(d.pop("surfaceDistance"))


        def _parse_nsd(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        nsd = _parse_nsd(d.pop("nsd"))


        position = d.pop("position")

        pair_index = d.pop("pairIndex")

        name = d.pop("name")

        width = d.pop("width")

        height = d.pop("height")

        kind = EvaluationImageDtoKind(d.pop("kind"))




        shape = cast(list[float], d.pop("shape"))


        spacing = cast(list[float], d.pop("spacing"))


        distance_unit = EvaluationImageDtoDistanceUnit(d.pop("distanceUnit"))




        def _parse_case_index(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        case_index = _parse_case_index(d.pop("caseIndex"))


        per_class = []
        _per_class = d.pop("perClass")
        for per_class_item_data in (_per_class):
            per_class_item = ClassImageMetricsDto.from_dict(per_class_item_data)



            per_class.append(per_class_item)


        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        evaluation_image_dto = cls(
            dice=dice,
            iou=iou,
            hausdorff95=hausdorff95,
            surface_distance=surface_distance,
            nsd=nsd,
            position=position,
            pair_index=pair_index,
            name=name,
            width=width,
            height=height,
            kind=kind,
            shape=shape,
            spacing=spacing,
            distance_unit=distance_unit,
            case_index=case_index,
            per_class=per_class,
            error=error,
        )


        evaluation_image_dto.additional_properties = d
        return evaluation_image_dto

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
