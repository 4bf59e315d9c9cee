"""Waiting for a build turn or a send slot: one future per waiter and a timer handle on the loop (no task
per wait); the waiter gets the slot (True) or its deadline passes first (False), and no slot is lost."""

from __future__ import annotations

import asyncio
import contextlib

import httpx
import pytest

from databricks_mlflow_client._core import AsyncCore, _OldestFirstSlots


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
