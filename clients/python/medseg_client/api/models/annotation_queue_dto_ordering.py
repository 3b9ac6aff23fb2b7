from enum import StrEnum

class AnnotationQueueDtoOrdering(StrEnum):
    ENTROPY = "entropy"
    INDEX = "index"
    MC_DROPOUT = "mc-dropout"

    def __str__(self) -> str:
        return str(self.value)
