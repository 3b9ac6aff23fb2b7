from enum import StrEnum

class AuditEventDtoKind(StrEnum):
    BATCH = "batch"
    DATASET = "dataset"
    EVALUATION = "evaluation"
    INFERENCE_RESULT = "inference_result"
    MODEL = "model"
    SETTINGS = "settings"
    TOKEN = "token"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
