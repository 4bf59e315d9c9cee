"""`client.principals` and the emulator's SCIM list calls, over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from databricks_mlflow_client import AsyncDatabricksMlflowClient, DatabricksMlflowClient
from databricks_mlflow_client.emulator import Emulator

SCIM = "/api/2.0/preview/scim/v2"


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(seed="demo") as emulator:
        emulator.add_service_principal("6f1c1b5e-0c5a-4d4e-9a53-2d0f3c1e8b7a", display_name="bot")
        yield emulator


def get(emu: Emulator, resource: str, **params: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {emu.token}"}
    return httpx.get(f"{emu.url}{SCIM}/{resource}", params=params, headers=headers)  # type: ignore[arg-type]


def test_scim_eq_filter_finds_users_groups_and_service_principals(emu: Emulator) -> None:
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        user = client.principals.find_user("alice.scientist@example.com")
        assert user is not None and user.display_name == "Alice Scientist"
        assert "data-scientists" in {g.display for g in user.groups or []}
        group = client.principals.find_group("data-scientists")
        assert group is not None and [m.display for m in group.members or []] == ["Alice Scientist"]
        sp = client.principals.find_service_principal("6f1c1b5e-0c5a-4d4e-9a53-2d0f3c1e8b7a")
        assert sp is not None and sp.display_name == "bot"
        assert client.principals.find_user("nobody@example.com") is None
        assert client.principals.exists(group_name="ml-engineers")
        assert not client.principals.exists(service_principal_name="ml-engineers")
        assert not client.principals.exists(user_name='alice" or userName co "a')  # quoted, not injected
        with pytest.raises(ValueError, match="exactly one"):
            client.principals.exists(user_name="a", group_name="b")
    body = get(emu, "Users", filter='userName eq "bob.engineer@example.com"').json()
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]
    assert (body["totalResults"], body["itemsPerPage"], body["startIndex"]) == (1, 1, 1)
    assert body["Resources"][0]["userName"] == "bob.engineer@example.com"
    empty = get(emu, "Groups", filter='displayName eq "nope"').json()
    assert empty["totalResults"] == 0 and "Resources" not in empty


@pytest.mark.anyio
async def test_the_async_client_resolves_principals(emu: Emulator) -> None:
    async with AsyncDatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        assert await client.principals.exists(user_name="carol.release@example.com")
        assert not await client.principals.exists(group_name="auditorz")


@pytest.mark.parametrize(
    "expression",
    [
        'userName eq "a" and displayName eq "b"',  # compound: the emulator reads one expression
        'userName gt "a"',
        'nickName eq "a"',
        "userName eq a",
    ],
)
def test_scim_refuses_a_compound_or_unknown_filter_with_400(emu: Emulator, expression: str) -> None:
    answer = get(emu, "Users", filter=expression)
    assert answer.status_code == 400
    assert answer.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert expression in answer.json()["message"]


def test_scim_pages_by_start_index_and_count(emu: Emulator) -> None:
    everyone = get(emu, "Users").json()
    total = everyone["totalResults"]
    assert total == len(everyone["Resources"]) >= 4
    second = get(emu, "Users", startIndex=2, count=2, sortBy="userName", attributes="userName").json()
    names = sorted(user["userName"] for user in everyone["Resources"])
    assert [u["userName"] for u in second["Resources"]] == names[1:3]
    assert set(second["Resources"][0]) == {"id", "userName"}
    assert (second["totalResults"], second["itemsPerPage"], second["startIndex"]) == (total, 2, 2)
