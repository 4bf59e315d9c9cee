"""Bulk delete and restore of an experiment's runs by time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from databricks_mlflow_api.models import DeleteRuns, RestoreRuns, SearchRuns, ViewType

from .._base import AsyncResource, count, listed, opt

MAX_RUNS_PER_CALL = 10000


class AsyncRuns(AsyncResource):
    """Bulk run deletion and restore (``client.runs``). ``experiment`` is an id or a name (resolved once
    per client). Every method raises RequestValidationError before sending anything (not even the name
    lookup) for a bad argument, and DatabricksError for what the server refuses. Never re-sent."""

    async def delete(self, experiment: str, max_timestamp_millis: int, *, max_runs: int | None = None) -> int:
        """One ``delete_runs`` call: soft-delete up to ``max_runs`` (at most 10000) runs created at or
        before the time. Returns how many were deleted."""
        from databricks_mlflow_api.api.runs import delete_runs

        body = DeleteRuns(
            experiment_id=experiment, max_timestamp_millis=max_timestamp_millis, max_runs=opt(max_runs)
        )
        self._api.check(delete_runs.ENDPOINT, body=body)
        body.experiment_id = await self._experiment_id(experiment)
        return count((await self._api.call(delete_runs.ENDPOINT, body=body)).runs_deleted)

    async def restore(
        self, experiment: str, min_timestamp_millis: int, *, max_runs: int | None = None
    ) -> int:
        """One ``restore_runs`` call: restore up to ``max_runs`` (at most 10000) runs deleted at or after
        the time. Returns how many were restored."""
        from databricks_mlflow_api.api.runs import restore_runs

        body = RestoreRuns(
            experiment_id=experiment, min_timestamp_millis=min_timestamp_millis, max_runs=opt(max_runs)
        )
        self._api.check(restore_runs.ENDPOINT, body=body)
        body.experiment_id = await self._experiment_id(experiment)
        return count((await self._api.call(restore_runs.ENDPOINT, body=body)).runs_restored)

    async def count(
        self, experiment: str, *, started_at_or_before: int | None = None, deleted: bool = False
    ) -> int:
        """How many active (or, with ``deleted``, deleted) runs the experiment has, counting only those
        started at or before ``started_at_or_before`` when given: what ``delete`` with that time would
        select. Sends ``search_runs`` page by page (1000 runs a page), oldest first, and stops at the first
        run started later. Restore selects by deletion time, which search cannot express: ``deleted=True``
        counts every deleted run, an upper bound for what ``restore`` would select."""
        from databricks_mlflow_api.api.supporting import search_runs

        experiment_id = await self._experiment_id(experiment)
        view = ViewType.DELETED_ONLY if deleted else ViewType.ACTIVE_ONLY
        total, token = 0, None
        while True:
            body = SearchRuns(
                experiment_ids=[experiment_id],
                run_view_type=view,
                max_results=1000,
                order_by=["start_time ASC"],
                page_token=opt(token),
            )
            page = await self._api.call(search_runs.ENDPOINT, body=body)
            for run in listed(page.runs):
                started = run.info.start_time if run.info else None
                if (
                    started_at_or_before is not None
                    and isinstance(started, int)
                    and started > started_at_or_before
                ):
                    return total
                total += 1
            token = page.next_page_token if isinstance(page.next_page_token, str) else None
            if not token:
                return total

    async def delete_all(self, experiment: str, max_timestamp_millis: int) -> int:
        """Delete every matching run, looping ``delete_runs`` past the 10000-per-call cap; returns the total."""
        return await _until_done(
            lambda: self.delete(experiment, max_timestamp_millis, max_runs=MAX_RUNS_PER_CALL)
        )

    async def restore_all(self, experiment: str, min_timestamp_millis: int) -> int:
        """Restore every matching run, looping ``restore_runs`` past the 10000-per-call cap; returns the total."""
        return await _until_done(
            lambda: self.restore(experiment, min_timestamp_millis, max_runs=MAX_RUNS_PER_CALL)
        )


async def _until_done(batch: Callable[[], Awaitable[int]]) -> int:
    total = 0
    while True:  # a full batch may leave more behind; a short one means none are left
        done = await batch()
        total += done
        if done < MAX_RUNS_PER_CALL:
            return total
