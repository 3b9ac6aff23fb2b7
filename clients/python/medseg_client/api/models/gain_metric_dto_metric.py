from enum import StrEnum

class GainMetricDtoMetric(StrEnum):
    DICE = "dice"
    HAUSDORFF95 = "hausdorff95"
    IOU = "iou"
    NSD = "nsd"
    SURFACEDISTANCE = "surfaceDistance"

    def __str__(self) -> str:
        return str(self.value)
