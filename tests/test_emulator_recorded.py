"""Recorded Databricks responses (tests/fixtures/recorded, see its README): the generated models parse each one
losslessly, and the emulator, given the same setup, answers with the same shape: keys, levels, `inherited`
flags, id formats and `inherited_from_object`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from databricks_mlflow_api.models import (
    ExperimentPermissions,
    GetExperimentPermissionLevelsResponse,
    GetRegisteredModelPermissionLevelsResponse,
    RegisteredModelPermissions,
)

from databricks_mlflow_client.emulator import Emulator

FIXTURES = Path(__file__).parent / "fixtures" / "recorded"
MANIFEST: list[dict[str, Any]] = json.loads((FIXTURES / "manifest.json").read_text())["responses"]
MODELS: dict[str, Any] = {
    "get_registered_model_permissions": RegisteredModelPermissions,
    "get_registered_model_permission_levels": GetRegisteredModelPermissionLevelsResponse,
    "get_experiment_permissions": ExperimentPermissions,
    "get_experiment_permission_levels": GetExperimentPermissionLevelsResponse,
}
PRINCIPAL_FIELDS = ("user_name", "group_name", "service_principal_name")
BUILTIN_GROUPS = ("admins", "users")
ID_FORMATS = [
    (re.compile(r"^/registered-models/[0-9a-f]{32}$"), "/registered-models/<32 hex digits>"),
    (re.compile(r"^/experiments/[0-9]{15,16}$"), "/experiments/<15-16 digits>"),
    (re.compile(r"^/directories/[0-9]{15}$"), "/directories/<15 digits>"),
]


def recorded(entry: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((FIXTURES / entry["file"]).read_text())
    return body


def by_id(entries: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(entry, id=entry["file"].removesuffix(".json")) for entry in entries]


def test_every_fixture_is_in_the_manifest() -> None:
    listed = {entry["file"] for entry in MANIFEST}
    assert listed == {path.name for path in FIXTURES.glob("*.json")} - {"manifest.json"}
    assert len(listed) == 9


@pytest.mark.parametrize("entry", by_id(MANIFEST))
def test_generated_models_parse_recorded_responses_losslessly(entry: dict[str, Any]) -> None:
    body = recorded(entry)
    assert MODELS[entry["operation"]].from_dict(body).to_dict() == body


# ---------------------------------------------------------------------------------------------------- shapes


def principal(entry: dict[str, Any]) -> dict[str, str]:
    return {field: entry[field] for field in PRINCIPAL_FIELDS if field in entry}


def normalized(value: Any) -> Any:
    """The document with ids replaced by their format and ACL entries in a fixed order."""
    if isinstance(value, dict):
        result = {key: normalized(item) for key, item in value.items()}
        if "access_control_list" in result:
            result["access_control_list"] = sorted(result["access_control_list"], key=json.dumps)
        return result
    if isinstance(value, list):
        return [normalized(item) for item in value]
    if isinstance(value, str):
        for pattern, label in ID_FORMATS:
            if pattern.match(value):
                return label
    return value


def replay(emu: Emulator, entry: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """Build the recorded setup in the emulator and ask it the recorded question."""
    context = entry["context"]
    acl: list[dict[str, Any]] = body.get("access_control_list", [])
    creator = context["creator"]
    names = {creator: creator.split("@")[0]}
    for grant in acl:
        if "user_name" in grant:
            names[grant["user_name"]] = grant.get("display_name", grant["user_name"])
        elif "service_principal_name" in grant:
            emu.add_service_principal(grant["service_principal_name"], display_name=grant.get("display_name"))
        elif grant["group_name"] not in BUILTIN_GROUPS:
            emu.add_group(grant["group_name"])
    for user_name, display_name in names.items():
        emu.add_user(user_name, display_name=display_name)

    def granted(inherited: bool) -> list[dict[str, str]]:
        return [
            {**principal(grant), "permission_level": permission["permission_level"]}
            for grant in acl
            for permission in grant["all_permissions"]
            if permission["inherited"] is inherited
        ]

    with httpx.Client(
        base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}, timeout=10
    ) as admin:
        if "registered_model" in entry["operation"]:
            from_root = [g for g in granted(True) if g.get("group_name") != "admins"]
            if from_root:
                root = "/api/2.0/permissions/registered-models/root"
                assert admin.patch(root, json={"access_control_list": from_root}).status_code == 200
            path = f"/api/2.0/permissions/registered-models/{emu.create_registered_model(context['model_name'], owner=creator)}"
        else:
            path = f"/api/2.0/permissions/experiments/{emu.create_experiment(context['experiment_name'], owner=creator)}"
        if entry["operation"].endswith("_levels"):
            path += "/permissionLevels"
        else:
            assert admin.put(path, json={"access_control_list": granted(False)}).status_code == 200
        answer = admin.get(path)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


@pytest.mark.parametrize("entry", by_id(MANIFEST))
def test_the_emulator_answers_with_the_recorded_shape(entry: dict[str, Any]) -> None:
    body = recorded(entry)
    with Emulator() as emu:
        answer = replay(emu, entry, body)
    assert normalized(answer) == normalized(body)
