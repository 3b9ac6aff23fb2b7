from enum import StrEnum

class AnnotationDtoProposalSource(StrEnum):
    EMPTY = "empty"
    GROUND_TRUTH = "ground-truth"
    MODEL = "model"
    PREVIOUS = "previous"

    def __str__(self) -> str:
        return str(self.value)
