"""Bulk delete and restore of an experiment's runs by time. (The async source is _async/runs.py; _sync/runs.py is generated from it.)"""

from ._async.runs import MAX_RUNS_PER_CALL, AsyncRuns
from ._sync.runs import Runs

__all__ = ["MAX_RUNS_PER_CALL", "AsyncRuns", "Runs"]
