"""The migration planner (pure logic): every row of the published mapping, the stage aliases, what cannot
carry over, version matching, overrides, and that applying a plan leaves nothing to do."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import attrs
import pytest

from databricks_mlflow_client.migrate import (
    DEFAULT_MAPPING,
    AclEntry,
    Action,
    Finding,
    MappingError,
    Options,
    Plan,
    PlanError,
    TransitionRequest,
    UcModel,
    UcSide,
    UcVersion,
    VersionComment,
    Webhook,
    WorkspaceModel,
    WorkspaceVersion,
    comments_export,
    load_mapping,
    parse_mapping,
    plan_migration,
    version_comment,
    version_marker,
)

SCHEMA = "main.ml"
TARGET = "main.ml.fraud-detector"


def model(*acl: AclEntry, **fields: object) -> WorkspaceModel:
    base: dict[str, object] = {"name": "fraud-detector", "creator": "alice@example.com", "acl": acl}
    base.update(fields)
    return WorkspaceModel(**base)  # type: ignore[arg-type]


def plan(*models: WorkspaceModel, uc: UcSide | None = None, **options: object) -> Plan:
    return plan_migration(models, uc or UcSide(), SCHEMA, Options(**options))  # type: ignore[arg-type]


def kinds(items: Iterable[Action | Finding]) -> list[str]:
    return [item.kind for item in items]


def grants(p: Plan) -> dict[str, list[str]]:
    return {str(a.params["principal"]): list(a.params["add"]) for a in p.actions if a.kind == "grant"}


# ------------------------------------------------------------------------------------------ the mapping rows


@pytest.mark.parametrize(
    ("level", "privileges", "reported"),
    [
        ("CAN_READ", ["EXECUTE"], None),
        ("CAN_EDIT", ["APPLY_TAG", "EXECUTE"], "CREATE MODEL VERSION is not a grantable privilege"),
        ("CAN_MANAGE_STAGING_VERSIONS", ["APPLY_TAG", "EXECUTE"], "deployment job with an approval task"),
        ("CAN_MANAGE_PRODUCTION_VERSIONS", ["APPLY_TAG", "EXECUTE"], "deployment job with an approval task"),
        ("CAN_MANAGE", ["APPLY_TAG", "EXECUTE", "MANAGE"], "need ownership in Unity Catalog"),
    ],
)
def test_each_level_maps_as_published(level: str, privileges: list[str], reported: str | None) -> None:
    p = plan(model(AclEntry("data-scientists", "group", level)))
    assert grants(p) == {"data-scientists": privileges}
    no_equivalent = [f for f in p.all_findings if f.kind == "no_uc_equivalent"]
    if reported is None:
        assert no_equivalent == []
    else:
        (finding,) = no_equivalent
        assert (
            reported in finding.instead and level in finding.subject and "data-scientists" in finding.subject
        )


def test_the_published_table_is_the_default() -> None:
    table = Path(__file__).resolve().parent.parent / "docs" / "unity-catalog-migration.md"
    text = table.read_text(encoding="utf-8")
    for level, rule in DEFAULT_MAPPING.levels.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| {level} |"))
        assert row.split("|")[2].strip() == ", ".join(sorted(rule.privileges)), level
    assert "| Production | `champion` |" in text and "| Staging | `challenger` |" in text


def test_levels_of_one_principal_are_merged() -> None:
    p = plan(model(AclEntry("bob", "user", "CAN_READ"), AclEntry("bob", "user", "CAN_MANAGE")))
    assert grants(p) == {"bob": ["APPLY_TAG", "EXECUTE", "MANAGE"]}


def test_inherited_grants_are_reported_not_copied() -> None:
    p = plan(
        model(
            AclEntry("admins", "group", "CAN_MANAGE", ("/registered-models/root",)),
            AclEntry("ml-team", "group", "CAN_READ", ("/registered-models/root",)),
            AclEntry("alice@example.com", "user", "CAN_MANAGE", ("/registered-models/abc",)),
        )
    )
    assert grants(p) == {}
    inherited = {f.subject: f.instead for f in p.all_findings if f.kind == "inherited_not_copied"}
    assert len(inherited) == 2  # admins is reported as a workspace-local group
    assert "catalog or schema" in inherited["fraud-detector: group 'ml-team' CAN_READ"]
    assert "becomes the owner" in inherited["fraud-detector: user 'alice@example.com' CAN_MANAGE"]


def test_workspace_local_groups_are_reported() -> None:
    p = plan(model(AclEntry("users", "group", "CAN_READ"), AclEntry("admins", "group", "CAN_MANAGE")))
    assert grants(p) == {}
    assert (
        kinds(f for f in p.all_findings if f.kind == "workspace_local_group") == ["workspace_local_group"] * 2
    )


def test_principals_unknown_to_unity_catalog_are_listed() -> None:
    uc = UcSide(principals=frozenset({"alice@example.com", "data-scientists"}))
    p = plan(
        model(AclEntry("data-scientists", "group", "CAN_READ"), AclEntry("ghost", "user", "CAN_EDIT")), uc=uc
    )
    assert grants(p) == {"data-scientists": ["EXECUTE"]}
    (unknown,) = [f for f in p.all_findings if f.kind == "unknown_principal"]
    assert "'ghost'" in unknown.subject and "APPLY_TAG, EXECUTE not granted" in unknown.detail


def test_an_unknown_level_is_reported_not_dropped() -> None:
    p = plan(model(AclEntry("bob", "user", "CAN_FLY")))
    assert kinds(p.all_findings) == ["unknown_level"]


def test_grants_already_in_unity_catalog_are_not_repeated_and_extra_ones_are_kept() -> None:
    uc = UcSide(
        models={
            TARGET: UcModel(
                TARGET, owner="alice@example.com", grants={"bob": frozenset({"EXECUTE", "MANAGE"})}
            )
        }
    )
    p = plan(model(AclEntry("bob", "user", "CAN_EDIT")), uc=uc)
    assert grants(p) == {"bob": ["APPLY_TAG"]}
    (kept,) = [f for f in p.all_findings if f.kind == "kept_uc_grant"]
    assert "MANAGE" in kept.subject and "never revokes" in kept.instead


def test_usage_on_the_parents_is_reported_or_granted() -> None:
    entry = AclEntry("bob", "user", "CAN_READ")
    reported = plan(model(entry))
    assert sorted(f.subject for f in reported.findings if f.kind == "usage_needed") == [
        "'bob' USE_CATALOG on main",
        "'bob' USE_SCHEMA on main.ml",
    ]
    granted = plan(model(entry), grant_usage=True)
    assert [(a.target, a.params["add"]) for a in granted.usage_actions] == [
        ("main", ["USE_CATALOG"]),
        ("main.ml", ["USE_SCHEMA"]),
    ]
    held = UcSide(catalog_grants={"bob": frozenset({"USE_CATALOG", "USE_SCHEMA"})})
    assert plan(model(entry), uc=held, grant_usage=True).usage_actions == ()


# ------------------------------------------------------------------------------------------ owner and model


def test_a_new_model_is_created_then_owned_by_its_creator() -> None:
    p = plan(model(AclEntry("bob", "user", "CAN_READ"), description="Fraud."))
    assert kinds(p.actions) == ["create_model", "grant", "set_owner"]
    assert p.actions[0].params == {"comment": "Fraud."}
    assert p.actions[-1].params == {"owner": "alice@example.com"}
    chosen = plan(model(), owner="ml-platform")
    assert chosen.actions[-1].params == {"owner": "ml-platform"}


def test_model_names_become_uc_names_and_collisions_are_refused() -> None:
    p = plan(WorkspaceModel("Fraud Detector.v2/EU"))
    assert p.models[0].target == "main.ml.fraud_detector_v2_eu"
    with pytest.raises(PlanError, match=re.escape("would both become main.ml.a_b")):
        plan(WorkspaceModel("a b"), WorkspaceModel("A.B"))
    renamed = plan(WorkspaceModel("a b"), WorkspaceModel("A.B"), names={"A.B": "ab"})
    assert sorted(m.target for m in renamed.models) == ["main.ml.a_b", "main.ml.ab"]
    with pytest.raises(PlanError, match=re.escape("catalog.schema")):
        plan_migration([], UcSide(), "main")


# ------------------------------------------------------------------------------------------ versions and aliases


def versions(*stages: str, run: str = "r") -> tuple[WorkspaceVersion, ...]:
    return tuple(
        WorkspaceVersion(n, stage, description=f"v{n}", run_id=f"{run}{n}")
        for n, stage in enumerate(stages, 1)
    )


def test_stages_become_aliases_on_the_latest_version_like_the_upgrade_notebook() -> None:
    p = plan(
        model(versions=versions("Production", "Staging", "Production", "Archived", "None")),
        copy_versions=True,
    )
    aliases = {a.params["alias"]: a.params["workspace_version"] for a in p.actions if a.kind == "set_alias"}
    assert aliases == {"champion": 3, "challenger": 2}
    reported = sorted(f.subject for f in p.all_findings if f.kind == "stage_without_alias")
    assert reported == ["fraud-detector v1 (Production)", "fraud-detector v4 (Archived)"]


def test_stage_aliases_can_be_overridden() -> None:
    mapping = parse_mapping({"stage_aliases": {"Production": "Prod", "Staging": None, "Archived": "retired"}})
    p = plan(
        model(versions=versions("Production", "Staging", "Archived")), copy_versions=True, mapping=mapping
    )
    aliases = {a.params["alias"]: a.params["workspace_version"] for a in p.actions if a.kind == "set_alias"}
    assert aliases == {"prod": 1, "retired": 3}


def test_versions_not_copied_are_reported_or_copied() -> None:
    ws = model(versions=versions("Production"))
    p = plan(ws)
    assert kinds(a for a in p.actions if a.kind in ("copy_version", "set_alias")) == []
    assert kinds(f for f in p.all_findings if f.kind == "version_not_copied") == ["version_not_copied"]
    copied = plan(ws, copy_versions=True)
    (copy,) = [a for a in copied.actions if a.kind == "copy_version"]
    assert copy.params["comment"] == version_comment("v1", "fraud-detector", 1)
    assert copy.params["comment"].endswith(version_marker("fraud-detector", 1))


def test_versions_are_matched_by_marker_then_by_a_unique_run_id() -> None:
    ws = model(versions=versions("None", "None", "None", "None"))
    uc_versions = (
        UcVersion(7, comment=version_comment("v2", "fraud-detector", 2)),
        UcVersion(8, run_id="r1"),
        UcVersion(9, run_id="r3"),
        UcVersion(10, run_id="r3"),  # run r3 twice on the UC side: not a safe match
    )
    uc = UcSide(models={TARGET: UcModel(TARGET, owner="alice@example.com", versions=uc_versions)})
    p = plan(ws, uc=uc, copy_versions=True)
    assert p.models[0].version_map == {2: 7, 1: 8}
    assert sorted(a.params["workspace_version"] for a in p.actions if a.kind == "copy_version") == [3, 4]
    # the run-id match gets its marker, so the next plan matches it by marker
    assert [
        (a.params["version"], a.params["comment"]) for a in p.actions if a.kind == "set_version_comment"
    ] == [(8, version_comment("v1", "fraud-detector", 1))]


def test_an_alias_already_right_is_left_alone_and_a_wrong_one_is_moved() -> None:
    ws = model(versions=versions("Production"))
    right = UcModel(
        TARGET,
        owner="alice@example.com",
        aliases={"champion": 5},
        versions=(UcVersion(5, version_comment("v1", "fraud-detector", 1)),),
    )
    assert plan(ws, uc=UcSide(models={TARGET: right})).actions == ()
    wrong = attrs.evolve(right, aliases={"champion": 4})
    (move,) = plan(ws, uc=UcSide(models={TARGET: wrong})).actions
    assert (move.kind, move.params["version_num"]) == ("set_alias", 5)


def test_tags_and_descriptions_carry_over() -> None:
    ws = model(
        description="new",
        tags={"team": "risk"},
        versions=(WorkspaceVersion(1, tags={"validated": "yes"}, description="d1"),),
    )
    uc = UcSide(
        models={
            TARGET: UcModel(
                TARGET,
                owner="alice@example.com",
                comment="old",
                versions=(UcVersion(3, version_marker("fraud-detector", 1)),),
            )
        }
    )
    p = plan(ws, uc=uc)
    assert [(a.kind, dict(a.params)) for a in p.actions] == [
        ("set_comment", {"comment": "new"}),
        ("set_version_comment", {"version": 3, "comment": version_comment("d1", "fraud-detector", 1)}),
        ("set_version_tag", {"version": 3, "key": "validated", "value": "yes"}),
        ("set_tag", {"key": "team", "value": "risk"}),
    ]


# ------------------------------------------------------------------------------------------ what cannot carry over


def test_requests_comments_and_webhooks_are_reported_object_by_object() -> None:
    ws = model(
        requests=(TransitionRequest(2, "Production", "bob"),),
        comments=(VersionComment(1, "c1", "carol", "AUC 0.94", 5), VersionComment(1, "c0", "bob", "hm", 1)),
    )
    hooks = [
        Webhook("w1", ("MODEL_VERSION_CREATED",), "fraud-detector", "https://hooks.example.com/x"),
        Webhook("w2", ("REGISTERED_MODEL_CREATED",), None, "job 42"),
        Webhook("w3", ("COMMENT_CREATED",), "another-model", "https://x"),
    ]
    p = plan_migration([ws], UcSide(), SCHEMA, webhooks=hooks)
    by_kind: dict[str, list[Finding]] = {}
    for finding in p.all_findings:
        by_kind.setdefault(finding.kind, []).append(finding)
    (request,) = by_kind["open_transition_request"]
    assert "deployment job with an approval task on main.ml.fraud-detector" in request.instead
    assert len(by_kind["comment"]) == 2 and all("comments file" in f.instead for f in by_kind["comment"])
    hooks_found = {f.subject.split()[1]: f.instead for f in by_kind["registry_webhook"]}
    assert set(hooks_found) == {"w1", "w2"}  # w3 belongs to a model that is not migrated
    assert "model-update trigger on main.ml.fraud-detector" in hooks_found["w1"]
    assert "each migrated model" in hooks_found["w2"]
    assert [(c["id"], c["model"]) for c in comments_export([ws])] == [
        ("c0", "fraud-detector"),
        ("c1", "fraud-detector"),
    ]


# ------------------------------------------------------------------------------------------ idempotence


def apply(p: Plan, uc: UcSide) -> UcSide:
    """What a correct `apply` does to Unity Catalog, in memory: enough to check that planning again is empty."""
    models = dict(uc.models)
    for action in p.actions:
        if action.kind == "grant" and action.target not in models:
            continue  # usage grants on the catalog / schema
        current = models.get(action.target) or UcModel(action.target)
        prm = action.params
        if action.kind in ("create_model", "set_comment"):
            current = attrs.evolve(current, comment=prm["comment"])
        elif action.kind == "set_owner":
            current = attrs.evolve(current, owner=prm["owner"])
        elif action.kind == "set_tag":
            current = attrs.evolve(current, tags={**current.tags, prm["key"]: prm["value"]})
        elif action.kind == "grant":
            held = current.grants.get(prm["principal"], frozenset())
            current = attrs.evolve(
                current, grants={**current.grants, prm["principal"]: held | set(prm["add"])}
            )
        elif action.kind == "copy_version":
            number = max((v.version for v in current.versions), default=0) + 1
            copy = UcVersion(number, prm["comment"], tags=prm["tags"])
            current = attrs.evolve(current, versions=(*current.versions, copy))
        elif action.kind == "set_alias":
            number = prm["version_num"] or next(
                v.version
                for v in current.versions
                if version_marker("fraud-detector", prm["workspace_version"]) in v.comment
            )
            current = attrs.evolve(current, aliases={**current.aliases, prm["alias"]: number})
        else:
            raise AssertionError(action.kind)
        models[action.target] = current
    return attrs.evolve(uc, models=models)


def test_applying_a_plan_leaves_nothing_to_do() -> None:
    ws = model(
        AclEntry("data-scientists", "group", "CAN_EDIT"),
        AclEntry("deploy-bot", "service_principal", "CAN_MANAGE_PRODUCTION_VERSIONS"),
        description="Fraud.",
        tags={"team": "risk"},
        versions=versions("Archived", "Production", "Staging"),
    )
    first = plan(ws, copy_versions=True)
    assert len(first.differences()) == 10  # create, 3 copies, tag, 2 aliases, 2 grants, owner
    after = apply(first, UcSide())
    again = plan(ws, uc=after, copy_versions=True)
    assert again.differences() == []
    # findings that cannot carry over are still reported: nothing is dropped on the way
    assert kinds(again.all_findings).count("no_uc_equivalent") == 2


def test_an_interrupted_apply_resumes_without_copying_twice() -> None:
    ws = model(versions=versions("None", "None", "Production"))
    first = plan(ws, copy_versions=True)
    half = attrs.evolve(first, models=(attrs.evolve(first.models[0], actions=first.models[0].actions[:2]),))
    partly = apply(half, UcSide())  # created the model and copied version 1, then stopped
    resumed = plan(ws, uc=partly, copy_versions=True)
    assert [a.params["workspace_version"] for a in resumed.actions if a.kind == "copy_version"] == [2, 3]
    done = apply(resumed, partly)
    assert len(done.models[TARGET].versions) == 3
    assert plan(ws, uc=done, copy_versions=True).differences() == []


# ------------------------------------------------------------------------------------------ override files


def test_levels_can_be_overridden_from_yaml_and_json(tmp_path: Path) -> None:
    yaml_file = tmp_path / "mapping.yaml"
    yaml_file.write_text("levels:\n  CAN_MANAGE: [EXECUTE, MANAGE]\n", encoding="utf-8")
    mapping = load_mapping(yaml_file)
    assert plan(model(AclEntry("bob", "user", "CAN_MANAGE")), mapping=mapping).actions[1].params["add"] == [
        "EXECUTE",
        "MANAGE",
    ]
    assert mapping.levels["CAN_READ"] == DEFAULT_MAPPING.levels["CAN_READ"]
    json_file = tmp_path / "mapping.json"
    json_file.write_text(json.dumps({"levels": {"CAN_READ": ["ALL_PRIVILEGES"]}}), encoding="utf-8")
    assert load_mapping(json_file).levels["CAN_READ"].privileges == {"ALL_PRIVILEGES"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("levels:\n  CAN_FLY: [EXECUTE]\n", "levels.CAN_FLY: unknown permission level"),
        ("levels:\n  CAN_READ: [SELECT]\n", "SELECT cannot be granted on a registered model"),
        ("levels:\n  CAN_READ: EXECUTE\n", "levels.CAN_READ: must be a list"),
        ("stage_aliases:\n  Prod: champion\n", "stage_aliases.Prod: unknown stage"),
        ("stage_aliases:\n  Staging: a.b\n", "an alias is a non-empty name"),
        ("stage_aliases:\n  Staging: champion\n", "Production and Staging both map to alias 'champion'"),
        ("levels: {}\nlevels: {}\n", "duplicate key 'levels' at line 2"),
        ("stages: {}\n", "unknown key(s) stages"),
        ("levels: [\n", "not valid YAML"),
    ],
)
def test_a_bad_override_names_the_field_and_the_rule(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert message in str(caught.value) and str(path) in str(caught.value)
