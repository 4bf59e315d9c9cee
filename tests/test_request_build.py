"""The API seam builds each request without httpx's build_request (one URL parse instead of three), so
the request it builds must be exactly build_request's: method, URL, every header in order, body and
timeout extension, for every operation, on the sync and the async client, and httpx's path must still
run wherever the shortcut is not plainly equivalent."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import httpx
import pytest
from databricks_mlflow_api.operations import OPERATIONS, Endpoint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz import typed_call, valid_params

from databricks_mlflow_client import (
    AsyncDatabricksMlflowClient,
    DatabricksMlflowClient,
    RequestValidationError,
)
from databricks_mlflow_client._api import _API, MAX_URL_LENGTH, AsyncAPI, SyncAPI

OPERATION_IDS = sorted(OPERATIONS)
HOSTS = [
    "https://example.cloud.databricks.com",
    "http://127.0.0.1:8080",
    "https://adb-1234.5.azuredatabricks.net:8443/",
    "http://[::1]:9000",
    "https://bücher.example",
    "https://example.com/prefix/path",
]


def _never_sent(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"nothing is sent here, yet {request.method} {request.url} was")


def _apis(host: str, **options: Any) -> list[_API]:
    sync = DatabricksMlflowClient(host, "dapi-x", transport=httpx.MockTransport(_never_sent), **options)
    asyn = AsyncDatabricksMlflowClient(host, "dapi-x", transport=httpx.MockTransport(_never_sent), **options)
    return [SyncAPI(sync._core, validate=True), AsyncAPI(asyn._core, validate=True)]


@pytest.fixture(scope="module")
def apis() -> Iterator[list[_API]]:
    built = [api for host in HOSTS for api in _apis(host)]
    built += _apis("https://example.com", timeout=httpx.Timeout(5.0, read=None))
    for api in _apis("https://example.com"):  # the config refuses user info; httpx takes it
        api.http.base_url = httpx.URL("https://user:pa%20ss@example.com/prefix/p%C3%A4th")
        built.append(api)
    yield built


def assert_same(fast: httpx.Request, slow: httpx.Request) -> None:
    assert fast.method == slow.method
    assert str(fast.url) == str(slow.url)
    for part in ("scheme", "userinfo", "host", "port", "raw_path", "query", "fragment"):
        assert getattr(fast.url, part) == getattr(slow.url, part), part
    assert fast.url._uri_reference == slow.url._uri_reference  # httpx's parsed, normalised parts
    assert fast.headers.raw == slow.headers.raw  # names, values and order
    assert fast.headers.encoding == slow.headers.encoding
    assert fast.content == slow.content
    assert type(fast.stream) is type(slow.stream)
    assert fast.extensions == slow.extensions


def built_both(api: _API, endpoint: Endpoint[..., Any], kwargs: Mapping[str, Any]) -> None:
    """The seam's request and build_request's for the same generated kwargs: equal, or the same error."""
    try:
        slow = api.http.build_request(**endpoint.build(**kwargs))
    except (UnicodeEncodeError, httpx.InvalidURL) as exc:
        with pytest.raises(RequestValidationError):
            api.request(endpoint, **kwargs)
        with pytest.raises(type(exc)):
            api._build(endpoint.build(**kwargs))
        return
    assert_same(api.request(endpoint, **kwargs), slow)


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(data=st.data())
def test_every_operation_builds_what_build_request_builds(
    apis: list[_API], operation_id: str, data: st.DataObject
) -> None:
    params = data.draw(valid_params(operation_id))
    op = OPERATIONS[operation_id]
    if any(str(params[name]) in ("", ".", "..") for name in op.path_params):
        return  # refused before any request is built (tests/test_fuzz.py)
    endpoint, kwargs = typed_call(operation_id, params)
    for api in apis:
        built_both(api, endpoint, kwargs)


def test_the_table_is_covered() -> None:
    assert len(OPERATION_IDS) == len(OPERATIONS) >= 45


ODD_TEXT = [
    "plain",
    "with space",
    "a/b",
    "q?x=1#frag",
    "100%",
    "%2F",
    "%zz",
    "é ü 日本",
    "tab\tnewline\n",
    "\x00\x7f",
    "emoji 🙂",
    "lone \udc80 surrogate",
    "+&=;,",
    "~._-",
    "x" * 70_000,
]


@pytest.mark.parametrize("text", ODD_TEXT, ids=range(len(ODD_TEXT)))
def test_odd_text_in_path_query_and_body_builds_the_same(apis: list[_API], text: str) -> None:
    cases = [
        ("get_uc_model_version_by_alias", {"full_name": text, "alias": text, "include_aliases": True}),
        ("list_webhooks", {"model_name": text, "events": ["MODEL_VERSION_CREATED"], "page_token": text}),
        ("search_registered_models", {"filter": text, "max_results": 10}),
        ("create_comment", {"name": text, "version": "1", "comment": text}),
        ("list_users", {"filter": text, "startIndex": 1, "count": 5}),
    ]
    for operation_id, params in cases:
        endpoint, kwargs = typed_call(operation_id, params)
        for api in apis:
            built_both(api, endpoint, kwargs)


def test_over_long_urls_are_still_refused_by_field() -> None:
    endpoint, kwargs = typed_call("search_registered_models", {"filter": "x" * (MAX_URL_LENGTH + 1)})
    for api in _apis("https://example.com"):
        with pytest.raises(RequestValidationError, match="filter: too long to send in a URL"):
            api.request(endpoint, **kwargs)


def test_a_url_over_the_limit_only_as_a_whole_takes_httpx_path() -> None:
    """build_request checks the path and the query each against httpx's limit, not their sum."""
    half = "x" * (MAX_URL_LENGTH // 2 + 10)
    endpoint, kwargs = typed_call(
        "get_uc_registered_model", {"full_name": half, "include_aliases": True, "include_browse": True}
    )
    for api in _apis("https://example.com"):
        built = endpoint.build(**kwargs)
        built["params"] = {"filter": half}
        assert len(str(api.http.build_request(**built).url)) > MAX_URL_LENGTH
        assert_same(api._build(built), api.http.build_request(**built))


def test_client_cookies_params_and_changed_defaults_are_honoured() -> None:
    endpoint, kwargs = typed_call("get_model", {"name": "m"})
    for api in _apis("https://example.com"):
        http = api.http
        http.cookies.set("session", "abc", domain="example.com")
        assert_same(api.request(endpoint, **kwargs), http.build_request(**endpoint.build(**kwargs)))
        assert api.request(endpoint, **kwargs).headers["Cookie"] == "session=abc"
        http.cookies.clear()
        http.params = httpx.QueryParams({"o": "1"})
        assert_same(api.request(endpoint, **kwargs), http.build_request(**endpoint.build(**kwargs)))
        http.params = httpx.QueryParams()
        # Defaults changed after the first request: the next request follows them, as build_request does.
        http.headers["X-Extra"] = "1"
        http.timeout = httpx.Timeout(3.0)
        http.base_url = httpx.URL("https://other.example.com/sub")
        request = api.request(endpoint, **kwargs)
        assert_same(request, http.build_request(**endpoint.build(**kwargs)))
        assert (
            str(request.url)
            == "https://other.example.com/sub/api/2.0/mlflow/databricks/registered-models/get?name=m"
        )
        http.base_url = httpx.URL("https://other.example.com/sub?x=1")
        assert_same(api.request(endpoint, **kwargs), http.build_request(**endpoint.build(**kwargs)))


@pytest.mark.parametrize(
    "built",
    [
        {"method": "get", "url": "https://elsewhere.example.com/api/2.0/x"},
        {"method": "get", "url": "/api/2.0/x?a=1", "params": {"b": "2"}},
        {"method": "get", "url": "/api/2.0/x#f"},
        {"method": "post", "url": "/api/2.0/x", "content": b"raw"},
        {"method": "get", "url": "/api/2.0/x", "params": {"empty": []}},
        {"method": "get", "url": "/api/2.0/x", "params": {}},
        {"method": "get", "url": "/api/2.0/./x/../y"},
        {
            "method": "post",
            "url": "/api/2.0/x",
            "json": {"a": [1, "é"]},
            "headers": {"Content-Type": "text/x"},
        },
        {"method": "post", "url": "/api/2.0/x", "headers": {"Accept": "text/plain", "User-Agent": "u"}},
        {"method": "delete", "url": "/api/2.0/x", "params": {"flag": True, "n": 0, "none": None}},
        {"method": "get", "url": "//x/y"},
        {"method": "get", "url": ":x"},
        {"method": "get", "url": "/a\tb"},
        {"method": "get", "url": "/x", "params": {"q": "\udc80"}},
    ],
)
def test_hand_made_kwargs_build_the_same(built: dict[str, Any]) -> None:
    for api in _apis("https://example.com/base"):
        try:
            slow = api.http.build_request(**built)
        except Exception as exc:
            with pytest.raises(type(exc)):
                api._build(built)
        else:
            assert_same(api._build(built), slow)


def test_the_shortcut_is_taken_for_the_clients_own_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    """Else the comparisons above would compare build_request with itself; a plain path and query are not
    even parsed (the URL is made from the base URL's parsed parts)."""
    endpoint, kwargs = typed_call("list_webhooks", {"model_name": "m", "max_results": 5})
    for api in _apis("https://example.com"):

        def refuse(*_: object, **__: object) -> httpx.Request:
            raise AssertionError("build_request called")

        monkeypatch.setattr(api.http, "build_request", refuse)
        monkeypatch.setattr(httpx._urls, "urlparse", refuse)
        request = api.request(endpoint, **kwargs)
        assert str(request.url) == (
            "https://example.com/api/2.0/mlflow/registry-webhooks/list?max_results=5&model_name=m"
        )
        monkeypatch.undo()
        odd, odd_kwargs = typed_call("get_uc_registered_model", {"full_name": "a.b c"})
        assert str(api.request(odd, **odd_kwargs).url) == (
            "https://example.com/api/2.1/unity-catalog/models/a.b%20c"
        )


def test_without_httpx_parsed_form_the_url_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another httpx may keep a URL otherwise: then the composed URL text is parsed (same request)."""
    monkeypatch.setattr("databricks_mlflow_client._api._URI_FIELDS", ("something", "else"))
    endpoint, kwargs = typed_call("list_webhooks", {"model_name": "m", "max_results": 5})
    for api in _apis("https://example.com"):
        built_both(api, endpoint, kwargs)
        assert api._base_parsed is None
