from enum import StrEnum

class JobEventDtoType(StrEnum):
    COMPLETED = "completed"
    EPOCH = "epoch"
    PROGRESS = "progress"
    STATUS = "status"
    STEP = "step"

    def __str__(self) -> str:
        return str(self.value)
