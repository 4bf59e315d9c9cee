"""The pytest plugin's fixtures, used as a user's test suite would: markers, users, clients per user."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from databricks_mlflow_client import DatabricksMlflowClient, PermissionDenied
from databricks_mlflow_client.emulator import Emulator, Principal
from databricks_mlflow_client.emulator.pytest_plugin import EmulatorFactory

ClientAs = Callable[[str | Principal], DatabricksMlflowClient]


def test_an_unmarked_emulator_is_empty(databricks_client: DatabricksMlflowClient) -> None:
    assert list(databricks_client.registered_models.search()) == []


@pytest.mark.databricks_emulator(seed="demo")
def test_the_marker_seeds_the_demo_workspace(databricks_client: DatabricksMlflowClient) -> None:
    assert databricks_client.registered_models.get("Sklearn_Wine_best").permission_level == "CAN_MANAGE"


@pytest.mark.databricks_emulator(
    users=["alice@example.com", "bob@example.com"], groups={"ml-engineers": ["alice@example.com"]}
)
def test_users_and_groups_from_the_marker(
    databricks_emulator: Emulator, databricks_client: DatabricksMlflowClient, databricks_client_as: ClientAs
) -> None:
    databricks_emulator.create_registered_model("fraud", versions=1)
    acl = databricks_client.permissions.registered_models
    acl.grant("fraud", "CAN_READ", group_name="ml-engineers")
    assert (
        databricks_client_as("alice@example.com").registered_models.get("fraud").permission_level
        == "CAN_READ"
    )
    with pytest.raises(PermissionDenied):
        databricks_client_as("bob@example.com").registered_models.get("fraud")


def seed_with_one_model(emulator: Emulator) -> None:
    emulator.create_registered_model("churn", owner="carol@example.com", versions=2)


@pytest.mark.databricks_emulator(
    seed=seed_with_one_model, users={"carol@example.com": {"groups": ["owners"], "admin": False}}
)
def test_a_seed_function_runs_after_the_users(
    databricks_client_as: ClientAs, databricks_client: DatabricksMlflowClient
) -> None:
    carol = databricks_client_as("carol@example.com")
    assert carol.registered_models.get("churn").permission_level == "CAN_MANAGE"  # the creator manages it
    assert [m.name for m in databricks_client.registered_models.search()] == ["churn"]


def test_a_principal_from_add_user_works_too(
    databricks_emulator: Emulator, databricks_client_as: ClientAs
) -> None:
    dave = databricks_emulator.add_user("dave@example.com")
    assert list(databricks_client_as(dave).registered_models.search()) == []
    with pytest.raises(LookupError, match="add it to users="):
        databricks_client_as("erin@example.com")


def test_the_factory_starts_independent_emulators(databricks_emulator_factory: EmulatorFactory) -> None:
    first = databricks_emulator_factory(seed="demo")
    second = databricks_emulator_factory(users=["x@example.com"])
    assert first.url != second.url
    with DatabricksMlflowClient(host=second.url, token=second.token) as client:
        assert list(client.registered_models.search()) == []
