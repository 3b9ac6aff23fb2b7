from enum import StrEnum

class AggregateDtoDistanceUnit(StrEnum):
    MIXED = "mixed"
    MM = "mm"
    PX = "px"

    def __str__(self) -> str:
        return str(self.value)
