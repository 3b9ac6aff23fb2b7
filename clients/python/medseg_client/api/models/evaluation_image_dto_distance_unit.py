from enum import StrEnum

class EvaluationImageDtoDistanceUnit(StrEnum):
    MIXED = "mixed"
    MM = "mm"
    PX = "px"

    def __str__(self) -> str:
        return str(self.value)
