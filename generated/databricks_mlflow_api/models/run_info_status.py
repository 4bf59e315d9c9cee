from enum import StrEnum


class RunInfoStatus(StrEnum):
    """Forward compatible: a value this client does not know parses to a pseudo-member that keeps it."""

    FAILED = "FAILED"
    FINISHED = "FINISHED"
    KILLED = "KILLED"
    RUNNING = "RUNNING"
    SCHEDULED = "SCHEDULED"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "RunInfoStatus | None":
        # A server newer than the spec may send values we do not list; keep them instead of failing
        # the whole response. The pseudo-member is not cached, so compare with == (it is a str), not `is`.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
