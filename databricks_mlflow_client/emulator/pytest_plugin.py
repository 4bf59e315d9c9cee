"""pytest fixtures for a running emulator (registered through the `pytest11` entry point).

`databricks_emulator` gives each test a fresh workspace; `databricks_emulator_session` shares one across the
session. The emulator is imported inside the fixtures so
that loading the plugin costs nothing for test runs that never use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from databricks_mlflow_client.emulator import Emulator

__all__ = ["databricks_emulator", "databricks_emulator_session"]


@pytest.fixture
def databricks_emulator() -> Iterator[Emulator]:
    """A started emulator with an empty workspace; `.url` and `.token` (the admin's PAT) to connect."""
    from databricks_mlflow_client.emulator import Emulator

    with Emulator() as emulator:
        yield emulator


@pytest.fixture(scope="session")
def databricks_emulator_session() -> Iterator[Emulator]:
    """One emulator for the whole session: fast, but tests see each other's state and faults."""
    from databricks_mlflow_client.emulator import Emulator

    with Emulator() as emulator:
        yield emulator
