"""The seam where the facade meets the generated client.

A resource hands an operation's `ENDPOINT` (from `databricks_mlflow_api.api.<tag>.<operation>`) and the
operation's own typed parameters to `call`; mypy checks them against the generated builder's signature
and types the result as the generated 200 model. In between: the path-segment check and the request
validator, the core's send (auth, retries, idempotence, deadlines, pacing, raw capture, errors) and
the generated parser, whose failures become a DatabricksError.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, ParamSpec, TypeVar
from urllib.parse import quote

import httpx
from databricks_mlflow_api.operations import Endpoint

from ._core import AsyncCore, SyncCore, check_path_segments
from ._errors import DatabricksError
from ._validation import RequestValidationError, validate_request

P = ParamSpec("P")
T = TypeVar("T")

# httpx refuses longer URLs (and URL parts) with InvalidURL.
MAX_URL_LENGTH = 65536


def _wire_view(path_values: Mapping[str, object], built: Mapping[str, Any]) -> dict[str, Any]:
    """Path, query and body fields by wire name, as the validator sees them."""
    body = built.get("json")
    return {**path_values, **built.get("params", {}), **(body if isinstance(body, Mapping) else {})}


def _strings(value: object, field: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, f"{field}.{key}" if field else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, f"{field}[{index}]")


def _unsendable(operation_id: str, wire: Mapping[str, Any], exc: Exception) -> RequestValidationError:
    """Name the field that made building the request fail (only called on that failure, so free per call)."""
    for field, text in _strings(wire, ""):
        try:
            encoded = quote(text, safe="")
        except UnicodeEncodeError as bad:
            return RequestValidationError(
                operation_id,
                field,
                f"must be valid Unicode text (a lone surrogate {text[bad.start]!r} at index {bad.start}"
                " cannot be sent as UTF-8)",
            )
        if isinstance(exc, httpx.InvalidURL) and len(encoded) > MAX_URL_LENGTH:
            return RequestValidationError(
                operation_id,
                field,
                f"too long to send in a URL ({len(text)} characters; a URL holds at most {MAX_URL_LENGTH})",
            )
    return RequestValidationError(operation_id, "request", f"cannot be sent ({type(exc).__name__}: {exc})")


def _unusable(operation_id: str, response: httpx.Response, problem: str) -> DatabricksError:
    return DatabricksError(
        f"{operation_id}: the server answered {response.status_code} with {problem}",
        status_code=response.status_code,
        method=response.request.method,
        path=response.request.url.path,
        raw_body=response.text[:2000],
        response=response,
    )


def parse(endpoint: Endpoint[..., T], response: httpx.Response) -> T:
    """The 2xx body as the operation's generated model; a body that cannot be one is a DatabricksError."""
    operation_id = endpoint.operation.operation_id
    try:
        return endpoint.parse(response)
    except RecursionError:
        problem = "a body nested too deeply to read"
    except (json.JSONDecodeError, UnicodeDecodeError):
        problem = "a body that is not JSON"
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        # e.g. a list where the spec has an object: the generated parser fails on the first wrong field
        text = str(exc)
        problem = text if text.startswith("a JSON ") else f"a body that does not match the spec ({exc!r})"
    raise _unusable(operation_id, response, problem) from None


# What the generated builders put in their build_request kwargs: anything else takes httpx's own path.
_BUILT_KEYS = frozenset({"method", "url", "params", "json", "headers"})

# A path or query that httpx's parser leaves exactly as it is: only characters it never percent-encodes
# (RFC 3986 unreserved, sub-delims, ":", "@", "/", and "?" in a query) and complete %XX escapes.
_PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*")
_PLAIN_QUERY = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")
_URI_FIELDS = ("scheme", "userinfo", "host", "port", "path", "query", "fragment")


def _parsed(url: httpx.URL) -> Any:
    """httpx's parsed form of a URL (the NamedTuple it keeps in ``_uri_reference``: scheme, userinfo, host,
    port, path, query, fragment, each normalised), or None where this httpx keeps it otherwise."""
    parsed = getattr(url, "_uri_reference", None)
    return parsed if getattr(parsed, "_fields", None) == _URI_FIELDS else None


def _url_from(parsed: Any) -> httpx.URL:
    url = httpx.URL.__new__(httpx.URL)
    url._uri_reference = parsed
    return url


