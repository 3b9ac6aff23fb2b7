from enum import StrEnum

class ModelDtoTrigger(StrEnum):
    AUTO_FINE_TUNE = "auto-fine-tune"
    MANUAL = "manual"

    def __str__(self) -> str:
        return str(self.value)
