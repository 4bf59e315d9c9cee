"""The spec against databricks-sdk (the oracle), derived from the SDK's own code.

Each SDK method is run against a recording API client with every parameter filled; what it sends (method,
path, query, body) and which response fields it reads must be what the spec declares. The SDK's request
and response dataclasses are walked recursively and compared with the spec's schemas, enums value by value.
The table below (operationId -> SDK method) is the only hand-written input.
"""

from __future__ import annotations

import collections.abc
import copy
import dataclasses
import enum
import inspect
import typing
from collections.abc import Callable
from typing import Any

import pytest
from _spec_helpers import (
    SPEC,
    Node,
    SchemaChecker,
    Spec,
    body_schema,
    mutable_copy,
    operations,
    reachable_schemas,
    ref_name,
    request_media,
    resolve,
    response_media,
)
from databricks.sdk.service import catalog, ml  # a dev dependency, pinned: a missing SDK must fail, not skip

MR, EX = "ModelRegistryAPI", "ExperimentsAPI"
SDK_METHODS: dict[str, tuple[str, str]] = {
    "get_model": (MR, "get_model"),
    "transition_stage": (MR, "transition_stage"),
    "get_registered_model_permissions": (MR, "get_permissions"),
    "set_registered_model_permissions": (MR, "set_permissions"),
    "update_registered_model_permissions": (MR, "update_permissions"),
    "get_registered_model_permission_levels": (MR, "get_permission_levels"),
    "get_experiment_permissions": (EX, "get_permissions"),
    "set_experiment_permissions": (EX, "set_permissions"),
    "update_experiment_permissions": (EX, "update_permissions"),
    "get_experiment_permission_levels": (EX, "get_permission_levels"),
    "delete_runs": (EX, "delete_runs"),
    "restore_runs": (EX, "restore_runs"),
    "create_transition_request": (MR, "create_transition_request"),
    "list_transition_requests": (MR, "list_transition_requests"),
    "approve_transition_request": (MR, "approve_transition_request"),
    "reject_transition_request": (MR, "reject_transition_request"),
    "delete_transition_request": (MR, "delete_transition_request"),
    "create_comment": (MR, "create_comment"),
    "update_comment": (MR, "update_comment"),
    "delete_comment": (MR, "delete_comment"),
    "create_webhook": (MR, "create_webhook"),
    "list_webhooks": (MR, "list_webhooks"),
    "update_webhook": (MR, "update_webhook"),
    "delete_webhook": (MR, "delete_webhook"),
    "test_registry_webhook": (MR, "test_registry_webhook"),
    # The OSS MLflow calls of the `supporting` tag.
    "get_experiment_by_name": (EX, "get_by_name"),
    "search_registered_models": (MR, "search_models"),
    "search_model_versions": (MR, "search_model_versions"),
    "search_experiments": (EX, "search_experiments"),
}
# Models in Unity Catalog (tag `unity-catalog`), against databricks.sdk.service.catalog.
RM, MV, GR = "RegisteredModelsAPI", "ModelVersionsAPI", "GrantsAPI"
SDK_METHODS.update(
    {
        "create_uc_registered_model": (RM, "create"),
        "list_uc_registered_models": (RM, "list"),
        "get_uc_registered_model": (RM, "get"),
        "update_uc_registered_model": (RM, "update"),
        "delete_uc_registered_model": (RM, "delete"),
        "set_uc_registered_model_alias": (RM, "set_alias"),
        "delete_uc_registered_model_alias": (RM, "delete_alias"),
        "list_uc_model_versions": (MV, "list"),
        "get_uc_model_version": (MV, "get"),
        "get_uc_model_version_by_alias": (MV, "get_by_alias"),
        "update_uc_model_version": (MV, "update"),
        "delete_uc_model_version": (MV, "delete"),
        "get_uc_grants": (GR, "get"),
        "update_uc_grants": (GR, "update"),
        "get_uc_effective_grants": (GR, "get_effective"),
    }
)


def sdk_attr(name: str) -> Any:
    """A class of the SDK's `ml` or `catalog` service by name (no class name is in both); None if neither."""
    return getattr(ml, name, None) or getattr(catalog, name, None)


