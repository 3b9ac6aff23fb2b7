from enum import StrEnum

class VersionChangeDtoKind(StrEnum):
    ADDED = "added"
    CHANGED = "changed"

    def __str__(self) -> str:
        return str(self.value)
