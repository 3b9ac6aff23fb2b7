from enum import StrEnum

class HyperparametersInputDtoLoss(StrEnum):
    CROSS_ENTROPY = "cross_entropy"
    DICE = "dice"
    DICE_CE = "dice_ce"

    def __str__(self) -> str:
        return str(self.value)