# Not cross-checked yet (each says why); the emulator tests and the request-builder test cover them.
UNCHECKED: dict[str, str] = {
    "search_runs": "the spec leaves out Run.inputs (datasets, logged models), which the SDK declares",
    "list_users": "iam's SCIM classes: this checker maps no camelCase wire names",
    "list_groups": "iam's SCIM classes: this checker maps no camelCase wire names",
    "list_service_principals": "iam's SCIM classes: this checker maps no camelCase wire names",
}
UNCHECKED_SCHEMAS = {
    "SearchRunsResponse",
    "Run",
    "RunInfo",
    "RunData",
    "RunInfoStatus",
    "Metric",
    "Param",
    "RunTag",
    "ComplexValue",
    "Name",
    "User",
    "Group",
    "ServicePrincipal",
    "ListUsersResponse",
    "ListGroupsResponse",
    "ListServicePrincipalResponse",
}
PRIMITIVES: dict[Any, str] = {str: "string", int: "integer", bool: "boolean", float: "number"}


# ----------------------------------------------------------------------------------- driving the SDK


@dataclasses.dataclass
class Call:
    method: str
    path: str | None
    query: dict[str, Any] | None
    body: dict[str, Any] | None


class ReadRecorder(dict[str, Any]):
    """A response body that records which keys the SDK looks at."""

    def __init__(self, data: dict[str, Any], reads: set[str]) -> None:
        super().__init__(data)
        self.reads = reads

    def __contains__(self, key: object) -> bool:
        self.reads.add(str(key))
        return super().__contains__(key)

    def __getitem__(self, key: str) -> Any:
        self.reads.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.reads.add(key)
        return super().get(key, default)


class RecordingApiClient:
    """Stands in for databricks.sdk.core.ApiClient: records `do` and answers `response` once, then `{}`."""

    def __init__(self, response: dict[str, Any] | None = None) -> None:
        self._cfg = type("Cfg", (), {"workspace_id": None})()
        self.calls: list[Call] = []
        self.reads: set[str] = set()
        self._response = response

    def do(
        self,
        method: str,
        path: str | None = None,
        url: str | None = None,
        query: dict[str, Any] | None = None,
        headers: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        **_: Any,
    ) -> dict[str, Any]:
        self.calls.append(Call(method, path, copy.deepcopy(query), copy.deepcopy(body)))
        first = len(self.calls) == 1
        data = copy.deepcopy(self._response) if first and self._response is not None else {}
        return ReadRecorder(data, self.reads) if first else data


def _unwrap_optional(tp: Any) -> Any:
    if typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        assert len(args) == 1, tp
        return args[0]
    return tp


def sample(tp: Any, top_level_name: str | None = None) -> Any:
    """A value of type `tp` with everything filled: str "x", int 1, bool True, first enum member, one list
    element, every dataclass field. A top-level string gets its parameter's name, so that where it lands
    on the wire shows which parameter it came from."""
    tp = _unwrap_optional(tp)
    origin = typing.get_origin(tp)
    if origin is list:
        return [sample(typing.get_args(tp)[0])]
    if origin is dict:
        return {"k": sample(typing.get_args(tp)[1])}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: sample(hints[f.name]) for f in dataclasses.fields(tp)})
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return next(iter(tp))
    if tp is str:
        return f"x-{top_level_name}" if top_level_name else "x"
    if tp is bool:
        return True
    if tp is int:
        return 1
    if tp is float:
        return 1.0
    raise AssertionError(f"no sample for {tp!r}")


