from enum import StrEnum


class SecurableType(StrEnum):
    """Forward compatible: a value this client does not know parses to a pseudo-member that keeps it."""

    AGENT_SERVICE = "AGENT_SERVICE"
    CATALOG = "CATALOG"
    CLEAN_ROOM = "CLEAN_ROOM"
    CONNECTION = "CONNECTION"
    CREDENTIAL = "CREDENTIAL"
    EXTERNAL_LOCATION = "EXTERNAL_LOCATION"
    EXTERNAL_METADATA = "EXTERNAL_METADATA"
    FEATURE = "FEATURE"
    FUNCTION = "FUNCTION"
    MCP_SERVICE = "MCP_SERVICE"
    METASTORE = "METASTORE"
    MODEL = "MODEL"
    MODEL_PROVIDER_SERVICE = "MODEL_PROVIDER_SERVICE"
    MODEL_SERVICE = "MODEL_SERVICE"
    PIPELINE = "PIPELINE"
    PROVIDER = "PROVIDER"
    RECIPIENT = "RECIPIENT"
    SCHEMA = "SCHEMA"
    SHARE = "SHARE"
    SKILL = "SKILL"
    STAGING_TABLE = "STAGING_TABLE"
    STORAGE_CREDENTIAL = "STORAGE_CREDENTIAL"
    TABLE = "TABLE"
    VOLUME = "VOLUME"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "SecurableType | None":
        # A server newer than the spec may send values we do not list; keep them instead of failing
        # the whole response. The pseudo-member is not cached, so compare with == (it is a str), not `is`.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
