from enum import StrEnum

class HyperparametersInputDtoLrSchedule(StrEnum):
    COSINE = "cosine"
    POLY = "poly"

    def __str__(self) -> str:
        return str(self.value)
