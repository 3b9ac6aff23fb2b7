from enum import StrEnum

class ModelDetailDtoStatus(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    TRAINING = "training"

    def __str__(self) -> str:
        return str(self.value)
