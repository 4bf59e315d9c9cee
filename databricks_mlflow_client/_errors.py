"""The DatabricksError hierarchy and the parser that turns any non-2xx response into one.

Class names and the mapping (error_code first, then HTTP status) follow databricks-sdk's
`databricks.sdk.errors`, so code written against the SDK catches the same exceptions here.
"""

from __future__ import annotations

import email.utils
import html
import json
import re
import string
import time
from collections.abc import Callable
from typing import Any

import httpx

__all__ = [
    "Aborted",
    "AlreadyExists",
    "ApiConnectionError",
    "ApiTimeoutError",
    "BadRequest",
    "Cancelled",
    "DataLoss",
    "DatabricksError",
    "DeadlineExceeded",
    "InternalError",
    "InvalidParameterValue",
    "InvalidState",
    "NotFound",
    "NotImplemented",
    "PermissionDenied",
    "RequestLimitExceeded",
    "ResourceAlreadyExists",
    "ResourceConflict",
    "ResourceDoesNotExist",
    "ResourceExhausted",
    "ResponseTooLarge",
    "TemporarilyUnavailable",
    "TooManyRequests",
    "Unauthenticated",
    "Unknown",
    "error_from_response",
    "parse_retry_after",
    "redact_plain_text",
    "redact_text",
    "truncate",
]

REDACTED = "**REDACTED**"
SECRET_KEYS = frozenset(
    {
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "client_secret",
        "secret",
        "authorization",
        "password",
    }
)
RAW_BODY_LIMIT = 500

_SECRET_KEY_PATTERN = "|".join(sorted(SECRET_KEYS, key=len, reverse=True))
# `"key": "value"` in JSON-ish text that failed to parse (e.g. truncated) and `key=value` in form bodies.
_SECRET_IN_TEXT = re.compile(
    rf"""(?ix)
    (?P<prefix>(?<![A-Za-z0-9_])["']?(?:{_SECRET_KEY_PATTERN})["']?\s*[:=]\s*)
    (?P<value>"(?:[^"\\]|\\.)*"?|'[^']*'?|(?:(?:bearer|basic)\s+)?[^\s&,;}}\]]+)
    """
)
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+")


def redact_text(text: str) -> str:
    """Replace the values of secret-named keys (JSON, form or `key=value` text) and bearer tokens."""
    try:
        document = json.loads(text)
        if isinstance(document, dict | list):
            return json.dumps(_redact_json(document), separators=(",", ":"))
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python recurses
        pass
    return redact_plain_text(text)


def redact_plain_text(text: str) -> str:
    """The regex half of redact_text, for text that is not a JSON document (messages, form bodies)."""
    text = _SECRET_IN_TEXT.sub(lambda m: m.group("prefix") + _quoted_like(m.group("value")), text)
    return _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)


def _quoted_like(value: str) -> str:
    return f'"{REDACTED}"' if value.startswith('"') else REDACTED


def _redact_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: REDACTED if str(k).lower() in SECRET_KEYS else _redact_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_json(item) for item in value]
    if isinstance(value, str):  # e.g. a server message echoing "Authorization: Bearer ..."
        return redact_plain_text(value)
    return value


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text) - limit} more characters)"


class DatabricksError(Exception):
    """An error answered by the workspace (or, for subclasses of ApiConnectionError, no answer at all)."""

    def __init__(
        self,
        message: str,
        *,
        error_code: str | None = None,
        status_code: int | None = None,
        details: list[dict[str, Any]] | None = None,
        method: str | None = None,
        path: str | None = None,
        attempts: int = 1,
        raw_body: str | None = None,
        response: httpx.Response | None = None,
        retry_after: float | None = None,
    ) -> None:
        # Redacted once here, so str(), repr() and args all stay clean (servers sometimes echo headers).
        message = redact_plain_text(message)
        super().__init__(message)
        self.message = message
        self.error_code = error_code
        self.status_code = status_code
        self.details: list[dict[str, Any]] = details if details is not None else []
        self.method = method
        self.path = path
        self.attempts = attempts
        self.raw_body = raw_body
        self.response = response
        self.retry_after = retry_after

    def __str__(self) -> str:
        text = f"{self.error_code}: {self.message}" if self.error_code else self.message
        if self.raw_body is not None:
            text = f"{text}: {truncate(redact_text(self.raw_body), RAW_BODY_LIMIT)}"
        context = " ".join(
            str(part) for part in (self.status_code, self.method, self.path) if part is not None
        )
        if not context:  # raised by hand, not about a request
            return text
        plural = "" if self.attempts == 1 else "s"
        return f"{text} ({context}, {self.attempts} attempt{plural})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructor: default Exception pickling would call cls(message) and lose the fields.
        # The httpx.Response is not picklable and is dropped.
        state = {k: v for k, v in self.__dict__.items() if k != "response"}
        return (_rebuild_error, (type(self), self.message, state))


