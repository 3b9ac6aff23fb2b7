from enum import StrEnum

class DependencyHealthDtoName(StrEnum):
    ML_SERVICE = "ml-service"
    S3 = "s3"
    SQLITE = "sqlite"

    def __str__(self) -> str:
        return str(self.value)
