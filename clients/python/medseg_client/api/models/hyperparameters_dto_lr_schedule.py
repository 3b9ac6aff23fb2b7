from enum import StrEnum

class HyperparametersDtoLrSchedule(StrEnum):
    COSINE = "cosine"
    POLY = "poly"

    def __str__(self) -> str:
        return str(self.value)
