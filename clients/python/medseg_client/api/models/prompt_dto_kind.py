from enum import StrEnum

class PromptDtoKind(StrEnum):
    BOX = "box"
    LASSO = "lasso"
    POINT = "point"
    SCRIBBLE = "scribble"

    def __str__(self) -> str:
        return str(self.value)
