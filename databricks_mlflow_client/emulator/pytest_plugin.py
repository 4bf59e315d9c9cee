"""pytest fixtures for a running emulator (registered through the `pytest11` entry point).

- `databricks_emulator`: a fresh workspace per test, configured by the `databricks_emulator` marker::

      @pytest.mark.databricks_emulator(seed="demo", users=["alice@example.com"], groups={"ml": ["alice@example.com"]})
      def test_x(databricks_emulator, databricks_client, databricks_client_as): ...

- `databricks_client`: a `DatabricksMlflowClient` connected to it as the workspace admin.
- `databricks_client_as(user)`: a client connected as another user (a name the marker created, or the
  `Principal` that `add_user` returned).
- `databricks_emulator_factory(**settings)`: more emulators in one test, with the marker's settings.
- `databricks_emulator_session`: one emulator for the whole session (tests see each other's state).

The emulator and the client are imported inside the fixtures, so loading the plugin costs nothing for
test runs that never use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, Protocol

import pytest

if TYPE_CHECKING:
    from databricks_mlflow_client import DatabricksMlflowClient
    from databricks_mlflow_client.emulator import Emulator, Principal

__all__ = [
    "EmulatorFactory",
    "databricks_client",
    "databricks_client_as",
    "databricks_emulator",
    "databricks_emulator_factory",
    "databricks_emulator_session",
]

MARKER = "databricks_emulator"
Users = Sequence[str] | Mapping[str, Mapping[str, Any]]
"""User names, or user name -> keyword arguments of `Emulator.add_user` (``admin``, ``groups``, ...)."""


class EmulatorFactory(Protocol):
    """Starts a configured emulator; every one is stopped when the test ends."""

    def __call__(
        self,
        *,
        seed: str | Callable[[Emulator], object] | None = None,
        users: Users = (),
        groups: Mapping[str, Sequence[str]] | None = None,
    ) -> Emulator: ...


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker, so ``--strict-markers`` runs accept it."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(seed=None, users=(), groups=None): configure the databricks_emulator fixture: "
        "seed 'demo' or a function of the emulator, users to create (names, or name -> add_user "
        "arguments), groups (name -> members).",
    )


_principals: dict[int, dict[str, Principal]] = {}
"""id(emulator) -> the users the factory created in it, by name (for `databricks_client_as`)."""


@pytest.fixture
def databricks_emulator_factory() -> Iterator[EmulatorFactory]:
    """A function that starts an emulator with a seed, users and groups; all are stopped after the test.

    ``seed`` is ``"demo"`` (the demo workspace) or a function called with the running emulator;
    ``users`` are user names, or a mapping from name to `Emulator.add_user` keyword arguments;
    ``groups`` maps group names to members (created after the users).
    """
    from databricks_mlflow_client.emulator import Emulator

    with ExitStack() as stack:

        def make(
            *,
            seed: str | Callable[[Emulator], object] | None = None,
            users: Users = (),
            groups: Mapping[str, Sequence[str]] | None = None,
        ) -> Emulator:
            emulator = stack.enter_context(Emulator(seed=seed if isinstance(seed, str) else None))
            stack.callback(_principals.pop, id(emulator), None)
            created = _principals.setdefault(id(emulator), {})
            settings = users if isinstance(users, Mapping) else {name: {} for name in users}
            for name, options in settings.items():
                created[name] = emulator.add_user(name, **options)
            for group, members in (groups or {}).items():
                emulator.add_group(group, members)
            if callable(seed):
                seed(emulator)
            return emulator

        yield make


@pytest.fixture
def databricks_emulator(
    request: pytest.FixtureRequest, databricks_emulator_factory: EmulatorFactory
) -> Emulator:
    """A started emulator; `.url` and `.token` (the admin's PAT) to connect.

    Empty unless the test (or its class or module) has ``@pytest.mark.databricks_emulator(...)``
    with the settings of `databricks_emulator_factory`.
    """
    marker = request.node.get_closest_marker(MARKER)
    settings: dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    return databricks_emulator_factory(**settings)


@pytest.fixture
def databricks_client(databricks_emulator: Emulator) -> Iterator[DatabricksMlflowClient]:
    """A `DatabricksMlflowClient` connected to `databricks_emulator` as the workspace admin."""
    from databricks_mlflow_client import DatabricksMlflowClient

    with DatabricksMlflowClient(host=databricks_emulator.url, token=databricks_emulator.token) as client:
        yield client


@pytest.fixture
def databricks_client_as(
    databricks_emulator: Emulator,
) -> Iterator[Callable[[str | Principal], DatabricksMlflowClient]]:
    """A function giving a client connected to `databricks_emulator` as another user (closed after the test).

    Takes a user name created by the marker's ``users``, or the `Principal` that `Emulator.add_user`
    returned. Raises `LookupError` for a name the fixture did not create.
    """
    from databricks_mlflow_client import DatabricksMlflowClient

    with ExitStack() as stack:

        def connect(user: str | Principal) -> DatabricksMlflowClient:
            if isinstance(user, str):
                found = _principals.get(id(databricks_emulator), {}).get(user)
                if found is None:
                    raise LookupError(
                        f"no user {user!r} created by the databricks_emulator marker; add it to users=[...] "
                        "or pass the Principal that add_user returned"
                    )
                user = found
            client = DatabricksMlflowClient(host=databricks_emulator.url, token=user.token)
            return stack.enter_context(client)

        yield connect


@pytest.fixture(scope="session")
def databricks_emulator_session() -> Iterator[Emulator]:
    """One emulator for the whole session: fast, but tests see each other's state and faults."""
    from databricks_mlflow_client.emulator import Emulator

    with Emulator() as emulator:
        yield emulator
