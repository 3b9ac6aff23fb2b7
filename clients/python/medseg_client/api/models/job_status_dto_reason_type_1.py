from enum import StrEnum

class JobStatusDtoReasonType1(StrEnum):
    CANCELLED_BY_USER = "cancelled_by_user"
    INTERNAL_ERROR = "internal_error"
    INVALID_INPUT = "invalid_input"
    OUT_OF_MEMORY = "out_of_memory"
    SERVICE_STOPPED = "service_stopped"
    STOPPED_EARLY = "stopped_early"
    STORAGE_ERROR = "storage_error"

    def __str__(self) -> str:
        return str(self.value)
