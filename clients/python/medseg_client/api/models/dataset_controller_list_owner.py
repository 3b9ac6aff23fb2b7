from enum import StrEnum

class DatasetControllerListOwner(StrEnum):
    ME = "me"
    OTHERS = "others"

    def __str__(self) -> str:
        return str(self.value)
