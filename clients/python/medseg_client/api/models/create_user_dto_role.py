from enum import StrEnum

class CreateUserDtoRole(StrEnum):
    ADMIN = "admin"
    RESEARCHER = "researcher"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
