from enum import StrEnum

class DatasetControllerSaveAnnotationBodyOnConflict(StrEnum):
    FAIL = "fail"
    KEEP_BOTH = "keep-both"

    def __str__(self) -> str:
        return str(self.value)
