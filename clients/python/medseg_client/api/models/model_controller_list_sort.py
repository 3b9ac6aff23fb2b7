from enum import StrEnum

class ModelControllerListSort(StrEnum):
    BESTDICE = "bestDice"
    CREATEDAT = "createdAt"
    NAME = "name"

    def __str__(self) -> str:
        return str(self.value)