def wire_form(value: Any) -> Any:
    """How the SDK serialises an argument."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [wire_form(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return typing.cast(Any, value).as_dict()
    return value


def sdk_function(op_id: str) -> Callable[..., Any]:
    cls_name, method = SDK_METHODS[op_id]
    return typing.cast(Callable[..., Any], getattr(sdk_attr(cls_name), method))


def sdk_required(op_id: str) -> set[str]:
    params = inspect.signature(sdk_function(op_id)).parameters.values()
    return {p.name for p in params if p.name != "self" and p.default is inspect.Parameter.empty}


def run_sdk(
    op_id: str, response: dict[str, Any] | None = None
) -> tuple[RecordingApiClient, dict[str, Any], Any]:
    """Call the SDK method with every parameter filled; return the recorder, the arguments and the result."""
    cls_name, method = SDK_METHODS[op_id]
    fn = sdk_function(op_id)
    hints = typing.get_type_hints(fn)
    api = RecordingApiClient(response)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for name, param in inspect.signature(fn).parameters.items():
        if name == "self":
            continue
        values[name] = sample(hints[name], name)
        if param.kind is param.KEYWORD_ONLY:
            kwargs[name] = values[name]
        else:
            args.append(values[name])
    result = getattr(sdk_attr(cls_name)(api), method)(*args, **kwargs)
    if isinstance(result, collections.abc.Iterator):
        result = list(result)
    return api, values, result


# ------------------------------------------------------------------------------------- comparisons


def type_mismatches(
    spec: Spec, schema: Node, tp: Any, where: str, seen: set[tuple[str, str]], request: bool
) -> list[str]:
    """Differences between an SDK type and a spec schema, recursively through dataclasses. `request`:
    the value is sent (the spec must require exactly what the SDK requires) rather than received (the
    spec must not promise a field the SDK treats as optional)."""
    tp = _unwrap_optional(tp)
    name = ref_name(schema)
    node = resolve(spec, schema)
    kind = node.get("type")
    if typing.get_origin(tp) is list:
        if kind != "array":
            return [f"{where}: SDK has a list, spec has {kind}"]
        return type_mismatches(
            spec, node.get("items", {}), typing.get_args(tp)[0], f"{where}[]", seen, request
        )
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        problems = [] if name == tp.__name__ else [f"{where}: SDK {tp.__name__}, spec schema {name}"]
        if kind != "object":
            return [*problems, f"{where}: SDK {tp.__name__} is an object, spec has {kind}"]
        if (tp.__name__, str(name)) not in seen:
            seen.add((tp.__name__, str(name)))
            problems += dataclass_mismatches(spec, node, tp, where, seen, request)
        return problems
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        problems = [] if name == tp.__name__ else [f"{where}: SDK enum {tp.__name__}, spec schema {name}"]
        values = node.get("enum")
        expected = sorted(m.value for m in tp)
        if kind != "string" or values is None or sorted(values) != expected:
            only_sdk = sorted(set(expected) - set(values or []))
            only_spec = sorted(set(values or []) - set(expected))
            problems.append(
                f"{where}: {tp.__name__} differs: only in the SDK {only_sdk}, only in the spec {only_spec}"
            )
        return problems
    if tp in PRIMITIVES:
        if kind != PRIMITIVES[tp] or "enum" in node:
            return [f"{where}: SDK {tp.__name__}, spec {kind}{' enum' if 'enum' in node else ''}"]
        return []
    if tp is Any or typing.get_origin(tp) is dict:
        return [] if kind in (None, "object") else [f"{where}: SDK mapping, spec {kind}"]
    return [f"{where}: SDK type {tp!r} is not covered by this comparison"]


def dataclass_mismatches(
    spec: Spec, node: Node, cls: type, where: str, seen: set[tuple[str, str]], request: bool
) -> list[str]:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    props: dict[str, Node] = node.get("properties", {})
    problems = [f"{where}.{f}: SDK field missing from the spec" for f in sorted(fields.keys() - props.keys())]
    problems += [f"{where}.{p}: spec field unknown to the SDK" for p in sorted(props.keys() - fields.keys())]
    required = {
        n
        for n, f in fields.items()
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    spec_required = set(node.get("required", []))
    consistent = spec_required == required if request else spec_required <= required
    if not consistent:
        problems.append(f"{where}: SDK requires {sorted(required)}, spec {sorted(spec_required)}")
    for field_name in sorted(fields.keys() & props.keys()):
        where_field = f"{where}.{field_name}"
        problems += type_mismatches(spec, props[field_name], hints[field_name], where_field, seen, request)
    return problems


def wire_mismatches(spec: Spec, op_id: str) -> list[str]:
    """What the SDK sends for `op_id` with every parameter filled, against what the spec declares."""
    op = operations(spec).get(op_id)
    if op is None:
        return [f"{op_id}: not in the spec"]
    api, values, _ = run_sdk(op_id)
    assert len(api.calls) == 1, api.calls
    call = api.calls[0]
    problems: list[str] = []
    if call.method != op.method:
        problems.append(f"method: SDK {call.method}, spec {op.method}")

    path_params = op.params_in("path")
    try:
        expected_path = op.path.format(**{n: values[n] for n in path_params})
    except KeyError as missing:
        problems.append(f"path parameter {missing} is not an SDK parameter")
    else:
        if call.path != expected_path:
            problems.append(f"path: SDK {call.path}, spec {expected_path}")

    query, body = call.query or {}, call.body or {}
    spec_query = set(op.params_in("query"))
    if set(query) != spec_query:
        problems.append(f"query: SDK sends {sorted(query)}, spec declares {sorted(spec_query)}")
    media = request_media(spec, op)
    schema = body_schema(spec, op)
    if (call.body is not None) != (media is not None):
        problems.append(f"body: SDK sends {call.body}, spec requestBody {'present' if media else 'absent'}")
    spec_body = set(schema.get("properties", {}))
    if set(body) != spec_body:
        problems.append(f"body: SDK sends {sorted(body)}, spec declares {sorted(spec_body)}")

    # Each SDK parameter lands, unchanged, under its own name in the path, the query or the body.
    for name, value in values.items():
        sent = wire_form(value)
        if name not in path_params and query.get(name, body.get(name)) != sent:
            problems.append(
                f"parameter {name}: SDK sends {query.get(name, body.get(name))!r}, expected {sent!r}"
            )

    spec_required = {p.name for p in op.params if p.required} | set(schema.get("required", []))
    if sdk_required(op_id) != spec_required:
        problems.append(f"required: SDK {sorted(sdk_required(op_id))}, spec {sorted(spec_required)}")

    # What the SDK sends is valid for the spec (types, enums, formats, bounds).
    checker = SchemaChecker(spec)
    for name, value in query.items():
        if name in spec_query:
            problems += [
                f"query {name}: {e}"
                for e in checker.errors(op.params_in("query")[name].node["schema"], value)
            ]
    if media is not None:
        problems += [f"body: {e}" for e in checker.errors(media["schema"], body)]
    return problems


def signature_mismatches(spec: Spec, op_id: str) -> list[str]:
    """Types of the SDK method's parameters against the spec's parameter and body property schemas."""
    op = operations(spec)[op_id]
    hints = typing.get_type_hints(sdk_function(op_id))
    params = {p.name: p.node["schema"] for p in op.params}
    props: dict[str, Node] = body_schema(spec, op).get("properties", {})
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for name, tp in hints.items():
        if name == "return":
            continue
        schema = params.get(name, props.get(name))
        if schema is None:
            problems.append(f"parameter {name}: not in the spec")
        else:
            problems += type_mismatches(spec, schema, tp, f"{op_id}({name})", seen, True)
    return problems


def response_mismatches(spec: Spec, op_id: str) -> list[str]:
    """The response fields the SDK reads and the types it parses them into, against the 200 schema."""
    op = operations(spec)[op_id]
    media = response_media(spec, op)
    schema = resolve(spec, media["schema"])
    props: dict[str, Node] = schema.get("properties", {})
    api, _, _ = run_sdk(op_id, {})
    problems = []
    if api.reads != set(props):
        problems.append(f"response: SDK reads {sorted(api.reads)}, spec declares {sorted(props)}")
    returns = typing.get_type_hints(sdk_function(op_id)).get("return")
    seen: set[tuple[str, str]] = set()
    if returns is None:
        return problems  # the SDK ignores the body; the reads check above already demands no properties
    if typing.get_origin(returns) is collections.abc.Iterator:
        # A list call: the items come from the one array field; the other fields it reads are page tokens.
        (item,) = typing.get_args(returns)
        arrays = [k for k in api.reads & set(props) if resolve(spec, props[k]).get("type") == "array"]
        if len(arrays) != 1:
            return [
                *problems,
                f"response: expected one array field among {sorted(api.reads)}, spec has {arrays}",
            ]
        problems += type_mismatches(
            spec, props[arrays[0]], typing.cast(Any, list)[item], f"{op_id}->{arrays[0]}", seen, False
        )
        for token in sorted((api.reads & set(props)) - set(arrays)):
            problems += type_mismatches(spec, props[token], str, f"{op_id}->{token}", seen, False)
        return problems
    return problems + type_mismatches(spec, media["schema"], returns, f"{op_id}->", seen, False)


def _drop_empty_lists(value: Any) -> Any:
    """The SDK's as_dict() leaves out empty lists."""
    if isinstance(value, dict):
        return {k: _drop_empty_lists(v) for k, v in value.items() if v != []}
    if isinstance(value, list):
        return [_drop_empty_lists(v) for v in value]
    return value


