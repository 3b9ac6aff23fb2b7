from enum import StrEnum

class ModelControllerListOwner(StrEnum):
    ME = "me"
    OTHERS = "others"

    def __str__(self) -> str:
        return str(self.value)
