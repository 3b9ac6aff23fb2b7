from enum import StrEnum

class CreateEvaluationDtoSubset(StrEnum):
    ALL = "all"
    VALIDATION = "validation"

    def __str__(self) -> str:
        return str(self.value)
