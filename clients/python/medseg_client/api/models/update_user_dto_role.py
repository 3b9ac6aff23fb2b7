from enum import StrEnum

class UpdateUserDtoRole(StrEnum):
    ADMIN = "admin"
    RESEARCHER = "researcher"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
