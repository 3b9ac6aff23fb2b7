from enum import StrEnum

class HyperparametersDtoArchitecture(StrEnum):
    ATTENTION_UNET = "attention_unet"
    RESUNET = "resunet"
    UNET = "unet"
    UNET_3D = "unet_3d"

    def __str__(self) -> str:
        return str(self.value)
