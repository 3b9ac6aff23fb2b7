from enum import StrEnum

class EvaluationImageDtoKind(StrEnum):
    IMAGE = "image"
    VOLUME = "volume"

    def __str__(self) -> str:
        return str(self.value)