# ------------------------------------------------------------------------------------------------ tests


def test_table_covers_every_spec_operation() -> None:
    assert set(SDK_METHODS) == set(operations(SPEC)) - set(UNCHECKED)
    for op_id in SDK_METHODS:
        assert callable(sdk_function(op_id)), op_id


@pytest.mark.parametrize("op_id", sorted(SDK_METHODS))
def test_sdk_wire_call_matches_spec(op_id: str) -> None:
    assert wire_mismatches(SPEC, op_id) == []


@pytest.mark.parametrize("op_id", sorted(SDK_METHODS))
def test_sdk_parameter_types_match_spec(op_id: str) -> None:
    assert signature_mismatches(SPEC, op_id) == []


@pytest.mark.parametrize("op_id", sorted(SDK_METHODS))
def test_sdk_response_matches_spec(op_id: str) -> None:
    assert response_mismatches(SPEC, op_id) == []


@pytest.mark.parametrize("op_id", sorted(SDK_METHODS))
def test_sdk_parses_the_spec_example_without_loss(op_id: str) -> None:
    """The SDK drops unknown fields and unknown enum values: so everything in the example is known to it."""
    example = response_media(SPEC, operations(SPEC)[op_id])["example"]
    _, _, result = run_sdk(op_id, example)
    if result is None:
        return
    if isinstance(result, list):
        (items,) = [v for v in example.values() if isinstance(v, list)]
        assert [r.as_dict() for r in result] == _drop_empty_lists(items)
    else:
        assert result.as_dict() == _drop_empty_lists(example)


