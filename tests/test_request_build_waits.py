"""Waiting for a build turn or a send slot: one future per waiter and a timer handle on the loop (no task
per wait); the waiter gets the slot (True) or its deadline passes first (False), and no slot is lost."""

from __future__ import annotations

import asyncio
import contextlib

import httpx
import pytest

from databricks_mlflow_client._core import AsyncCore, _OldestFirstSlots
from databricks_mlflow_client._lean_transport import LeanTransport


def _core() -> AsyncCore:
    return AsyncCore(httpx.AsyncClient(base_url="https://example.com"))


def test_a_waiter_whose_deadline_passes_gets_false_and_the_slot_goes_to_the_next() -> None:
    async def run() -> tuple[bool, bool, bool]:
        core = _core()
        slots = _OldestFirstSlots(1)
        assert await slots.acquire(0)
        expired = await slots.acquire(1, core._timer(0.001))  # nobody releases in time
        later = asyncio.ensure_future(slots.acquire(2, core._timer(60.0)))
        await asyncio.sleep(0)
        slots.release()  # skips the expired waiter, hands the slot to the later one
        handed = await later
        slots.release()
        return expired, handed, slots.try_acquire()

    assert asyncio.run(run()) == (False, True, True)


def test_a_waiter_handed_a_slot_cancels_its_timer() -> None:
    async def run() -> tuple[bool, int]:
        core = _core()
        slots = _OldestFirstSlots(1)
        await slots.acquire(0)
        cancelled: list[int] = []
        timer = core._timer(60.0)

        def watched(future: asyncio.Future[bool]) -> object:
            cancel = timer(future)

            def cancel_and_count() -> object:
                cancelled.append(1)
                return cancel()

            return cancel_and_count

        waiter = asyncio.ensure_future(slots.acquire(1, watched))
        await asyncio.sleep(0)
        slots.release()
        return await waiter, len(cancelled)

    assert asyncio.run(run()) == (True, 1)


def test_a_cancelled_waiter_handed_a_slot_passes_it_on() -> None:
    async def run() -> bool:
        core = _core()
        slots = _OldestFirstSlots(1)
        await slots.acquire(0)
        waiter = asyncio.ensure_future(slots.acquire(1, core._timer(60.0)))
        await asyncio.sleep(0)
        slots.release()  # hands the slot to the waiter...
        waiter.cancel()  # ...which is cancelled before it could run
        with contextlib.suppress(asyncio.CancelledError):
            await waiter
        return await asyncio.wait_for(slots.acquire(2, core._timer(60.0)), 5.0)

    assert asyncio.run(run())


@pytest.mark.parametrize("seconds", [0.0, 0.001])
def test_an_injected_sleep_times_waiters_out_too(seconds: float) -> None:
    slept: list[float] = []

    async def sleep(delay: float) -> None:
        slept.append(delay)
        await asyncio.sleep(0)

    async def run() -> bool:
        core = AsyncCore(httpx.AsyncClient(base_url="https://example.com"), sleep=sleep)
        slots = _OldestFirstSlots(1)
        await slots.acquire(0)
        return await slots.acquire(1, core._timer(seconds))

    assert asyncio.run(run()) is False
    assert slept == [seconds]


# LeanTransport arms a read timer only for a read that has to wait for the server: a response that
# stalls after part of its body still times out on the read that waits.

STALLS = {
    "length": b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd",
    "chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
    "chunk-size": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
    "to-the-end": b"HTTP/1.0 200 OK\r\n\r\nsome",
    "head": b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n",
}


@pytest.mark.parametrize("answer", STALLS.values(), ids=STALLS.keys())
def test_a_response_that_stalls_part_way_times_out(answer: bytes) -> None:
    async def run() -> bytes:
        stop = asyncio.Event()

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(answer)
            await writer.drain()
            await stop.wait()  # and then nothing more
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            async with httpx.AsyncClient(transport=LeanTransport(), timeout=0.2) as http:
                response = await http.get(f"http://127.0.0.1:{port}/x")
                return await response.aread()
        finally:
            stop.set()
            server.close()

    with pytest.raises(httpx.ReadTimeout):
        asyncio.run(run())


def test_a_response_sent_whole_is_read_whole() -> None:
    body = b"x" * 100_000

    async def run() -> list[bytes]:
        answers = [
            b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body),
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        ]

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            for answer in answers:
                await reader.readuntil(b"\r\n\r\n")
                writer.write(answer)  # head and body in one write: every read finds its data buffered
                await writer.drain()
            await reader.read()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            async with httpx.AsyncClient(transport=LeanTransport(), timeout=5) as http:
                url = f"http://127.0.0.1:{port}/x"
                return [(await http.get(url)).content for _ in range(2)]
        finally:
            server.close()

    assert asyncio.run(run()) == [body, b"abc"]
