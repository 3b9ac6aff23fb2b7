from enum import StrEnum

class ModelDtoStatus(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    TRAINING = "training"

    def __str__(self) -> str:
        return str(self.value)
