"""The seam between the facade and the generated operations: raw responses on every resource (pages
included), bodies the generated parser cannot read, and values that cannot go on the wire at all."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from databricks_mlflow_api.models import ModelDatabricks, RegistryWebhook

from databricks_mlflow_client import (
    AsyncDatabricksMlflowClient,
    DatabricksError,
    DatabricksMlflowClient,
    ModelId,
    RawResponse,
    RequestValidationError,
    RetryPolicy,
)
from databricks_mlflow_client.emulator import Emulator

HOOK = {"url": "https://hooks.example.com/registry"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


def _model_with_hooks(emu: Emulator, name: str, hooks: int) -> None:
    emu.create_registered_model(name, versions=1)
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        for _ in range(hooks):
            client.webhooks.create(["COMMENT_CREATED"], model_name=name, http_url_spec=HOOK)


# ------------------------------------------------------------------------------------------ raw responses


def test_raw_response_of_a_call_has_the_model_and_the_http_response(emu: Emulator) -> None:
    emu.create_registered_model("raw-get", versions=1)
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        raw = client.registered_models.with_raw_response.get("raw-get")
    assert isinstance(raw, RawResponse)
    assert isinstance(raw.parsed, ModelDatabricks) and raw.parsed.name == "raw-get"
    assert raw.status_code == 200
    assert raw.headers["content-type"].startswith("application/json")
    assert raw.json()["registered_model_databricks"]["name"] == "raw-get"
    assert raw.http_response.request.url.path == "/api/2.0/mlflow/databricks/registered-models/get"


def test_raw_response_of_a_listing_is_its_pages(emu: Emulator) -> None:
    _model_with_hooks(emu, "raw-pages", 3)
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        pages = list(client.webhooks.with_raw_response.list(model_name="raw-pages", page_size=2))
        items = list(client.webhooks.list(model_name="raw-pages", page_size=2))
    assert [len(page.parsed) for page in pages] == [2, 1]
    assert all(isinstance(hook, RegistryWebhook) for page in pages for hook in page.parsed)
    assert [page.status_code for page in pages] == [200, 200]
    first, second = (page.http_response.request.url.params for page in pages)
    assert "page_token" not in first and second["page_token"] == pages[0].json()["next_page_token"]
    assert [hook.id for page in pages for hook in page.parsed] == [hook.id for hook in items]


def test_the_client_wide_raw_response_still_works(emu: Emulator) -> None:
    emu.create_registered_model("raw-client", versions=1)
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        raw = client.with_raw_response(client.registered_models.get, "raw-client")
    assert raw.parsed.name == "raw-client" and raw.status_code == 200


@pytest.mark.anyio
async def test_async_raw_responses_for_calls_and_pages(emu: Emulator) -> None:
    _model_with_hooks(emu, "raw-async", 3)
    async with AsyncDatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        raw = await client.registered_models.with_raw_response.get("raw-async")
        pages = [
            page async for page in client.webhooks.with_raw_response.list(model_name="raw-async", page_size=2)
        ]
        searched = [
            page async for page in client.registered_models.with_raw_response.search("name = 'raw-async'")
        ]
    assert raw.parsed.name == "raw-async" and raw.status_code == 200
    assert [len(page.parsed) for page in pages] == [2, 1]
    assert [page.status_code for page in pages] == [200, 200]
    assert [[model.name for model in page.parsed] for page in searched] == [["raw-async"]]


# ------------------------------------------------------------------------------------------ bodies the parser cannot read


def _answering(body: bytes) -> DatabricksMlflowClient:
    return DatabricksMlflowClient(
        "https://example.cloud.databricks.com",
        "dapi-seam",
        transport=httpx.MockTransport(lambda _: httpx.Response(200, content=body)),
        retry=RetryPolicy(timeout=1.0),
    )


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000,  # the JSON decoder runs out of stack
        b'{"registered_model_databricks": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",  # well-formed, too deep
    ],
)
def test_deeply_nested_json_in_a_200_is_a_typed_error(body: bytes) -> None:
    """#13 9a: a bare RecursionError escaped the client."""
    with _answering(body) as client, pytest.raises(DatabricksError) as raised:
        client.registered_models.get("m")
    error = raised.value
    assert (error.status_code, error.method, error.path) == (
        200,
        "GET",
        "/api/2.0/mlflow/databricks/registered-models/get",
    )
    assert "nested too deeply" in str(error)


