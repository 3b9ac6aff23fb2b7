from enum import StrEnum

class BatchDtoSource(StrEnum):
    ARCHIVE = "archive"
    DATASET = "dataset"

    def __str__(self) -> str:
        return str(self.value)
