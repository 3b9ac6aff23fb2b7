from enum import StrEnum

class DatasetControllerListSort(StrEnum):
    ARCHIVEBYTES = "archiveBytes"
    NAME = "name"
    PAIRCOUNT = "pairCount"
    UPLOADEDAT = "uploadedAt"

    def __str__(self) -> str:
        return str(self.value)