# ------------------------------------------------------------------------------------------ values that cannot be sent


def _recording(sent: list[httpx.Request], *, validate: bool) -> DatabricksMlflowClient:
    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(404, json={"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "no"})

    return DatabricksMlflowClient(
        "https://example.cloud.databricks.com",
        "dapi-seam",
        transport=httpx.MockTransport(record),
        validate=validate,
        retry=RetryPolicy(timeout=1.0),
    )


@pytest.mark.parametrize("validate", [True, False])
def test_unsendable_values_are_refused_naming_the_field(validate: bool) -> None:
    """#13 14: httpx.InvalidURL for a 300,000-character name, UnicodeEncodeError for a lone surrogate."""
    sent: list[httpx.Request] = []
    cases = [
        (lambda c: c.registered_models.get("x" * 300_000), "get_model", "name", "too long"),
        (
            lambda c: c.permissions.registered_models.get(ModelId("x" * 300_000)),
            "get_registered_model_permissions",
            "registered_model_id",
            "too long",
        ),
        (lambda c: c.registered_models.get("bad\ud800"), "get_model", "name", "surrogate"),
        (
            lambda c: c.permissions.registered_models.get(ModelId("\udc00")),
            "get_registered_model_permissions",
            "registered_model_id",
            "surrogate",
        ),
        (lambda c: c.comments.create("m", "1", "hi \udc80"), "create_comment", "comment", "surrogate"),
        (
            lambda c: c.webhooks.create(["COMMENT_CREATED"], http_url_spec={"url": "https://x/\ud83d"}),
            "create_webhook",
            "http_url_spec.url",
            "surrogate",
        ),
    ]
    with _recording(sent, validate=validate) as client:
        for call, operation_id, field, rule in cases:
            with pytest.raises(RequestValidationError) as raised:
                call(client)
            assert (raised.value.operation_id, raised.value.field) == (operation_id, field)
            assert rule in raised.value.rule
    assert sent == []


def test_an_empty_required_string_is_refused_before_sending() -> None:
    """The service reads "" as a missing required parameter (proto3 has no other empty); say so locally."""
    sent: list[httpx.Request] = []
    with _recording(sent, validate=True) as client:
        with pytest.raises(RequestValidationError) as raised:
            client.registered_models.get("")
        assert (raised.value.operation_id, raised.value.field) == ("get_model", "name")
        with pytest.raises(RequestValidationError) as raised:
            client.comments.create("m", "", "hi")
        assert (raised.value.operation_id, raised.value.field) == ("create_comment", "version")
    assert sent == []


@pytest.mark.anyio
async def test_a_large_gather_sends_its_first_request_before_building_them_all() -> None:
    """asyncio.gather runs every call to its first await: each must not build its request before the
    loop has had a chance to send the first ones (300 grants used to build for 0.2 s before any send).
    The server runs in the same event loop, so it reads the first request only when the calls yield."""
    import asyncio

    from databricks_mlflow_client import AsyncDatabricksMlflowClient

    built: list[int] = []
    built_before_first_read: list[int] = []
    body = b'{"access_control_list": []}'
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
        len(body),
        body,
    )

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                if not built_before_first_read:
                    built_before_first_read.append(len(built))
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ),
                    0,
                )
                await reader.readexactly(length)
                writer.write(answer)
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = AsyncDatabricksMlflowClient(f"http://127.0.0.1:{port}", "dapi-x", max_concurrency=4)
    api = client.permissions.registered_models._api
    build = api.request

    def counting(*args: object, **kwargs: object) -> httpx.Request:
        built.append(1)
        return build(*args, **kwargs)  # type: ignore[arg-type]

    api.request = counting  # type: ignore[assignment,method-assign]
    async with server, client:
        grant = client.permissions.registered_models.grant
        await asyncio.gather(*(grant(ModelId(str(i)), "CAN_READ", group_name="g") for i in range(300)))
    assert len(built) == 300
    assert built_before_first_read[0] <= 2 * 4
