from enum import StrEnum

class HyperparametersDtoAugmentationPreset(StrEnum):
    LIGHT = "light"
    NNUNET = "nnunet"

    def __str__(self) -> str:
        return str(self.value)