def test_schemas_named_like_sdk_classes_match_them() -> None:
    """Every spec schema that has an SDK dataclass or enum of the same name (response wrappers the methods
    do not return, such as ListRegistryWebhooks, included) matches it."""
    schemas: dict[str, Node] = SPEC["components"]["schemas"]
    matched = {
        n: sdk_attr(n) for n in schemas if n not in UNCHECKED_SCHEMAS and isinstance(sdk_attr(n), type)
    }
    bodies = {
        str(ref_name(m["schema"])) for op in operations(SPEC).values() if (m := request_media(SPEC, op))
    }
    sent = set().union(*(reachable_schemas(SPEC, schemas[b]) for b in bodies))
    problems: list[str] = []
    for name, cls in matched.items():
        ref = {"$ref": f"#/components/schemas/{name}"}
        problems += type_mismatches(SPEC, ref, cls, name, set(), request=name in sent)
    assert problems == []
    # Only the request bodies (the SDK takes their fields as arguments) and the error body have no twin.
    assert set(schemas) - set(matched) == bodies | {"Error"} | (UNCHECKED_SCHEMAS - set(matched))


# ------------------------------------------------------------------------------------- negative checks


def _schema(spec: Spec, name: str) -> Node:
    return typing.cast(Node, spec["components"]["schemas"][name])


def _mutate_drop_body_field(spec: Spec) -> None:
    del _schema(spec, "CreateRegistryWebhook")["properties"]["model_name"]


def _mutate_drop_query_param(spec: Spec) -> None:
    op = spec["paths"]["/api/2.0/mlflow/registry-webhooks/list"]["get"]
    op["parameters"] = [p for p in op["parameters"] if p["name"] != "max_results"]


def _mutate_wrong_path(spec: Spec) -> None:
    # The mistake an old README made: webhook delete without its /delete suffix.
    spec["paths"]["/api/2.0/mlflow/registry-webhooks"] = spec["paths"].pop(
        "/api/2.0/mlflow/registry-webhooks/delete"
    )


def _mutate_wrong_method(spec: Spec) -> None:
    item = spec["paths"]["/api/2.0/mlflow/comments/update"]
    item["put"] = item.pop("patch")


