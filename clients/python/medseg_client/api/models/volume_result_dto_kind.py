from enum import StrEnum

class VolumeResultDtoKind(StrEnum):
    VOLUME = "volume"

    def __str__(self) -> str:
        return str(self.value)
