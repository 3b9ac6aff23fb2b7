from enum import StrEnum

class ModelDetailDtoTrigger(StrEnum):
    AUTO_FINE_TUNE = "auto-fine-tune"
    MANUAL = "manual"

    def __str__(self) -> str:
        return str(self.value)
