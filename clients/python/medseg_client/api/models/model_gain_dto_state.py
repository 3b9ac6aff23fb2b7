from enum import StrEnum

class ModelGainDtoState(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    NOT_STARTED = "not-started"
    RUNNING = "running"
    WAITING_FOR_MODEL = "waiting-for-model"

    def __str__(self) -> str:
        return str(self.value)
