"""Experiments (open-source MLflow calls), for resolving names and selecting experiments in bulk. (The async source is _async/experiments.py; _sync/experiments.py is generated from it.)"""

from ._async.experiments import AsyncExperiments
from ._sync.experiments import Experiments

__all__ = ["AsyncExperiments", "Experiments"]
