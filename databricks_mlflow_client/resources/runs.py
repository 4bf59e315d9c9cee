"""Bulk delete and restore of an experiment's runs by time."""

from __future__ import annotations

from typing import Any

from ._base import AsyncResource, SyncResource, count

MAX_RUNS_PER_CALL = 10000


def _params(
    experiment_id: str, time_field: str, timestamp_millis: int, max_runs: int | None
) -> dict[str, Any]:
    return {"experiment_id": experiment_id, time_field: timestamp_millis, "max_runs": max_runs}


class Runs(SyncResource):
    def delete(self, experiment: str, max_timestamp_millis: int, *, max_runs: int | None = None) -> int:
        """One call: soft-delete up to ``max_runs`` (at most 10000) runs created at or before the time.

        ``experiment`` is an id or a name (resolved once per client). Returns how many were deleted.
        """
        return self._bulk("delete_runs", "max_timestamp_millis", experiment, max_timestamp_millis, max_runs)

    def restore(self, experiment: str, min_timestamp_millis: int, *, max_runs: int | None = None) -> int:
        """One call: restore up to ``max_runs`` (at most 10000) runs deleted at or after the time."""
        return self._bulk("restore_runs", "min_timestamp_millis", experiment, min_timestamp_millis, max_runs)

    def delete_all(self, experiment: str, max_timestamp_millis: int) -> int:
        """Delete every matching run, looping past the 10000-per-call cap; returns the total."""
        total = 0
        while (done := self.delete(experiment, max_timestamp_millis, max_runs=MAX_RUNS_PER_CALL)) > 0:
            total += done
            if done < MAX_RUNS_PER_CALL:
                break
        return total

    def restore_all(self, experiment: str, min_timestamp_millis: int) -> int:
        """Restore every matching run, looping past the 10000-per-call cap; returns the total."""
        total = 0
        while (done := self.restore(experiment, min_timestamp_millis, max_runs=MAX_RUNS_PER_CALL)) > 0:
            total += done
            if done < MAX_RUNS_PER_CALL:
                break
        return total

    def _bulk(
        self, operation_id: str, time_field: str, experiment: str, timestamp_millis: int, max_runs: int | None
    ) -> int:
        # Validated with the name in place of the id first, so a bad call sends not even the lookup.
        self._api.check(operation_id, _params(experiment, time_field, timestamp_millis, max_runs))
        params = _params(self.experiment_id(experiment), time_field, timestamp_millis, max_runs)
        response = self._api.call(operation_id, params)
        return count(response.runs_deleted if operation_id == "delete_runs" else response.runs_restored)


class AsyncRuns(AsyncResource):
    async def delete(self, experiment: str, max_timestamp_millis: int, *, max_runs: int | None = None) -> int:
        """One call: soft-delete up to ``max_runs`` (at most 10000) runs created at or before the time.

        ``experiment`` is an id or a name (resolved once per client). Returns how many were deleted.
        """
        return await self._bulk(
            "delete_runs", "max_timestamp_millis", experiment, max_timestamp_millis, max_runs
        )

    async def restore(
        self, experiment: str, min_timestamp_millis: int, *, max_runs: int | None = None
    ) -> int:
        """One call: restore up to ``max_runs`` (at most 10000) runs deleted at or after the time."""
        return await self._bulk(
            "restore_runs", "min_timestamp_millis", experiment, min_timestamp_millis, max_runs
        )

    async def delete_all(self, experiment: str, max_timestamp_millis: int) -> int:
        """Delete every matching run, looping past the 10000-per-call cap; returns the total."""
        total = 0
        while (done := await self.delete(experiment, max_timestamp_millis, max_runs=MAX_RUNS_PER_CALL)) > 0:
            total += done
            if done < MAX_RUNS_PER_CALL:
                break
        return total

    async def restore_all(self, experiment: str, min_timestamp_millis: int) -> int:
        """Restore every matching run, looping past the 10000-per-call cap; returns the total."""
        total = 0
        while (done := await self.restore(experiment, min_timestamp_millis, max_runs=MAX_RUNS_PER_CALL)) > 0:
            total += done
            if done < MAX_RUNS_PER_CALL:
                break
        return total

    async def _bulk(
        self, operation_id: str, time_field: str, experiment: str, timestamp_millis: int, max_runs: int | None
    ) -> int:
        self._api.check(operation_id, _params(experiment, time_field, timestamp_millis, max_runs))
        params = _params(await self.experiment_id(experiment), time_field, timestamp_millis, max_runs)
        response = await self._api.call(operation_id, params)
        return count(response.runs_deleted if operation_id == "delete_runs" else response.runs_restored)
