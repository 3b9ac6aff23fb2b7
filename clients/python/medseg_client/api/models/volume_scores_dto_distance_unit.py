from enum import StrEnum

class VolumeScoresDtoDistanceUnit(StrEnum):
    MM = "mm"
    PX = "px"

    def __str__(self) -> str:
        return str(self.value)
