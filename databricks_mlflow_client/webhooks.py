"""For webhook receivers: check a delivery's signature and parse its payload.

A workspace signs each delivery with ``X-Databricks-Signature``: the hex HMAC-SHA256 of the raw
body bytes keyed with the webhook's secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import reprlib
from collections.abc import Mapping
from typing import Any

import attrs
from databricks_mlflow_api.models import RegistryWebhookEvent

SIGNATURE_HEADER = "X-Databricks-Signature"


def _body_bytes(body: bytes | str) -> bytes:
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    raise TypeError(f"body: expected the raw body as bytes (or str), got {type(body).__name__}")


def sign(body: bytes | str, secret: str) -> str:
    """The ``X-Databricks-Signature`` value for these body bytes (a str body is signed as its UTF-8 bytes)."""
    if not secret:
        # An HMAC keyed with "" is one anybody can compute: a receiver whose secret setting is missing
        # would accept forged deliveries.
        raise ValueError("secret: the webhook secret is empty")
    return hmac.new(secret.encode(), _body_bytes(body), hashlib.sha256).hexdigest()


def verify_signature(body: bytes | str, secret: str, header: str | None) -> bool:
    """True when ``header`` is the signature of exactly this body; compared in constant time.

    ``body`` is the raw body as received, before any JSON decoding: bytes (best: e.g. ``await
    request.body()``), or the text of exactly those bytes (``request.get_data(as_text=True)``), which is
    verified as its UTF-8 encoding. A re-serialised dict will not verify. Raises TypeError for any other
    body type and ValueError for an empty secret rather than verifying against it.
    """
    expected = sign(body, secret)
    if not header:
        return False
    # Bytes, not str: compare_digest raises TypeError on non-ASCII text, which a sender controls.
    return hmac.compare_digest(expected.encode(), header.strip().lower().encode("utf-8", "replace"))


class PayloadError(ValueError):
    """A delivered body that is not a registry-webhook payload."""


@attrs.frozen
class Tag:
    key: str
    value: str


@attrs.frozen
class WebhookPayload:
    """A delivered event. Unknown events keep their raw name; fields this version does not know are in ``extra``."""

    event: RegistryWebhookEvent
    webhook_id: str
    event_timestamp: int
    model_name: str | None = None
    version: str | None = None
    to_stage: str | None = None
    from_stage: str | None = None
    comment: str | None = None
    text: str | None = None
    tags: tuple[Tag, ...] = ()
    extra: Mapping[str, Any] = attrs.field(factory=dict)


_TIMESTAMP = re.compile(r"[0-9]{1,19}")
_STRING_FIELDS = ("model_name", "version", "to_stage", "from_stage", "comment", "text")


def _string(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise PayloadError(f"{key}: must be a string (got {type(value).__name__})")


def _required_string(data: Mapping[str, Any], key: str) -> str:
    value = _string(data, key)
    if not value:
        raise PayloadError(f"{key}: must be a non-empty string")
    return value


def parse_payload(body: bytes | str | Mapping[str, Any]) -> WebhookPayload:
    """Parse a delivery body (bytes as received, text, or an already decoded dict)."""
    try:
        data = json.loads(body) if isinstance(body, bytes | str) else dict(body)
    except (ValueError, RecursionError) as exc:
        raise PayloadError(f"body is not JSON: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise PayloadError(f"body must be a JSON object (got {type(data).__name__})")
    for key in ("event", "webhook_id", "event_timestamp"):
        if key not in data:
            raise PayloadError(f"{key}: required field is missing")
    event = data["event"]
    if not isinstance(event, str) or not event:
        raise PayloadError(f"event: must be a non-empty string (got {type(event).__name__})")
    timestamp = data["event_timestamp"]
    # ASCII digits only (str.isdigit() accepts superscripts and other scripts' digits) and at most 19
    # of them (an int64, as the service sends): no ValueError from int(), no 5,000-digit conversions.
    if (
        isinstance(timestamp, bool)
        or not isinstance(timestamp, int | str)
        or (isinstance(timestamp, int) and not 0 <= timestamp < 2**63)
        or (isinstance(timestamp, str) and _TIMESTAMP.fullmatch(timestamp) is None)
    ):
        shown = reprlib.repr(timestamp)
        raise PayloadError(f"event_timestamp: must be milliseconds since the epoch (got {shown})")
    raw_tags = data.get("tags") or []
    if not isinstance(raw_tags, list) or not all(isinstance(tag, dict) for tag in raw_tags):
        raise PayloadError("tags: must be a list of {key, value} objects")
    known = {"event", "webhook_id", "event_timestamp", "tags", *_STRING_FIELDS}
    return WebhookPayload(
        event=RegistryWebhookEvent(event),
        webhook_id=_required_string(data, "webhook_id"),
        event_timestamp=int(timestamp),
        tags=tuple(Tag(str(tag.get("key", "")), str(tag.get("value", ""))) for tag in raw_tags),
        extra={key: value for key, value in data.items() if key not in known},
        **{key: _string(data, key) for key in _STRING_FIELDS},
    )
