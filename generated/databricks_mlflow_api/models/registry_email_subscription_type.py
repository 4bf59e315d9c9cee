from enum import StrEnum


class RegistryEmailSubscriptionType(StrEnum):
    """Forward compatible: a value this client does not know parses to a pseudo-member that keeps it."""

    ALL_EVENTS = "ALL_EVENTS"
    DEFAULT = "DEFAULT"
    SUBSCRIBED = "SUBSCRIBED"
    UNSUBSCRIBED = "UNSUBSCRIBED"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "RegistryEmailSubscriptionType | None":
        # A server newer than the spec may send values we do not list; keep them instead of failing
        # the whole response. The pseudo-member is not cached, so compare with == (it is a str), not `is`.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
