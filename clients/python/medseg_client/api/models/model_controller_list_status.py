from enum import StrEnum

class ModelControllerListStatus(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    TRAINING = "training"

    def __str__(self) -> str:
        return str(self.value)
