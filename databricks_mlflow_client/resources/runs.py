"""Bulk delete and restore of an experiment's runs by time."""

from __future__ import annotations

from typing import Any

from ._base import AsyncResource, SyncResource, count

MAX_RUNS_PER_CALL = 10000


# operation id -> (its time bound, the response field that counts the runs touched)
_BULK = {
    "delete_runs": ("max_timestamp_millis", "runs_deleted"),
    "restore_runs": ("min_timestamp_millis", "runs_restored"),
}


def _params(
    operation_id: str, experiment_id: str, timestamp_millis: int, max_runs: int | None
) -> dict[str, Any]:
    time_field, _ = _BULK[operation_id]
    return {"experiment_id": experiment_id, time_field: timestamp_millis, "max_runs": max_runs}


def _touched(operation_id: str, response: Any) -> int:
    _, result_field = _BULK[operation_id]
    return count(getattr(response, result_field))


class Runs(SyncResource):
    def delete(self, experiment: str, max_timestamp_millis: int, *, max_runs: int | None = None) -> int:
        """One call: soft-delete up to ``max_runs`` (at most 10000) runs created at or before the time.

        ``experiment`` is an id or a name (resolved once per client). Returns how many were deleted.
        """
        return self._bulk("delete_runs", experiment, max_timestamp_millis, max_runs)

    def restore(self, experiment: str, min_timestamp_millis: int, *, max_runs: int | None = None) -> int:
        """One call: restore up to ``max_runs`` (at most 10000) runs deleted at or after the time."""
        return self._bulk("restore_runs", experiment, min_timestamp_millis, max_runs)

    def delete_all(self, experiment: str, max_timestamp_millis: int) -> int:
        """Delete every matching run, looping past the 10000-per-call cap; returns the total."""
        return self._until_done("delete_runs", experiment, max_timestamp_millis)

    def restore_all(self, experiment: str, min_timestamp_millis: int) -> int:
        """Restore every matching run, looping past the 10000-per-call cap; returns the total."""
        return self._until_done("restore_runs", experiment, min_timestamp_millis)

    def _until_done(self, operation_id: str, experiment: str, timestamp_millis: int) -> int:
        total = 0
        while True:  # a full batch may leave more behind; a short one means none are left
            done = self._bulk(operation_id, experiment, timestamp_millis, MAX_RUNS_PER_CALL)
            total += done
            if done < MAX_RUNS_PER_CALL:
                return total

    def _bulk(self, operation_id: str, experiment: str, timestamp_millis: int, max_runs: int | None) -> int:
        # Validated with the name in place of the id first, so a bad call sends not even the lookup.
        self._api.check(operation_id, _params(operation_id, experiment, timestamp_millis, max_runs))
        params = _params(operation_id, self.experiment_id(experiment), timestamp_millis, max_runs)
        return _touched(operation_id, self._api.call(operation_id, params))


class AsyncRuns(AsyncResource):
    async def delete(self, experiment: str, max_timestamp_millis: int, *, max_runs: int | None = None) -> int:
        """One call: soft-delete up to ``max_runs`` (at most 10000) runs created at or before the time.

        ``experiment`` is an id or a name (resolved once per client). Returns how many were deleted.
        """
        return await self._bulk("delete_runs", experiment, max_timestamp_millis, max_runs)

    async def restore(
        self, experiment: str, min_timestamp_millis: int, *, max_runs: int | None = None
    ) -> int:
        """One call: restore up to ``max_runs`` (at most 10000) runs deleted at or after the time."""
        return await self._bulk("restore_runs", experiment, min_timestamp_millis, max_runs)

    async def delete_all(self, experiment: str, max_timestamp_millis: int) -> int:
        """Delete every matching run, looping past the 10000-per-call cap; returns the total."""
        return await self._until_done("delete_runs", experiment, max_timestamp_millis)

    async def restore_all(self, experiment: str, min_timestamp_millis: int) -> int:
        """Restore every matching run, looping past the 10000-per-call cap; returns the total."""
        return await self._until_done("restore_runs", experiment, min_timestamp_millis)

    async def _until_done(self, operation_id: str, experiment: str, timestamp_millis: int) -> int:
        total = 0
        while True:  # a full batch may leave more behind; a short one means none are left
            done = await self._bulk(operation_id, experiment, timestamp_millis, MAX_RUNS_PER_CALL)
            total += done
            if done < MAX_RUNS_PER_CALL:
                return total

    async def _bulk(
        self, operation_id: str, experiment: str, timestamp_millis: int, max_runs: int | None
    ) -> int:
        self._api.check(operation_id, _params(operation_id, experiment, timestamp_millis, max_runs))
        params = _params(operation_id, await self.experiment_id(experiment), timestamp_millis, max_runs)
        return _touched(operation_id, await self._api.call(operation_id, params))