class _API:
    def __init__(self, http: httpx.Client | httpx.AsyncClient, *, validate: bool) -> None:
        self.http = http
        self.validate = validate
        self._base_url: httpx.URL | None = None  # the client's base_url that `_prefix` was made from
        self._prefix: str | None = None
        self._base_parsed: Any = None  # the base URL as httpx parsed it, when its path ends in "/"

    def _url_prefix(self) -> str | None:
        """The client's base URL as text ending in "/", to which a request path (less its leading "/")
        is appended; None when httpx's merge is no plain append (a base URL with a query or fragment)."""
        base = self.http.base_url
        if base is not self._base_url:
            # base_url's path is enforced to end in "/" by httpx; `str(base)` omits an empty path's "/".
            text = str(base.copy_with(raw_path=base.raw_path))
            plain = not base.query and not base.fragment and text.endswith("/")
            self._base_url, self._prefix = base, text if plain else None
            parsed = _parsed(base) if plain else None
            if parsed is not None:
                # httpx keeps an empty path as "" (shown as "/"); other base paths end in "/" already.
                parsed = parsed._replace(path=parsed.path or "/")
            self._base_parsed = parsed if parsed is not None and parsed.path.endswith("/") else None
        return self._prefix

    def _build(self, built: Mapping[str, Any]) -> httpx.Request:
        """``self.http.build_request(**built)``, made with at most one URL parse instead of three.

        Why: httpx parses the relative path, then the path merged onto base_url, then the URL again to add
        the query (~0.1 ms of CPU a request), which made bulk work CPU-bound. Here the absolute URL is
        composed as text and parsed once, by `httpx.Request` itself, or, for a plain path and query (the
        usual case), made from the base URL's parsed parts without parsing; headers, cookies, params and
        the timeout extension are merged exactly as build_request merges them. Wherever that equivalence
        is not plain (client cookies or params, an absolute or odd path, a URL longer than httpx accepts
        in one piece), httpx's own build_request runs. tests/test_request_build.py compares the two for
        every operation.
        """
        http = self.http
        url = built.get("url")
        prefix = self._url_prefix()
        if (
            prefix is None
            or not built.keys() <= _BUILT_KEYS
            or not isinstance(url, str)
            or not url.startswith("/")
            or url.startswith("//")
            or "?" in url
            or "#" in url
            or http.cookies
            or http.params
        ):
            return http.build_request(**built)
        full = prefix + url[1:]
        params = built.get("params")
        query = None
        if params:  # build_request's URL(url, params=params): no "?" at all for empty params
            query = str(httpx.QueryParams(params))
            full += "?" + query
        if len(full) > MAX_URL_LENGTH:  # httpx checks the whole URL here, only its parts in build_request
            return http.build_request(**built)
        target: httpx.URL | str = full
        base = self._base_parsed
        if (
            base is not None
            and "/." not in url  # no "." or ".." segment for httpx to resolve
            and _PLAIN_PATH.fullmatch(url)
            and (query is None or _PLAIN_QUERY.fullmatch(query))
        ):
            # Parsing `full` would give back the base's parts and this path and query unchanged (~35 us of
            # CPU): made directly instead.
            target = _url_from(base._replace(path=base.path + url[1:], query=query))
        headers = httpx.Headers(http.headers)
        headers.update(built.get("headers"))
        return httpx.Request(
            built["method"],
            target,
            headers=headers,
            json=built.get("json"),
            extensions={"timeout": http.timeout.as_dict()},
        )

    def request(self, endpoint: Endpoint[P, T], /, *args: P.args, **kwargs: P.kwargs) -> httpx.Request:
        """The request the generated builder makes of these parameters, checked; nothing is sent.

        Raises RequestValidationError (naming the field and the rule) for a request that must not be sent.
        """
        op = endpoint.operation
        path_values: dict[str, object] = dict(zip(op.path_params, args, strict=False))
        path_values.update((name, kwargs[name]) for name in op.path_params if name in kwargs)
        check_path_segments(op.operation_id, path_values)
        wire: Mapping[str, Any] = path_values
        try:
            built = endpoint.build(*args, **kwargs)
            wire = _wire_view(path_values, built)
            if self.validate:
                validate_request(op.operation_id, wire)
            return self._build(built)
        except (UnicodeEncodeError, httpx.InvalidURL) as exc:
            raise _unsendable(op.operation_id, wire, exc) from None

    def check(self, endpoint: Endpoint[P, T], /, *args: P.args, **kwargs: P.kwargs) -> None:
        """Validate early, e.g. before a name is resolved, so that a bad request sends nothing at all."""
        self.request(endpoint, *args, **kwargs)


class SyncAPI(_API):
    """Sends generated operations over a SyncCore; shared by every sync resource of one client."""

    def __init__(self, core: SyncCore, *, validate: bool) -> None:
        super().__init__(core.http, validate=validate)
        self._core = core

    def call(self, endpoint: Endpoint[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Send the operation; return its 200 model, or raise RequestValidationError / DatabricksError."""
        request = self.request(endpoint, *args, **kwargs)
        return parse(endpoint, self._core.send(request, idempotent=endpoint.operation.idempotent))


class AsyncAPI(_API):
    """The async twin of SyncAPI."""

    def __init__(self, core: AsyncCore, *, validate: bool) -> None:
        super().__init__(core.http, validate=validate)
        self._core = core

    async def call(self, endpoint: Endpoint[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Send the operation; return its 200 model, or raise RequestValidationError / DatabricksError."""
        started = self._core.now()
        async with self._core.turn_to_build(started) as admitted:
            request = self.request(endpoint, *args, **kwargs)
            response = await self._core.send(
                request, idempotent=endpoint.operation.idempotent, started=started, admitted=admitted
            )
        return parse(endpoint, response)
