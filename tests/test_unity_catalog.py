"""Models in Unity Catalog on the emulator, driven by databricks-sdk's catalog client over loopback HTTP.

One test per privilege rule of docs/emulator-fidelity-uc.md, plus one walk through all fifteen operations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from databricks.sdk import WorkspaceClient
from databricks.sdk.core import Config
from databricks.sdk.errors import BadRequest, NotFound, PermissionDenied
from databricks.sdk.service.catalog import PermissionsChange, Privilege

from databricks_mlflow_client.emulator import Emulator, Workspace
from databricks_mlflow_client.emulator._uc_seed import UnityCatalog
from databricks_mlflow_client.emulator._wire import Router, default_specs

MODEL = "main.ml.fraud"
ALICE, BOB, CAROL = "alice@example.com", "bob@example.com", "carol@example.com"
ENV = (
    "DATABRICKS_HOST",
    "DATABRICKS_TOKEN",
    "DATABRICKS_CONFIG_PROFILE",
    "DATABRICKS_AUTH_TYPE",
    "DATABRICKS_CLIENT_ID",
    "DATABRICKS_CLIENT_SECRET",
    "DATABRICKS_CONFIG_FILE",
)


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    """main.ml (schema owned by carol) holds main.ml.fraud (owned by alice, two versions); bob is a
    data scientist with no privilege yet."""
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    workspace = Workspace(clock=lambda: 1_700_000_000.0)
    with Emulator(workspace=workspace) as emulator:
        emulator.add_user(ALICE)
        emulator.add_user(BOB, groups=["data-scientists"])
        emulator.add_user(CAROL)
        uc = UnityCatalog(emulator)
        uc.create_catalog("main")
        uc.create_schema("main.ml", owner=CAROL)
        uc.create_model(MODEL, owner=ALICE, comment="Fraud classifier.", versions=2)
        yield emulator
    workspace.close()


Client = Callable[[str], WorkspaceClient]


@pytest.fixture
def sdk(emu: Emulator) -> Client:
    """A databricks-sdk WorkspaceClient acting as the named user (the admin for "admin")."""
    principals = emu.workspace._state.directory.users

    def client(user: str) -> WorkspaceClient:
        token = emu.token if user == "admin" else principals[user].token
        return WorkspaceClient(
            config=Config(host=emu.url, token=token, auth_type="pat", retry_timeout_seconds=5)
        )

    return client


def uses(uc: UnityCatalog, principal: str) -> None:
    """USE CATALOG on main and USE SCHEMA on main.ml."""
    uc.grant("catalog", "main", principal, "USE_CATALOG")
    uc.grant("schema", "main.ml", principal, "USE_SCHEMA")


# ------------------------------------------------------------------------------------------ parents


def test_an_owner_still_needs_use_catalog_and_use_schema(emu: Emulator, sdk: Client) -> None:
    uc, alice = UnityCatalog(emu), sdk(ALICE)
    with pytest.raises(PermissionDenied, match=re.escape("USE CATALOG on catalog 'main'")):
        alice.registered_models.get(MODEL)
    uc.grant("catalog", "main", ALICE, "USE_CATALOG")
    with pytest.raises(PermissionDenied, match=re.escape("USE SCHEMA on schema 'main.ml'")):
        alice.registered_models.get(MODEL)
    uc.grant("schema", "main.ml", ALICE, "USE_SCHEMA")
    assert alice.registered_models.get(MODEL).owner == ALICE


def test_privileges_granted_on_the_catalog_are_inherited(emu: Emulator, sdk: Client) -> None:
    UnityCatalog(emu).grant("catalog", "main", "data-scientists", "USE_CATALOG", "USE_SCHEMA", "EXECUTE")
    model = sdk(BOB).registered_models.get(MODEL)
    assert model.full_name == MODEL and model.comment == "Fraud classifier."


# ------------------------------------------------------------------------------------------ EXECUTE


def test_reading_needs_execute(emu: Emulator, sdk: Client) -> None:
    uc, bob = UnityCatalog(emu), sdk(BOB)
    uses(uc, "data-scientists")
    with pytest.raises(PermissionDenied, match=re.escape("EXECUTE on registered model 'main.ml.fraud'")):
        bob.registered_models.get(MODEL)
    with pytest.raises(PermissionDenied):
        list(bob.model_versions.list(MODEL))
    assert list(bob.registered_models.list(catalog_name="main", schema_name="ml")) == []
    uc.grant("function", MODEL, "data-scientists", "EXECUTE")
    assert [m.full_name for m in bob.registered_models.list(catalog_name="main", schema_name="ml")] == [MODEL]
    assert [v.version for v in bob.model_versions.list(MODEL)] == [1, 2]
    assert bob.model_versions.get(MODEL, 2).version == 2


def test_all_privileges_includes_execute_but_not_manage(emu: Emulator, sdk: Client) -> None:
    uc, bob = UnityCatalog(emu), sdk(BOB)
    uses(uc, BOB)
    uc.grant("function", MODEL, BOB, "ALL_PRIVILEGES")
    assert bob.registered_models.get(MODEL).name == "fraud"
    with pytest.raises(PermissionDenied, match="may not manage privileges"):
        bob.grants.update(
            "function", MODEL, changes=[PermissionsChange(principal=CAROL, add=[Privilege.EXECUTE])]
        )


def test_a_schema_owner_does_not_hold_privileges_on_its_models_but_may_grant_them(
    emu: Emulator, sdk: Client
) -> None:
    uc, carol = UnityCatalog(emu), sdk(CAROL)
    uc.grant("catalog", "main", CAROL, "USE_CATALOG")
    with pytest.raises(PermissionDenied, match="EXECUTE"):
        carol.registered_models.get(MODEL)
    carol.grants.update(
        "function", MODEL, changes=[PermissionsChange(principal=CAROL, add=[Privilege.EXECUTE])]
    )
    assert carol.registered_models.get(MODEL).owner == ALICE


# ------------------------------------------------------------------------------------------ ownership


def test_only_the_owner_changes_the_model_its_versions_and_aliases(emu: Emulator, sdk: Client) -> None:
    uc, bob, alice = UnityCatalog(emu), sdk(BOB), sdk(ALICE)
    uses(uc, BOB)
    uses(uc, ALICE)
    uc.grant("function", MODEL, BOB, "EXECUTE", "MANAGE", "APPLY_TAG")
    attempts: list[Callable[[WorkspaceClient], object]] = [
        lambda w: w.registered_models.update(MODEL, comment="changed"),
        lambda w: w.registered_models.set_alias(MODEL, "champion", 2),
        lambda w: w.model_versions.update(MODEL, 1, comment="changed"),
        lambda w: w.model_versions.delete(MODEL, 1),
        lambda w: w.registered_models.delete(MODEL),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match="is not the owner"):
            attempt(bob)
    assert alice.registered_models.update(MODEL, comment="changed").comment == "changed"
    assert alice.registered_models.set_alias(MODEL, "champion", 2).version_num == 2
    assert alice.model_versions.update(MODEL, 1, comment="first").comment == "first"


def test_transferring_ownership_moves_the_owner_rights(emu: Emulator, sdk: Client) -> None:
    uc, alice, bob = UnityCatalog(emu), sdk(ALICE), sdk(BOB)
    uses(uc, ALICE)
    uses(uc, BOB)
    assert alice.registered_models.update(MODEL, owner=BOB).owner == BOB
    with pytest.raises(PermissionDenied, match="is not the owner"):
        alice.registered_models.update(MODEL, comment="mine again")
    assert bob.registered_models.set_alias(MODEL, "champion", 1).alias_name == "champion"
    with pytest.raises(BadRequest, match="could not find principal with name 'nobody'"):
        bob.registered_models.update(MODEL, owner="nobody")


def test_creating_a_model_needs_create_model_on_the_schema(emu: Emulator, sdk: Client) -> None:
    uc, bob = UnityCatalog(emu), sdk(BOB)
    uses(uc, BOB)
    with pytest.raises(PermissionDenied, match=re.escape("CREATE MODEL on schema 'main.ml'")):
        bob.registered_models.create(catalog_name="main", schema_name="ml", name="churn")
    uc.grant("schema", "main.ml", BOB, "CREATE_MODEL")
    created = bob.registered_models.create(catalog_name="main", schema_name="ml", name="Churn", comment="c")
    assert (created.full_name, created.owner, created.created_by) == ("main.ml.churn", BOB, BOB)
    assert bob.registered_models.get("main.ml.churn").comment == "c"  # the owner reads without EXECUTE
    with pytest.raises(Exception, match="already exists"):
        bob.registered_models.create(catalog_name="main", schema_name="ml", name="churn")


# ------------------------------------------------------------------------------------------ grants


def test_granting_needs_ownership_of_the_object_or_a_parent_or_manage(emu: Emulator, sdk: Client) -> None:
    uc, bob = UnityCatalog(emu), sdk(BOB)
    change = [PermissionsChange(principal="data-scientists", add=[Privilege.EXECUTE])]
    with pytest.raises(PermissionDenied):
        bob.grants.update("function", MODEL, changes=change)
    uc.grant("function", MODEL, BOB, "MANAGE")
    result = bob.grants.update("function", MODEL, changes=change)
    assert {(a.principal, tuple(a.privileges or ())) for a in result.privilege_assignments or ()} == {
        (BOB, (Privilege.MANAGE,)),
        ("data-scientists", (Privilege.EXECUTE,)),
    }
    for owner in (ALICE, CAROL, "admin"):  # the model's owner, the schema's owner, a metastore admin
        sdk(owner).grants.update(
            "function", MODEL, changes=[PermissionsChange(principal=CAROL, add=[Privilege.APPLY_TAG])]
        )


def test_a_bad_change_applies_nothing(emu: Emulator, sdk: Client) -> None:
    alice = sdk(ALICE)
    good = PermissionsChange(principal="data-scientists", add=[Privilege.EXECUTE])
    for bad, message in [
        (PermissionsChange(principal=BOB, add=[Privilege.USE_CATALOG]), "USE_CATALOG is not applicable"),
        (PermissionsChange(principal="ghosts", add=[Privilege.EXECUTE]), "could not find principal"),
    ]:
        with pytest.raises(BadRequest, match=message):
            alice.grants.update("function", MODEL, changes=[good, bad])
        assert alice.grants.get("function", MODEL).privilege_assignments == []


def test_revoking_removes_only_what_is_named(emu: Emulator, sdk: Client) -> None:
    alice = sdk(ALICE)
    alice.grants.update(
        "function",
        MODEL,
        changes=[PermissionsChange(principal=BOB, add=[Privilege.EXECUTE, Privilege.APPLY_TAG])],
    )
    result = alice.grants.update(
        "function", MODEL, changes=[PermissionsChange(principal=BOB, remove=[Privilege.APPLY_TAG])]
    )
    assert [(a.principal, a.privileges) for a in result.privilege_assignments or ()] == [
        (BOB, [Privilege.EXECUTE])
    ]
    assert (
        alice.grants.update(
            "function",
            MODEL,
            changes=[PermissionsChange(principal=BOB, remove=[Privilege.EXECUTE])],
            omit_permissions_in_response=True,
        ).privilege_assignments
        == []
    )
    assert alice.grants.get("function", MODEL).privilege_assignments == []


def test_effective_grants_name_where_they_are_inherited_from(emu: Emulator, sdk: Client) -> None:
    uc = UnityCatalog(emu)
    uc.grant("catalog", "main", "data-scientists", "USE_CATALOG", "EXECUTE")
    uc.grant("schema", "main.ml", "data-scientists", "USE_SCHEMA", "APPLY_TAG")
    uc.grant("function", MODEL, BOB, "EXECUTE")
    effective = sdk(ALICE).grants.get_effective("function", MODEL)
    found = {
        (
            a.principal,
            p.privilege.value if p.privilege else "",
            p.inherited_from_type.value if p.inherited_from_type else None,
            p.inherited_from_name,
        )
        for a in effective.privilege_assignments or ()
        for p in a.privileges or ()
    }
    assert found == {
        (BOB, "EXECUTE", None, None),
        ("data-scientists", "APPLY_TAG", "SCHEMA", "main.ml"),
        ("data-scientists", "EXECUTE", "CATALOG", "main"),
    }
    direct = sdk(ALICE).grants.get("function", MODEL)
    assert [(a.principal, a.privileges) for a in direct.privilege_assignments or ()] == [
        (BOB, [Privilege.EXECUTE])
    ]


def test_who_cannot_manage_sees_only_its_own_grants(emu: Emulator, sdk: Client) -> None:
    uc, bob = UnityCatalog(emu), sdk(BOB)
    uc.grant("function", MODEL, BOB, "EXECUTE")
    uc.grant("function", MODEL, CAROL, "APPLY_TAG")
    assert [a.principal for a in bob.grants.get("function", MODEL).privilege_assignments or ()] == [BOB]
    with pytest.raises(PermissionDenied):
        bob.grants.get("function", MODEL, principal=CAROL)
    assert [a.principal for a in sdk(ALICE).grants.get("function", MODEL).privilege_assignments or ()] == [
        BOB,
        CAROL,
    ]


def test_grants_pages_are_at_least_150_long(emu: Emulator) -> None:
    url = f"{emu.url}/api/2.1/unity-catalog/permissions/function/{MODEL}"
    headers = {"Authorization": f"Bearer {emu.token}"}
    assert httpx.get(url, params={"max_results": 10}, headers=headers).status_code == 400
    assert httpx.get(url, params={"max_results": 150}, headers=headers).json() == {
        "privilege_assignments": []
    }


# ------------------------------------------------------------------------------------------ aliases and names


def test_aliases(emu: Emulator, sdk: Client) -> None:
    uc, alice = UnityCatalog(emu), sdk(ALICE)
    uses(uc, ALICE)
    models = alice.registered_models
    models.set_alias(MODEL, "Champion", 1)
    models.set_alias(MODEL, "champion", 2)  # moved, not added; alias names are case-insensitive
    assert alice.model_versions.get_by_alias(MODEL, "champion").version == 2
    assert models.get(MODEL).aliases == []
    assert [(a.alias_name, a.version_num) for a in models.get(MODEL, include_aliases=True).aliases or ()] == [
        ("champion", 2)
    ]
    with pytest.raises(NotFound):
        models.set_alias(MODEL, "challenger", 7)
    for index in range(9):
        models.set_alias(MODEL, f"a{index}", 1)
    with pytest.raises(BadRequest, match="10 aliases"):
        models.set_alias(MODEL, "eleventh", 1)
    alice.model_versions.delete(MODEL, 2)  # takes its aliases with it
    with pytest.raises(NotFound):
        alice.model_versions.get_by_alias(MODEL, "champion")
    models.delete_alias(MODEL, "a0")
    assert "a0" not in {a["alias_name"] for a in uc.model(MODEL)["aliases"]}


def test_names_are_three_level_and_case_insensitive(emu: Emulator, sdk: Client) -> None:
    admin = sdk("admin")
    assert admin.registered_models.get("Main.ML.Fraud").full_name == MODEL
    with pytest.raises(BadRequest, match="3-level name"):
        admin.registered_models.get("main.fraud")
    with pytest.raises(NotFound, match=re.escape("Schema 'main.nope'")):
        admin.registered_models.get("main.nope.fraud")
    renamed = admin.registered_models.update(MODEL, new_name="fraud_v2")
    assert renamed.full_name == "main.ml.fraud_v2"
    with pytest.raises(NotFound):
        admin.registered_models.get(MODEL)


def test_listing_pages(emu: Emulator, sdk: Client) -> None:
    uc = UnityCatalog(emu)
    for index in range(5):
        uc.create_model(f"main.ml.m{index}")
    url = f"{emu.url}/api/2.1/unity-catalog/models"
    headers = {"Authorization": f"Bearer {emu.token}"}
    first = httpx.get(url, params={"max_results": 4}, headers=headers).json()
    assert len(first["registered_models"]) == 4 and first["next_page_token"]
    rest = httpx.get(
        url, params={"max_results": 4, "page_token": first["next_page_token"]}, headers=headers
    ).json()
    assert len(rest["registered_models"]) == 2 and "next_page_token" not in rest
    assert len(list(sdk("admin").registered_models.list(max_results=2))) == 6
    with pytest.raises(BadRequest, match="catalog_name"):
        list(sdk("admin").registered_models.list(catalog_name="main"))


# ------------------------------------------------------------------------------------------ the SDK, every call


def test_databricks_sdk_runs_every_unity_catalog_operation(emu: Emulator, sdk: Client) -> None:
    uc = UnityCatalog(emu)
    uses(uc, ALICE)
    uc.grant("schema", "main.ml", ALICE, "CREATE_MODEL")
    w = sdk(ALICE)
    name = "main.ml.churn"
    w.registered_models.create(catalog_name="main", schema_name="ml", name="churn")
    version = uc.create_model_version(name, source="dbfs:/m", run_id="r1")
    assert [m.full_name for m in w.registered_models.list()] == [name, MODEL]
    assert w.registered_models.update(name, comment="monthly").comment == "monthly"
    assert w.registered_models.set_alias(name, "champion", version).model_name == "churn"
    assert [a.alias_name for a in w.registered_models.get(name, include_aliases=True).aliases or ()] == [
        "champion"
    ]
    assert w.model_versions.get_by_alias(name, "champion", include_aliases=True).aliases is not None
    assert [v.run_id for v in w.model_versions.list(name)] == ["r1"]
    assert w.model_versions.get(name, version).source == "dbfs:/m"
    assert w.model_versions.update(name, version, comment="first").comment == "first"
    change = [PermissionsChange(principal="data-scientists", add=[Privilege.EXECUTE])]
    assert w.grants.update("function", name, changes=change).privilege_assignments
    assert w.grants.get("function", name).privilege_assignments
    assert w.grants.get_effective("function", name).privilege_assignments
    w.registered_models.delete_alias(name, "champion")
    w.model_versions.delete(name, version)
    w.registered_models.delete(name)
    with pytest.raises(NotFound):
        w.registered_models.get(name)
    served: set[str] = set()
    for record in emu.requests:
        matched = Router(default_specs()[:1]).match(record.method, record.path)
        if matched is not None and record.status == 200:
            served.add(matched[0].operation_id)
    assert len({op for op in served if "_uc_" in op}) == 15


def test_seeding_refuses_duplicates_and_unknown_parents(emu: Emulator) -> None:
    uc = UnityCatalog(emu)
    with pytest.raises(ValueError, match="already exists"):
        uc.create_catalog("MAIN")
    with pytest.raises(Exception, match="Catalog 'other' does not exist"):
        uc.create_schema("other.ml")
    info: dict[str, Any] = uc.model(MODEL)
    assert info["owner"] == ALICE and info["versions"] == [1, 2]


# ------------------------------------------------------------------------------------- through our own client


def test_our_client_checks_uc_names_before_sending(emu: Emulator) -> None:
    from databricks_mlflow_client import DatabricksMlflowClient, RequestValidationError

    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        sent = len(emu.requests)
        with pytest.raises(
            RequestValidationError, match=r"get_uc_registered_model: full_name: must be `catalog"
        ):
            client.uc.models.get("ml.fraud")
        with pytest.raises(RequestValidationError, match=r"set_uc_registered_model_alias: version: must be"):
            client.uc.models.set_alias(MODEL, "champion", "two")
        with pytest.raises(RequestValidationError, match=r"update_uc_grants: changes"):
            client.uc.grants.update(MODEL, [{"principal": BOB, "add": "EXECUTE"}])
        assert len(emu.requests) == sent


def test_our_client_raw_responses_and_refusals(emu: Emulator) -> None:
    from databricks_mlflow_client import DatabricksMlflowClient, PermissionDenied

    bob = emu.workspace._state.directory.users[BOB].token
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        raw = client.uc.models.with_raw_response.set_alias(MODEL, "champion", 2)
        assert raw.status_code == 200 and raw.parsed.version_num == 2
        pages = list(client.uc.model_versions.with_raw_response.list(MODEL, page_size=1))
        assert [[v.version for v in page.parsed] for page in pages] == [[1], [2]]
        assert all(page.status_code == 200 for page in pages)
    with DatabricksMlflowClient(host=emu.url, token=bob) as client, pytest.raises(PermissionDenied):
        client.uc.models.set_alias(MODEL, "champion", 1)  # bob holds nothing on main.ml
