from enum import StrEnum

class AuditControllerListAction(StrEnum):
    ANNOTATED = "annotated"
    CANCELLED = "cancelled"
    CREATED = "created"
    DELETED = "deleted"
    EXPORTED = "exported"
    LOGIN_LINK_ISSUED = "login_link_issued"
    SETTINGS_CHANGED = "settings_changed"
    SHARED = "shared"
    SIGNED_IN_FAILED_LOCKED = "signed_in_failed_locked"
    TOKEN_CREATED = "token_created"
    TOKEN_REVOKED = "token_revoked"
    UNSHARED = "unshared"
    USER_CHANGED = "user_changed"
    USER_CREATED = "user_created"

    def __str__(self) -> str:
        return str(self.value)
