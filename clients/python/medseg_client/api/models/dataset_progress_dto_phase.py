from enum import StrEnum

class DatasetProgressDtoPhase(StrEnum):
    DECODING = "decoding"
    DOWNLOADING = "downloading"
    SCANNING = "scanning"

    def __str__(self) -> str:
        return str(self.value)
