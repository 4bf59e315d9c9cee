"""LanesTransport: an async transport with a connection pool that costs O(1) per request, over loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from databricks_mlflow_client import AsyncDatabricksMlflowClient
from databricks_mlflow_client._lanes import LanesTransport
from databricks_mlflow_client.emulator import Emulator


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        emulator.create_registered_model("m")
        yield emulator


def _http(emu: Emulator, lanes: int) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=emu.url,
        headers={"Authorization": f"Bearer {emu.token}"},
        transport=LanesTransport(lanes),
    )


async def _search(http: httpx.AsyncClient) -> int:
    response = await http.get("/api/2.0/mlflow/registered-models/search")
    return len(response.raise_for_status().json()["registered_models"])


def test_sequential_requests_reuse_one_connection(emu: Emulator) -> None:
    async def run() -> list[int]:
        async with _http(emu, 8) as http:
            return [await _search(http) for _ in range(10)]

    assert asyncio.run(run()) == [1] * 10
    assert emu.connections_accepted == 1  # the last freed lane is taken first: one warm connection


def test_more_requests_in_flight_than_lanes_queue_on_the_lanes(emu: Emulator) -> None:
    emu.inject("/api/2.0/mlflow/registered-models/search", "latency", latency=0.05)

    async def run() -> list[int]:
        async with _http(emu, 3) as http:
            return await asyncio.gather(*(_search(http) for _ in range(12)))

    assert asyncio.run(run()) == [1] * 12
    assert emu.connections_accepted == 3


def test_a_failed_request_frees_its_lane(emu: Emulator) -> None:
    emu.inject("/api/2.0/mlflow/registered-models/search", "drop_before", times=1)

    async def run() -> int:
        async with _http(emu, 1) as http:
            with pytest.raises(httpx.RemoteProtocolError):
                await _search(http)
            return await asyncio.wait_for(_search(http), 10)  # would wait forever on a lost lane

    assert asyncio.run(run()) == 1


def test_an_unread_streamed_response_frees_its_lane_when_closed(emu: Emulator) -> None:
    async def run() -> int:
        async with _http(emu, 1) as http:
            async with http.stream("GET", "/api/2.0/mlflow/registered-models/search") as response:
                assert response.status_code == 200
            return await asyncio.wait_for(_search(http), 10)

    assert asyncio.run(run()) == 1  # on a new connection: httpcore closes one left with an unread body


def test_the_async_client_works_through_it(emu: Emulator) -> None:
    async def run() -> list[str]:
        async with AsyncDatabricksMlflowClient(
            host=emu.url, token=emu.token, transport=LanesTransport(4), max_concurrency=4
        ) as client:
            models = client.permissions.registered_models
            answers = await asyncio.gather(*(models.get("m") for _ in range(20)))
            return [str(answer.object_id) for answer in answers]

    ids = asyncio.run(run())
    assert set(ids) == {f"/registered-models/{emu.workspace.model_id('m')}"}
    assert emu.connections_accepted <= 4


def test_lanes_must_be_positive() -> None:
    with pytest.raises(ValueError, match="lanes must be >= 1"):
        LanesTransport(0)
