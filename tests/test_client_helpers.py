"""The client's conveniences over the raw operations, against the emulator over real HTTP: name resolution,
ModelId/ExperimentId, lazy iterators, ACL helpers (also across two workspaces), bulk run loops, webhook
signatures and payloads, the predecessor's JSON interface and raw responses."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from databricks_mlflow_api.models import (
    ModelDatabricks,
    RegisteredModelAccessControlRequest,
    RegisteredModelPermissionLevel,
    RegisteredModelPermissions,
    RegistryWebhookEvent,
)

from databricks_mlflow_client import (
    AsyncDatabricksMlflowClient,
    DatabricksMlflowClient,
    ExperimentId,
    ModelId,
    PermissionDenied,
    RequestValidationError,
    ResourceDoesNotExist,
)
from databricks_mlflow_client._validation import match_route
from databricks_mlflow_client.emulator import Emulator, WebhookReceiver
from databricks_mlflow_client.resources.permissions import caller_principal
from databricks_mlflow_client.webhooks import (
    SIGNATURE_HEADER,
    PayloadError,
    WebhookPayload,
    parse_payload,
    sign,
    verify_signature,
)

BOB = "bob@example.com"
CAROL = "carol@example.com"
CREATOR = {"user_name": "admin@example.com", "permission_level": "CAN_MANAGE"}  # a creator's grant is direct


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _seed_principals(emu: Emulator) -> None:
    emu.add_user(BOB)
    emu.add_user(CAROL)
    emu.add_group("reviewers", [CAROL])
    emu.add_group("ml-engineers", [BOB])


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        _seed_principals(emulator)
        yield emulator


@pytest.fixture
def client(emu: Emulator) -> Iterator[DatabricksMlflowClient]:
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        yield client


_names = itertools.count()


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_names)}"


def served(emu: Emulator, since: int) -> list[str]:
    """Operation ids of the API requests served since the log had `since` entries, in order."""
    found = []
    for record in emu.requests[since:]:
        matched = match_route(record.method, record.path)
        if matched is not None:
            found.append(matched[0].operation_id)
    return found


def direct(permissions: Any) -> dict[str, str]:
    grants = {}
    for acl in permissions.access_control_list:
        principal = next(
            value
            for value in (acl.user_name, acl.group_name, acl.service_principal_name)
            if isinstance(value, str)
        )
        for permission in acl.all_permissions:
            if not permission.inherited:
                grants[principal] = str(permission.permission_level)
    return grants


# ---------------------------------------------------------------------------------------------------- names and ids


def test_model_name_is_resolved_once_per_client(emu: Emulator, client: DatabricksMlflowClient) -> None:
    name = unique("resolve")
    emu.create_registered_model(name)
    since = len(emu.requests)
    client.permissions.registered_models.get(name)
    client.permissions.registered_models.grant(name, "CAN_READ", group_name="reviewers")
    client.permissions.registered_models.levels(name)
    assert served(emu, since) == [
        "get_model",
        "get_registered_model_permissions",
        "update_registered_model_permissions",
        "get_registered_model_permission_levels",
    ]
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as other:
        since = len(emu.requests)
        other.permissions.registered_models.get(name)
        assert served(emu, since) == ["get_model", "get_registered_model_permissions"]


def test_getting_a_model_also_resolves_its_name(emu: Emulator, client: DatabricksMlflowClient) -> None:
    name = unique("seeded")
    model_id = emu.create_registered_model(name)
    assert client.registered_models.get(name).id == model_id
    since = len(emu.requests)
    client.permissions.registered_models.get(name)
    assert served(emu, since) == ["get_registered_model_permissions"]


def test_experiment_name_is_resolved_once_and_ids_are_not_looked_up(
    emu: Emulator, client: DatabricksMlflowClient
) -> None:
    name = f"/Shared/{unique('exp')}"
    experiment_id = emu.create_experiment(name)
    since = len(emu.requests)
    assert client.permissions.experiments.get(name).object_id == f"/experiments/{experiment_id}"
    client.runs.delete(name, 0)
    client.permissions.experiments.get(experiment_id)  # digits: an id
    client.permissions.experiments.get(ExperimentId(experiment_id))
    assert served(emu, since) == [
        "get_experiment_by_name",
        "get_experiment_permissions",
        "delete_runs",
        "get_experiment_permissions",
        "get_experiment_permissions",
    ]


def test_model_id_skips_the_lookup(emu: Emulator, client: DatabricksMlflowClient) -> None:
    model_id = emu.create_registered_model(unique("by-id"))
    since = len(emu.requests)
    permissions = client.permissions.registered_models.get(ModelId(model_id))
    assert permissions.object_id == f"/registered-models/{model_id}"
    assert served(emu, since) == ["get_registered_model_permissions"]


def test_a_plain_string_is_a_name_even_when_it_looks_like_an_id(
    emu: Emulator, client: DatabricksMlflowClient
) -> None:
    model_id = emu.create_registered_model(unique("looks-like"))
    with pytest.raises(ResourceDoesNotExist) as raised:
        client.permissions.registered_models.get(model_id)
    assert raised.value.path == "/api/2.0/mlflow/databricks/registered-models/get"


def test_unknown_name_raises_not_found_naming_the_lookup(client: DatabricksMlflowClient) -> None:
    with pytest.raises(ResourceDoesNotExist) as raised:
        client.runs.delete_all("/Shared/no-such-experiment", 0)
    assert raised.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    assert raised.value.path == "/api/2.0/mlflow/experiments/get-by-name"


@pytest.mark.anyio
async def test_async_concurrent_lookups_of_one_name_share_one_request(emu: Emulator) -> None:
    name = unique("gather")
    emu.create_registered_model(name)
    users = [unique("user") + "@example.com" for _ in range(20)]
    for user in users:
        emu.add_user(user)
    since = len(emu.requests)
    async with AsyncDatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        await asyncio.gather(
            *(client.permissions.registered_models.grant(name, "CAN_READ", user_name=user) for user in users)
        )
        permissions = await client.permissions.registered_models.get(name)
    assert served(emu, since).count("get_model") == 1
    assert {user: "CAN_READ" for user in users}.items() <= direct(permissions).items()


@pytest.mark.anyio
async def test_async_failed_lookup_is_not_cached(emu: Emulator) -> None:
    name = unique("later")
    async with AsyncDatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        with pytest.raises(ResourceDoesNotExist):
            await asyncio.gather(*(client.permissions.registered_models.get(name) for _ in range(3)))
        emu.create_registered_model(name)
        assert (await client.permissions.registered_models.get(name)).object_id


# ---------------------------------------------------------------------------------------------------- lazy iterators


@pytest.fixture(scope="module")
def hooks_model(emu: Emulator) -> str:
    name = "many-hooks"
    emu.create_registered_model(name)
    for index in range(2500):
        emu.workspace.handle(
            "create_webhook",
            emu.workspace.admin,
            {
                "model_name": name,
                "events": ["MODEL_VERSION_CREATED"],
                "description": f"hook {index}",
                "job_spec": {"job_id": str(index), "access_token": "t"},
            },
        )
    return name


def test_webhooks_are_fetched_page_by_page_as_you_iterate(
    emu: Emulator, client: DatabricksMlflowClient, hooks_model: str
) -> None:
    since = len(emu.requests)
    webhooks = client.webhooks.list(model_name=hooks_model, page_size=1000)
    assert served(emu, since) == []  # nothing is sent before the first item is wanted
    first = next(webhooks)
    assert first.description == "hook 0"
    assert served(emu, since) == ["list_webhooks"]
    rest = list(webhooks)
    assert [hook.description for hook in [first, *rest]] == [f"hook {index}" for index in range(2500)]
    assert served(emu, since) == ["list_webhooks"] * 3


def test_webhooks_default_page_size_is_the_servers(
    emu: Emulator, client: DatabricksMlflowClient, hooks_model: str
) -> None:
    since = len(emu.requests)
    taken = list(itertools.islice(client.webhooks.list(model_name=hooks_model), 150))
    assert len(taken) == 150
    assert served(emu, since) == ["list_webhooks"]  # the server's default page is 1000 (the proto's default)


@pytest.mark.anyio
async def test_async_webhooks_iterate_lazily(emu: Emulator, hooks_model: str) -> None:
    async with AsyncDatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        since = len(emu.requests)
        webhooks = client.webhooks.list(model_name=hooks_model, page_size=1000)
        assert served(emu, since) == []
        found = [hook.description async for hook in webhooks]
    assert len(found) == 2500
    assert len(set(found)) == 2500
    assert served(emu, since) == ["list_webhooks"] * 3


def test_search_is_lazy_and_pages(emu: Emulator, client: DatabricksMlflowClient) -> None:
    prefix = unique("searched")
    for index in range(5):
        emu.create_registered_model(f"{prefix}-{index}")
    since = len(emu.requests)
    models = client.registered_models.search(f"name LIKE '{prefix}-%'", page_size=2)
    assert [model.name for model in itertools.islice(models, 3)] == [f"{prefix}-{i}" for i in range(3)]
    assert served(emu, since) == ["search_registered_models"] * 2
    assert [model.name for model in models] == [f"{prefix}-3", f"{prefix}-4"]
    assert served(emu, since) == ["search_registered_models"] * 3


@pytest.mark.anyio
async def test_async_experiment_search_pages(emu: Emulator) -> None:
    prefix = unique("exp-search")
    for index in range(5):
        emu.create_experiment(f"/Shared/{prefix}-{index}")
    async with AsyncDatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        since = len(emu.requests)
        found = [
            e.name
            async for e in client.experiments.search(
                f"name LIKE '/Shared/{prefix}-%'", order_by=["name DESC"], page_size=2
            )
        ]
    assert found == [f"/Shared/{prefix}-{index}" for index in reversed(range(5))]
    assert served(emu, since) == ["search_experiments"] * 3


def test_a_lone_string_is_one_value_not_letters(emu: Emulator, client: DatabricksMlflowClient) -> None:
    prefix = unique("lone")
    for index in range(3):
        emu.create_registered_model(f"{prefix}-{index}")
    webhook = client.webhooks.create(
        "COMMENT_CREATED", model_name=f"{prefix}-0", http_url_spec={"url": "https://hooks.example.com"}
    )
    assert webhook.events == [RegistryWebhookEvent.COMMENT_CREATED]
    assert [hook.id for hook in client.webhooks.list(model_name=f"{prefix}-0", events="COMMENT_CREATED")] == [
        webhook.id
    ]
    found = client.registered_models.search(f"name LIKE '{prefix}-%'", order_by="name DESC")
    assert [model.name for model in found] == [f"{prefix}-{index}" for index in (2, 1, 0)]


# ---------------------------------------------------------------------------------------------------- ACL helpers


def test_grant_revoke_replace_and_direct(emu: Emulator, client: DatabricksMlflowClient) -> None:
    name = unique("acl")
    emu.create_registered_model(name)
    models = client.permissions.registered_models
    models.grant(name, "CAN_READ", group_name="reviewers")
    models.grant(name, RegisteredModelPermissionLevel.CAN_EDIT, user_name=BOB)
    assert models.direct(name) == [
        CREATOR,
        {"group_name": "reviewers", "permission_level": "CAN_READ"},
        {"user_name": BOB, "permission_level": "CAN_EDIT"},
    ]
    # inherited grants (admins from the registry root) are not part of the direct ACL
    everything: Any = models.get(name)
    assert any(p.inherited for acl in everything.access_control_list for p in acl.all_permissions)

    models.revoke(name, group_name="reviewers")
    assert models.direct(name) == [CREATOR, {"user_name": BOB, "permission_level": "CAN_EDIT"}]

    replaced = models.replace(
        name,
        [
            RegisteredModelAccessControlRequest(
                group_name="ml-engineers", permission_level=RegisteredModelPermissionLevel.CAN_MANAGE
            )
        ],
    )
    assert isinstance(replaced, RegisteredModelPermissions)
    assert models.direct(name) == [{"group_name": "ml-engineers", "permission_level": "CAN_MANAGE"}]
    models.set(name, [])
    assert models.direct(name) == []


def test_grant_needs_exactly_one_principal(emu: Emulator, client: DatabricksMlflowClient) -> None:
    since = len(emu.requests)
    with pytest.raises(ValueError, match="exactly one of user_name, group_name, service_principal_name"):
        client.permissions.registered_models.grant("m", "CAN_READ", user_name=BOB, group_name="reviewers")
    with pytest.raises(ValueError, match="got none"):
        client.permissions.experiments.revoke("/Shared/x")
    assert served(emu, since) == []


def test_revoke_keeps_other_grants_and_inherited_ones(emu: Emulator, client: DatabricksMlflowClient) -> None:
    name = f"/Shared/{unique('exp-acl')}"
    emu.create_experiment(name, owner=BOB)
    experiments = client.permissions.experiments
    experiments.update(
        name,
        [
            {"user_name": CAROL, "permission_level": "CAN_EDIT"},
            {"group_name": "reviewers", "permission_level": "CAN_READ"},
        ],
    )
    experiments.revoke(name, user_name=CAROL)
    bob = {"user_name": BOB, "permission_level": "CAN_MANAGE"}  # the creator's direct grant
    assert experiments.direct(name) == [bob, {"group_name": "reviewers", "permission_level": "CAN_READ"}]
    assert direct(experiments.get(name)) == {BOB: "CAN_MANAGE", "reviewers": "CAN_READ"}
    everything: Any = experiments.get(name)
    inherited = {
        acl.user_name if isinstance(acl.user_name, str) else acl.group_name
        for acl in everything.access_control_list
        if any(p.inherited for p in acl.all_permissions)
    }
    assert inherited == {"admins"}  # from /directories/; BOB's home folder is not /Shared


def test_copy_within_a_workspace(emu: Emulator, client: DatabricksMlflowClient) -> None:
    source, target = unique("copy-from"), unique("copy-to")
    emu.create_registered_model(source)
    emu.create_registered_model(target)
    models = client.permissions.registered_models
    models.update(
        source,
        [
            {"group_name": "reviewers", "permission_level": "CAN_READ"},
            {"user_name": BOB, "permission_level": "CAN_MANAGE_STAGING_VERSIONS"},
        ],
    )
    models.update(target, [{"user_name": CAROL, "permission_level": "CAN_MANAGE"}])
    models.copy(source, target)
    assert models.direct(target) == models.direct(source)
    assert CAROL not in direct(models.get(target))


def test_copy_across_two_workspaces(emu: Emulator, client: DatabricksMlflowClient) -> None:
    model, experiment = unique("shared-model"), f"/Shared/{unique('shared-exp')}"
    emu.create_registered_model(model)
    emu.create_experiment(experiment)
    client.permissions.registered_models.update(
        model,
        [
            {"group_name": "reviewers", "permission_level": "CAN_MANAGE_PRODUCTION_VERSIONS"},
            {"user_name": BOB, "permission_level": "CAN_EDIT"},
        ],
    )
    client.permissions.experiments.update(experiment, [{"user_name": CAROL, "permission_level": "CAN_READ"}])
    with Emulator() as other, DatabricksMlflowClient(host=other.url, token=other.token) as other_client:
        _seed_principals(other)
        other_model_id = other.create_registered_model(model)
        other_experiment_id = other.create_experiment(experiment)
        since = len(other.requests)
        client.permissions.registered_models.copy(model, model, to=other_client.permissions.registered_models)
        client.permissions.experiments.copy(experiment, experiment, to=other_client.permissions.experiments)
        assert served(other, since) == [
            "get_model",
            "set_registered_model_permissions",
            "get_experiment_by_name",
            "set_experiment_permissions",
        ]
        copied = other_client.permissions.registered_models.get(ModelId(other_model_id))
        creator = {"admin@example.com": "CAN_MANAGE"}
        assert direct(copied) == {**creator, "reviewers": "CAN_MANAGE_PRODUCTION_VERSIONS", BOB: "CAN_EDIT"}
        copied_experiment = other_client.permissions.experiments.get(other_experiment_id)
        assert direct(copied_experiment) == {**creator, CAROL: "CAN_READ"}
    # the source workspace is unchanged
    assert client.permissions.registered_models.direct(model) == [
        CREATOR,
        {"group_name": "reviewers", "permission_level": "CAN_MANAGE_PRODUCTION_VERSIONS"},
        {"user_name": BOB, "permission_level": "CAN_EDIT"},
    ]


def test_safe_set_keeps_admins_and_the_caller_managing(emu: Emulator) -> None:
    manager = emu.add_user(unique("manager") + "@example.com")
    name = unique("safe")
    emu.create_registered_model(name)
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as admin:
        admin.permissions.registered_models.grant(name, "CAN_MANAGE", user_name=manager.name)
    with DatabricksMlflowClient(host=emu.url, token=manager.token) as client:
        models = client.permissions.registered_models
        result = models.safe_set(
            name,
            [
                {"group_name": "reviewers", "permission_level": "CAN_READ"},
                {"user_name": manager.name, "permission_level": "CAN_READ"},  # would lock the caller out
                {"group_name": "admins", "permission_level": "CAN_READ"},
            ],
            caller=manager.name,
        )
        assert direct(result) == {"admins": "CAN_MANAGE", manager.name: "CAN_MANAGE", "reviewers": "CAN_READ"}
        # the caller can still manage: a plain set without the caller takes that away
        models.set(name, [{"group_name": "reviewers", "permission_level": "CAN_READ"}])
        with pytest.raises(PermissionDenied):
            models.get(name)


def test_safe_set_recognises_a_service_principal_caller(emu: Emulator) -> None:
    robot = emu.add_service_principal(display_name="deploy-bot")
    name = unique("safe-sp")
    emu.create_registered_model(name)
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as admin:
        admin.permissions.registered_models.grant(name, "CAN_MANAGE", service_principal_name=robot.name)
    with DatabricksMlflowClient(host=emu.url, token=robot.token) as client:
        client.permissions.registered_models.safe_set(name, [], caller=robot.name)
        assert client.permissions.registered_models.direct(name) == [
            {"group_name": "admins", "permission_level": "CAN_MANAGE"},
            {"service_principal_name": robot.name, "permission_level": "CAN_MANAGE"},
        ]


@pytest.mark.parametrize(
    ("caller", "principal"),
    [
        ("alice@example.com", {"user_name": "alice@example.com"}),
        ("alice", {"user_name": "alice"}),  # SCIM user names need not be emails
        (
            "6F9619FF-8B86-D011-B42D-00C04FC964FF",
            {"service_principal_name": "6F9619FF-8B86-D011-B42D-00C04FC964FF"},
        ),
        ({"service_principal_name": "deploy-bot"}, {"service_principal_name": "deploy-bot"}),
        ({"user_name": "a1b2"}, {"user_name": "a1b2"}),
    ],
)
def test_caller_principal(caller: Any, principal: dict[str, str]) -> None:
    assert caller_principal(caller) == principal


def test_caller_principal_rejects_ambiguity() -> None:
    with pytest.raises(ValueError):
        caller_principal("")
    with pytest.raises(ValueError):
        caller_principal({"user_name": "a", "service_principal_name": "b"})


@pytest.mark.anyio
async def test_async_acl_helpers(emu: Emulator) -> None:
    source, target = unique("async-acl"), unique("async-acl-target")
    emu.create_registered_model(source)
    emu.create_registered_model(target)
    async with AsyncDatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        models = client.permissions.registered_models
        await models.grant(source, "CAN_READ", group_name="reviewers")
        await models.grant(source, "CAN_EDIT", user_name=BOB)
        await models.revoke(source, user_name=BOB)
        assert await models.direct(source) == [
            CREATOR,
            {"group_name": "reviewers", "permission_level": "CAN_READ"},
        ]
        await models.copy(source, target)
        assert await models.direct(target) == await models.direct(source)
        await models.safe_set(target, [], caller=BOB)
        assert await models.direct(target) == [
            {"group_name": "admins", "permission_level": "CAN_MANAGE"},
            {"user_name": BOB, "permission_level": "CAN_MANAGE"},
        ]
        levels = await models.levels(target)
        assert levels[0].permission_level == "CAN_READ"


def test_invalid_acl_sends_nothing_not_even_the_name_lookup(
    emu: Emulator, client: DatabricksMlflowClient
) -> None:
    name = unique("bad-acl")
    emu.create_registered_model(name)
    since = len(emu.requests)
    with pytest.raises(RequestValidationError) as raised:
        client.permissions.registered_models.grant(name, "CAN_RULE_THE_WORLD", group_name="reviewers")
    assert raised.value.operation_id == "update_registered_model_permissions"
    assert raised.value.field == "access_control_list[0].permission_level"
    with pytest.raises(RequestValidationError) as raised:
        client.runs.delete("/Shared/anything", 0, max_runs=10001)
    assert raised.value.field == "max_runs"
    assert served(emu, since) == []


# ---------------------------------------------------------------------------------------------------- bulk runs


def test_delete_all_and_restore_all_loop_past_the_10000_cap(
    emu: Emulator, client: DatabricksMlflowClient
) -> None:
    name = f"/Shared/{unique('bulk')}"
    experiment_id = emu.create_experiment(name)
    emu.create_runs(experiment_id, 25_000, start_time_ms=1_000)
    emu.create_runs(experiment_id, 7, start_time_ms=5_000)  # too new: must survive
    since = len(emu.requests)
    assert client.runs.delete_all(name, max_timestamp_millis=2_000) == 25_000
    assert served(emu, since) == ["get_experiment_by_name", "delete_runs", "delete_runs", "delete_runs"]
    stages = [run["lifecycle_stage"] for run in emu.workspace.runs(experiment_id)]
    assert stages.count("deleted") == 25_000
    assert stages.count("active") == 7

    since = len(emu.requests)
    assert client.runs.restore_all(name, min_timestamp_millis=0) == 25_000
    assert served(emu, since) == ["restore_runs"] * 3
    assert all(run["lifecycle_stage"] == "active" for run in emu.workspace.runs(experiment_id))


@pytest.mark.anyio
async def test_async_delete_all_stops_on_an_empty_call(emu: Emulator) -> None:
    experiment_id = emu.create_experiment(f"/Shared/{unique('async-bulk')}")
    emu.create_runs(experiment_id, 20_000, start_time_ms=1_000)
    async with AsyncDatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        since = len(emu.requests)
        assert await client.runs.delete_all(experiment_id, 2_000) == 20_000
        assert served(emu, since) == ["delete_runs"] * 3  # 10000, 10000, then 0
        assert await client.runs.restore_all(ExperimentId(experiment_id), 0) == 20_000
        assert await client.runs.delete_all(experiment_id, 0) == 0


def test_a_count_the_server_leaves_out_is_zero(emu: Emulator, client: DatabricksMlflowClient) -> None:
    experiment_id = emu.create_experiment(f"/Shared/{unique('zero')}")
    emu.inject("/api/2.0/mlflow/databricks/runs/*", "body", body={}, times=2)
    try:
        assert client.runs.delete(experiment_id, 0) == 0
        assert client.runs.restore_all(experiment_id, 0) == 0
    finally:
        emu.clear_faults()


# ---------------------------------------------------------------------------------------------------- webhooks


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as target:
        yield target


def test_signed_delivery_verifies_and_parses(
    emu: Emulator, client: DatabricksMlflowClient, receiver: WebhookReceiver
) -> None:
    name = unique("signed")
    emu.create_registered_model(name, versions=1)
    secret = "whsec-for-tests"
    webhook = client.webhooks.create(
        ["COMMENT_CREATED"], model_name=name, http_url_spec={"url": receiver.url, "secret": secret}
    )
    assert isinstance(webhook.id, str)
    result = client.webhooks.test(webhook.id, event=RegistryWebhookEvent.COMMENT_CREATED)
    assert result.status_code == 200
    assert result.body == '{"ok": true}'
    client.comments.create(name, "1", "ship it")
    emu.wait_for_deliveries(len(emu.webhook_deliveries) + 1, timeout=5)
    deliveries = [d for d in emu.webhook_deliveries if d.webhook_id == webhook.id]
    assert len(deliveries) == 2
    assert len(receiver.received) == 2
    for delivery in receiver.received:
        assert verify_signature(delivery.body, secret, delivery.headers[SIGNATURE_HEADER])
        assert not verify_signature(delivery.body, "another-secret", delivery.headers[SIGNATURE_HEADER])
        payload = parse_payload(delivery.body)
        assert payload.event == RegistryWebhookEvent.COMMENT_CREATED
        assert payload.webhook_id == webhook.id
        assert payload.model_name == name
        assert isinstance(payload.event_timestamp, int)
    assert parse_payload(receiver.received[1].body).comment == "ship it"


BODY = b'{"event": "MODEL_VERSION_CREATED", "webhook_id": "w1", "event_timestamp": 1700000000000}'
SECRET = "s3cret"


def test_verify_signature_good_bad_tampered_and_missing() -> None:
    good = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert sign(BODY, SECRET) == good
    assert verify_signature(BODY, SECRET, good)
    assert verify_signature(
        BODY, SECRET, f"  {good.upper()} "
    )  # case and whitespace of the hex are not signed
    assert not verify_signature(BODY, SECRET, "0" * 64)
    assert not verify_signature(BODY.replace(b"w1", b"w2"), SECRET, good)  # tampered body
    assert not verify_signature(BODY + b" ", SECRET, good)  # re-serialised body
    assert not verify_signature(BODY, SECRET, None)
    assert not verify_signature(BODY, SECRET, "")
    assert not verify_signature(BODY, SECRET, "é" * 64)  # non-ASCII from the sender: False, not TypeError


def test_verify_signature_refuses_an_empty_secret() -> None:
    forged = hmac.new(b"", BODY, hashlib.sha256).hexdigest()
    with pytest.raises(ValueError, match="secret"):
        verify_signature(BODY, "", forged)


def test_parse_payload_is_typed() -> None:
    body = json.dumps(
        {
            "event": "MODEL_VERSION_TAG_SET",
            "webhook_id": "w1",
            "event_timestamp": "1700000000000",
            "model_name": "m",
            "version": 3,
            "tags": [{"key": "team", "value": "risk"}],
            "text": "Tag set.",
        }
    ).encode()
    payload = parse_payload(body)
    assert isinstance(payload, WebhookPayload)
    assert payload.event is RegistryWebhookEvent.MODEL_VERSION_TAG_SET
    assert payload.event_timestamp == 1_700_000_000_000
    assert payload.version == "3"
    assert payload.tags[0].key == "team"
    assert payload.tags[0].value == "risk"
    assert payload.extra == {}
    assert parse_payload(body.decode()) == payload
    assert parse_payload(json.loads(body)) == payload


def test_parse_payload_keeps_unknown_events_and_extra_fields() -> None:
    payload = parse_payload(
        b'{"event": "MODEL_VERSION_ALIAS_SET", "webhook_id": "w", "event_timestamp": 1, "alias": "champion",'
        b' "nested": {"a": [1, 2]}}'
    )
    assert payload.event == "MODEL_VERSION_ALIAS_SET"
    assert str(payload.event) == "MODEL_VERSION_ALIAS_SET"
    assert isinstance(payload.event, RegistryWebhookEvent)
    assert payload.extra == {"alias": "champion", "nested": {"a": [1, 2]}}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b"[1, 2]", "JSON object"),
        (b'{"webhook_id": "w", "event_timestamp": 1}', "event: required"),
        (b'{"event": "E", "event_timestamp": 1}', "webhook_id: required"),
        (b'{"event": "E", "webhook_id": "w"}', "event_timestamp: required"),
        (b'{"event": 7, "webhook_id": "w", "event_timestamp": 1}', "event: must be a non-empty string"),
        (b'{"event": "", "webhook_id": "w", "event_timestamp": 1}', "event: must be a non-empty string"),
        (b'{"event": "E", "webhook_id": "", "event_timestamp": 1}', "webhook_id"),
        (b'{"event": "E", "webhook_id": "w", "event_timestamp": "soon"}', "event_timestamp"),
        (b'{"event": "E", "webhook_id": "w", "event_timestamp": true}', "event_timestamp"),
        (b'{"event": "E", "webhook_id": "w", "event_timestamp": 1, "tags": "x"}', "tags"),
        (b'{"event": "E", "webhook_id": "w", "event_timestamp": 1, "model_name": ["m"]}', "model_name"),
        (b"[" * 100_000, "not JSON"),
    ],
)
def test_parse_payload_rejects_bad_bodies(body: bytes, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        parse_payload(body)


# ---------------------------------------------------------------------------------------------------- predecessor API


@pytest.fixture
def env_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[Emulator]:
    for variable in ("DATABRICKS_CONFIG_PROFILE", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(tmp_path / "absent.cfg"))
    with Emulator(seed="demo") as emulator:
        monkeypatch.setenv("DATABRICKS_HOST", emulator.url)
        monkeypatch.setenv("DATABRICKS_TOKEN", emulator.token)
        yield emulator


def test_predecessor_example_returns_the_json_the_server_sent(env_credentials: Emulator) -> None:
    from databricks_mlflow_client.rest.client import DatabricksMlflowClient as PredecessorClient

    emu = env_credentials
    since = len(emu.requests)
    model = PredecessorClient().get_registered_model_databricks("Sklearn_Wine_best")
    assert served(emu, since) == ["get_model"]
    sent = httpx.get(
        f"{emu.url}/api/2.0/mlflow/databricks/registered-models/get",
        params={"name": "Sklearn_Wine_best"},
        headers={"Authorization": f"Bearer {emu.token}"},
    ).json()
    assert model == sent
    assert set(model) == {"registered_model_databricks"}
    assert model["registered_model_databricks"]["name"] == "Sklearn_Wine_best"
    assert isinstance(model["registered_model_databricks"]["id"], str)


def test_predecessor_permission_methods_return_json(env_credentials: Emulator) -> None:
    from databricks_mlflow_client.rest.client import DatabricksMlflowClient as PredecessorClient

    client = PredecessorClient()
    model = client.get_registered_model_databricks("fraud-detector")["registered_model_databricks"]
    by_name = client.get_registered_model_permissions("fraud-detector")
    by_id = client.get_registered_model_permissions(model["id"], is_model_id=True)
    assert by_name == by_id
    assert by_name["object_id"] == f"/registered-models/{model['id']}"
    levels = client.get_registered_model_permission_levels("fraud-detector")
    assert levels["permission_levels"][0]["permission_level"] == "CAN_READ"
    experiment = "/Shared/fraud-detection"
    updated = client.update_experiment_permissions(
        experiment, [{"user_name": "bob.engineer@example.com", "permission_level": "CAN_READ"}]
    )
    assert updated == client.get_experiment_permissions(experiment)
    assert "CAN_MANAGE" in json.dumps(client.get_experiment_permission_levels(experiment))
    replaced = client.set_experiment_permissions(experiment, [])
    assert all(
        permission["inherited"]
        for acl in replaced["access_control_list"]
        for permission in acl["all_permissions"]
    )


# ---------------------------------------------------------------------------------------------------- raw responses


def test_with_raw_response_needs_no_second_request(emu: Emulator, client: DatabricksMlflowClient) -> None:
    name = unique("raw")
    emu.create_registered_model(name)
    since = len(emu.requests)
    raw = client.with_raw_response(client.registered_models.get, name)
    assert served(emu, since) == ["get_model"]
    assert raw.status_code == 200
    assert raw.headers["Content-Type"] == "application/json"
    assert isinstance(raw.parsed, ModelDatabricks)
    assert raw.json()["registered_model_databricks"]["id"] == raw.parsed.id
    assert json.loads(raw.content) == raw.json()
    assert raw.http_response.request.url.params["name"] == name


def test_with_raw_response_of_a_helper_keeps_every_response(
    emu: Emulator, client: DatabricksMlflowClient
) -> None:
    name = unique("raw-helper")
    emu.create_registered_model(name)
    raw = client.with_raw_response(
        client.permissions.registered_models.grant, name, "CAN_READ", user_name=BOB
    )
    assert [response.request.method for response in raw.http_responses] == ["GET", "PATCH"]
    assert raw.http_response.json()["object_id"] == raw.parsed.object_id


@pytest.mark.anyio
async def test_async_with_raw_response(emu: Emulator) -> None:
    name = unique("raw-async")
    model_id = emu.create_registered_model(name)
    async with AsyncDatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        since = len(emu.requests)
        raw = await client.with_raw_response(client.permissions.registered_models.get, name)
        assert served(emu, since) == ["get_model", "get_registered_model_permissions"]
        assert raw.status_code == 200
        assert raw.json()["object_id"] == f"/registered-models/{model_id}"
        assert raw.parsed.object_id == f"/registered-models/{model_id}"
        assert raw.http_responses[0].json()["registered_model_databricks"]["id"] == model_id


def test_every_request_has_a_timeout_by_default(emu: Emulator) -> None:
    name = unique("timeouts")
    emu.create_registered_model(name)
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        raw = client.with_raw_response(client.registered_models.get, name)
    timeout = raw.http_response.request.extensions["timeout"]
    assert timeout["read"] == 60.0
    assert timeout["connect"] == 10.0
    with DatabricksMlflowClient(host=emu.url, token=emu.token, timeout=5.0) as client:
        raw = client.with_raw_response(client.registered_models.get, name)
    assert set(raw.http_response.request.extensions["timeout"].values()) == {5.0}


def test_importing_the_package_does_not_import_httpx() -> None:
    code = (
        "import sys, databricks_mlflow_client as m; "
        "assert 'httpx' not in sys.modules, 'httpx imported'; "
        "m.DatabricksMlflowClient; assert 'httpx' in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_the_webhook_receiver_waits_for_and_verifies_deliveries(
    emu: Emulator, client: DatabricksMlflowClient, receiver: WebhookReceiver
) -> None:
    name = unique("received")
    emu.create_registered_model(name, versions=1)
    client.webhooks.create(
        ["COMMENT_CREATED"], model_name=name, http_url_spec={"url": receiver.url, "secret": "s3cret"}
    )
    client.comments.create(name, "1", "first")
    client.comments.create(name, "1", "second")
    deliveries = receiver.wait_for(2, timeout=5)
    assert [d.json()["comment"] for d in deliveries] == ["first", "second"]
    assert all(d.verify("s3cret") and not d.verify("other") for d in deliveries)
    assert receiver.wait_for(3, timeout=0.05) == deliveries  # gives up at the timeout, returns what arrived