def _mutate_optional_required_field(spec: Spec) -> None:
    _schema(spec, "DeleteRuns")["required"] = ["experiment_id"]


def _mutate_stage_enum(spec: Spec) -> None:
    stage = _schema(spec, "TransitionModelVersionStageDatabricks")["properties"]["stage"]
    stage["enum"] = ["None", "Staging", "Production", "Archived"]


def _mutate_drop_enum_value(spec: Spec) -> None:
    _schema(spec, "RegistryWebhookEvent")["enum"].remove("MODEL_VERSION_TAG_SET")


def _mutate_wrong_nested_type(spec: Spec) -> None:
    _schema(spec, "JobSpec")["properties"]["job_id"] = {"type": "integer"}


def _mutate_drop_page_token(spec: Spec) -> None:
    del _schema(spec, "ListRegistryWebhooks")["properties"]["next_page_token"]


def _mutate_extra_response_field(spec: Spec) -> None:
    _schema(spec, "TestRegistryWebhookResponse")["properties"]["webhook"] = {"type": "object"}


MUTATIONS: list[tuple[Callable[[Spec], None], str, Callable[[Spec, str], list[str]], str]] = [
    (_mutate_drop_body_field, "create_webhook", wire_mismatches, "model_name"),
    (_mutate_drop_query_param, "list_webhooks", wire_mismatches, "max_results"),
    (_mutate_wrong_path, "delete_webhook", wire_mismatches, "registry-webhooks/delete"),
    (_mutate_wrong_method, "update_comment", wire_mismatches, "PATCH"),
    (_mutate_optional_required_field, "delete_runs", wire_mismatches, "max_timestamp_millis"),
    (_mutate_stage_enum, "transition_stage", signature_mismatches, "stage"),
    (_mutate_stage_enum, "transition_stage", wire_mismatches, "stage"),
    (_mutate_drop_enum_value, "update_webhook", signature_mismatches, "MODEL_VERSION_TAG_SET"),
    (_mutate_drop_enum_value, "list_webhooks", response_mismatches, "MODEL_VERSION_TAG_SET"),
    (_mutate_wrong_nested_type, "create_webhook", signature_mismatches, "job_id"),
    (_mutate_drop_page_token, "list_webhooks", response_mismatches, "next_page_token"),
    (_mutate_extra_response_field, "test_registry_webhook", response_mismatches, "webhook"),
]


def _mutate_uc_grants_path(spec: Spec) -> None:
    paths = spec["paths"]
    paths["/api/2.1/unity-catalog/grants/{securable_type}/{full_name}"] = paths.pop(
        "/api/2.1/unity-catalog/permissions/{securable_type}/{full_name}"
    )


def _mutate_drop_privilege(spec: Spec) -> None:
    _schema(spec, "Privilege")["enum"].remove("APPLY_TAG")


def _mutate_version_as_string(spec: Spec) -> None:
    item = spec["paths"]["/api/2.1/unity-catalog/models/{full_name}/versions/{version}"]
    item["parameters"][1]["schema"] = {"type": "string"}


MUTATIONS += [
    (_mutate_uc_grants_path, "update_uc_grants", wire_mismatches, "unity-catalog/permissions"),
    (_mutate_drop_privilege, "update_uc_grants", signature_mismatches, "APPLY_TAG"),
    (_mutate_drop_privilege, "get_uc_effective_grants", response_mismatches, "APPLY_TAG"),
    (_mutate_version_as_string, "get_uc_model_version", signature_mismatches, "version"),
]


@pytest.mark.parametrize(
    ("mutate", "op_id", "compare", "mention"),
    MUTATIONS,
    ids=[f"{m.__name__.removeprefix('_mutate_')}-{c.__name__}" for m, _, c, _ in MUTATIONS],
)
def test_comparisons_report_a_mutated_spec(
    mutate: Callable[[Spec], None], op_id: str, compare: Callable[[Spec, str], list[str]], mention: str
) -> None:
    """The comparisons can fail: a spec that disagrees with the SDK in one place is reported there."""
    assert compare(SPEC, op_id) == []
    spec = mutable_copy(SPEC)
    mutate(spec)
    problems = compare(spec, op_id)
    assert problems, "the mutation went unnoticed"
    assert any(mention in p for p in problems), problems
