from enum import StrEnum

class DatasetDtoStatus(StrEnum):
    ERROR = "error"
    READY = "ready"
    UPLOADED = "uploaded"

    def __str__(self) -> str:
        return str(self.value)
