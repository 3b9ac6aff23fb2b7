from enum import StrEnum

class DatasetControllerQueueMethod(StrEnum):
    ENTROPY = "entropy"
    MC_DROPOUT = "mc-dropout"

    def __str__(self) -> str:
        return str(self.value)