def _rebuild_error(cls: type[DatabricksError], message: str, state: dict[str, Any]) -> DatabricksError:
    error = cls(message)
    error.__dict__.update(state)
    error.response = None
    return error


class BadRequest(DatabricksError):
    """400: the request is malformed or invalid."""


class InvalidState(BadRequest):
    """INVALID_STATE: the resource is not in a state that allows the operation."""


class InvalidParameterValue(BadRequest):
    """INVALID_PARAMETER_VALUE: a field has an unsupported value."""


class Unauthenticated(DatabricksError):
    """401: missing, invalid or expired credentials."""


class PermissionDenied(DatabricksError):
    """403: the caller lacks the permission for the operation."""


class NotFound(DatabricksError):
    """404: the resource does not exist."""


class ResourceDoesNotExist(NotFound):
    """RESOURCE_DOES_NOT_EXIST."""


class ResourceConflict(DatabricksError):
    """409: the request conflicts with the resource's current state."""


class Aborted(ResourceConflict):
    """ABORTED: concurrency conflict, e.g. a read-modify-write race."""


class AlreadyExists(ResourceConflict):
    """ALREADY_EXISTS."""


class ResourceAlreadyExists(ResourceConflict):
    """RESOURCE_ALREADY_EXISTS."""


class TooManyRequests(DatabricksError):
    """429: rate limited."""


class ResourceExhausted(TooManyRequests):
    """RESOURCE_EXHAUSTED: a quota is used up."""


class RequestLimitExceeded(TooManyRequests):
    """REQUEST_LIMIT_EXCEEDED: the rate limit for this API is exceeded."""


class Cancelled(DatabricksError):
    """499: the operation was cancelled by the caller."""


class InternalError(DatabricksError):
    """500: the server failed."""


class Unknown(InternalError):
    """UNKNOWN."""


class DataLoss(InternalError):
    """DATA_LOSS: unrecoverable data loss or corruption."""


class NotImplemented(DatabricksError):  # shadows the builtin constant on purpose: the databricks-sdk name
    """501: the operation is not implemented by this workspace."""


class TemporarilyUnavailable(DatabricksError):
    """503: the service is overloaded or down; retry later."""


class DeadlineExceeded(DatabricksError):
    """504: the server did not finish in time."""


class ApiConnectionError(DatabricksError):
    """No usable response: the connection failed or dropped. `__cause__` is the httpx error."""


class ApiTimeoutError(ApiConnectionError):
    """The request timed out (connect, write, pool or read), or its body was still arriving at the deadline."""


class ResponseTooLarge(DatabricksError):
    """The response body (after decompression) is larger than the client's ``max_response_bytes``.

    Not retried. ``status_code`` is the response's: for a 2xx the operation itself succeeded.
    """


ERROR_CODE_CLASSES: dict[str, type[DatabricksError]] = {
    "INVALID_STATE": InvalidState,
    "INVALID_PARAMETER_VALUE": InvalidParameterValue,
    "RESOURCE_DOES_NOT_EXIST": ResourceDoesNotExist,
    "ABORTED": Aborted,
    "ALREADY_EXISTS": AlreadyExists,
    "RESOURCE_ALREADY_EXISTS": ResourceAlreadyExists,
    "RESOURCE_EXHAUSTED": ResourceExhausted,
    "REQUEST_LIMIT_EXCEEDED": RequestLimitExceeded,
    "UNKNOWN": Unknown,
    "DATA_LOSS": DataLoss,
}

STATUS_CLASSES: dict[int, type[DatabricksError]] = {
    400: BadRequest,
    401: Unauthenticated,
    403: PermissionDenied,
    404: NotFound,
    409: ResourceConflict,
    429: TooManyRequests,
    499: Cancelled,
    500: InternalError,
    501: NotImplemented,
    503: TemporarilyUnavailable,
    504: DeadlineExceeded,
}


