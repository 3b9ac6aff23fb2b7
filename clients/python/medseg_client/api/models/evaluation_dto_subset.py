from enum import StrEnum

class EvaluationDtoSubset(StrEnum):
    ALL = "all"
    VALIDATION = "validation"

    def __str__(self) -> str:
        return str(self.value)
