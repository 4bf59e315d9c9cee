from enum import StrEnum


class RegisteredModelPermissionLevel(StrEnum):
    """Forward compatible: a value this client does not know parses to a pseudo-member that keeps it."""

    CAN_EDIT = "CAN_EDIT"
    CAN_MANAGE = "CAN_MANAGE"
    CAN_MANAGE_PRODUCTION_VERSIONS = "CAN_MANAGE_PRODUCTION_VERSIONS"
    CAN_MANAGE_STAGING_VERSIONS = "CAN_MANAGE_STAGING_VERSIONS"
    CAN_READ = "CAN_READ"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "RegisteredModelPermissionLevel | None":
        # A server newer than the spec may send values we do not list; keep them instead of failing
        # the whole response. The pseudo-member is not cached, so compare with == (it is a str), not `is`.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