def error_class(error_code: str | None, status_code: int | None) -> type[DatabricksError]:
    if error_code is not None and error_code in ERROR_CODE_CLASSES:
        return ERROR_CODE_CLASSES[error_code]
    if status_code is not None and status_code in STATUS_CLASSES:
        return STATUS_CLASSES[status_code]
    return DatabricksError


def parse_retry_after(value: str | None, *, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds (int or float) or an HTTP-date."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive result means the zone was "-0000"
            return None
        seconds = when.timestamp() - now()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return None
    return max(seconds, 0.0)


_PLAIN_TEXT_ERROR = re.compile(r"([A-Z][A-Z0-9_]*): (.*)", re.DOTALL)
_HTML_TAGS = ("pre", "title")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# Error bodies are parsed from their first PARSE_LIMIT characters only: a hostile or broken server's
# megabytes cannot cost more than that, and every parser below is linear in what it reads.
PARSE_LIMIT = 64 * 1024


def error_from_response(response: httpx.Response, *, attempts: int = 1) -> DatabricksError:
    """Build the typed error for a non-2xx response. Never raises, whatever the body."""
    try:
        return _error_from_response(response, attempts)
    except Exception as unexpected:  # a parser bug must not hide the API error behind another exception
        return error_class(None, response.status_code)(
            f"unparseable error response ({type(unexpected).__name__})",
            status_code=response.status_code,
            attempts=attempts,
            response=response,
        )


def _error_from_response(response: httpx.Response, attempts: int) -> DatabricksError:
    method, path = _request_line(response)
    status = response.status_code
    reason = response.reason_phrase or f"HTTP {status}"
    try:
        content = response.content
    except httpx.ResponseNotRead:
        content = b""
    body = content[:PARSE_LIMIT].decode("utf-8", errors="replace")

    error_code: str | None = None
    details: list[dict[str, Any]] = []
    raw_body: str | None = None
    parsed = _parse_json_error(body) if body.strip() else None
    if not body.strip():
        message = reason
    elif parsed is not None:
        error_code, message, details = parsed
    elif match := _PLAIN_TEXT_ERROR.fullmatch(body.strip()):
        error_code, message = match.group(1), match.group(2).strip()
    elif html_message := _html_message(body):
        error_code, message = reason.upper().replace(" ", "_"), html_message
    else:
        message, raw_body = f"{reason}, unparseable response body", body

    cls = error_class(error_code, status)
    return cls(
        message,
        error_code=error_code,
        status_code=status,
        details=details,
        method=method,
        path=path,
        attempts=attempts,
        raw_body=raw_body,
        response=response,
        retry_after=parse_retry_after(response.headers.get("Retry-After")),
    )


def _request_line(response: httpx.Response) -> tuple[str | None, str | None]:
    try:
        request = response.request
    except RuntimeError:  # a Response built by hand has no request
        return None, None
    return request.method, request.url.path


def _parse_json_error(body: str) -> tuple[str | None, str, list[dict[str, Any]]] | None:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict):
        return None
    error_code = document.get("error_code")
    message = document.get("message", "request failed")
    if "error" in document:  # API 1.2-style bodies
        message = document["error"]
    if document.get("detail"):  # SCIM bodies
        detail = document["detail"]
        detail = "SCIM API Internal Error" if detail == "null" else detail
        message = f"{document.get('scimType') or ''} {detail}".strip()
        error_code = f"SCIM_{document.get('status')}"
    raw_details = document.get("details")
    details = [d for d in raw_details if isinstance(d, dict)] if isinstance(raw_details, list) else []
    return (
        str(error_code) if error_code is not None else None,
        message if isinstance(message, str) else json.dumps(message),
        details,
    )


def _html_message(body: str) -> str | None:
    """The text of the first <pre>, else of the first <title>: str.find, linear (a regex with a lazy
    `.*?` is quadratic on a body of unclosed tags)."""
    lowered = body.translate(_ASCII_LOWER)  # same length as body, unlike str.lower()
    for tag in _HTML_TAGS:
        start = lowered.find(f"<{tag}>")
        if start < 0:
            continue
        start += len(tag) + 2
        end = lowered.find(f"</{tag}>", start)
        if end >= 0 and body[start:end].strip():
            return html.unescape(body[start:end]).strip()
    return None
