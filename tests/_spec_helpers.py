"""Read-only access to spec/databricks-mlflow.yaml, shared by test_spec, test_generated_models and
test_sdk_crosscheck.

Every function takes the spec as an argument, so the tests can run the same checks on a mutated copy and
prove that the checks report the mutation.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "databricks-mlflow.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON = "application/json"
# URI under which the spec's components are registered for $ref resolution.
SPEC_URI = "urn:databricks-mlflow-spec"

Spec = dict[str, Any]
Node = dict[str, Any]


def load_spec() -> Spec:
    with SPEC_PATH.open(encoding="utf-8") as f:
        return cast(Spec, yaml.safe_load(f))


SPEC: Spec = load_spec()


def mutable_copy(spec: Spec) -> Spec:
    """A deep copy; YAML anchors make some example objects shared, so never mutate the original."""
    return copy.deepcopy(spec)


def escape(part: str) -> str:
    """One JSON-pointer segment."""
    return part.replace("~", "~0").replace("/", "~1")


def lookup(spec: Spec, pointer: str) -> Any:
    node: Any = spec
    for part in pointer.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def ref_name(node: Node) -> str | None:
    """`X` for `{"$ref": "#/components/.../X"}`, else None."""
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[1] if isinstance(ref, str) else None


def resolve(spec: Spec, node: Node) -> Node:
    """Follow local `$ref`s until a node without one."""
    seen: set[str] = set()
    while "$ref" in node:
        ref = node["$ref"]
        assert isinstance(ref, str) and ref.startswith("#/"), f"only local refs are used: {ref!r}"
        assert ref not in seen, f"$ref cycle through {ref}"
        seen.add(ref)
        node = cast(Node, lookup(spec, ref[1:]))
    return node


@dataclass(frozen=True)
class Param:
    name: str
    location: str  # "path" | "query" | "header" | "cookie"
    required: bool
    node: Node  # the resolved Parameter object


@dataclass(frozen=True)
class Operation:
    op_id: str
    method: str  # upper case
    path: str
    pointer: str
    node: Node
    params: tuple[Param, ...]

    def params_in(self, location: str) -> dict[str, Param]:
        return {p.name: p for p in self.params if p.location == location}


def iter_operations(spec: Spec) -> Iterator[Operation]:
    """Every operation in document order (duplicates of an operationId included)."""
    for path, item in spec.get("paths", {}).items():
        shared = [resolve(spec, p) for p in item.get("parameters", [])]
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op = item[method]
            merged: dict[tuple[str, str], Node] = {(p["name"], p["in"]): p for p in shared}
            # Operation-level parameters override path-level ones with the same name and location.
            merged.update(
                {(p["name"], p["in"]): p for p in (resolve(spec, q) for q in op.get("parameters", []))}
            )
            params = tuple(Param(n, loc, bool(p.get("required", False)), p) for (n, loc), p in merged.items())
            yield Operation(
                op_id=op.get("operationId", ""),
                method=method.upper(),
                path=path,
                pointer=f"/paths/{escape(path)}/{method}",
                node=op,
                params=params,
            )


def operations(spec: Spec) -> dict[str, Operation]:
    return {op.op_id: op for op in iter_operations(spec)}


def request_media(spec: Spec, op: Operation) -> Node | None:
    """The application/json media type object of the request body, or None without a body."""
    if "requestBody" not in op.node:
        return None
    return cast(Node, resolve(spec, op.node["requestBody"])["content"][JSON])


def body_schema(spec: Spec, op: Operation) -> Node:
    """The resolved request body schema; {} without a body."""
    media = request_media(spec, op)
    return resolve(spec, media["schema"]) if media is not None else {}


def response_media(spec: Spec, op: Operation, status: str = "200") -> Node:
    return cast(Node, resolve(spec, op.node["responses"][status])["content"][JSON])


# ------------------------------------------------------------------------------------------ JSON Schema

_FORMATS = FormatChecker(formats=())


def _is_int32(value: object) -> bool:
    return not isinstance(value, int) or -(2**31) <= value < 2**31


def _is_int64(value: object) -> bool:
    return not isinstance(value, int) or -(2**63) <= value < 2**63


_FORMATS.checks("int32")(_is_int32)
_FORMATS.checks("int64")(_is_int64)


def _absolute_refs(node: Any) -> Any:
    """Point the local `#/components/...` refs of an inline schema at the registered spec resource."""
    if isinstance(node, dict):
        return {
            k: (
                SPEC_URI + v
                if k == "$ref" and isinstance(v, str) and v.startswith("#/")
                else _absolute_refs(v)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_absolute_refs(v) for v in node]
    return node


class SchemaChecker:
    """Draft 2020-12 validation of values against schemas of one spec, `$ref`s resolved through a
    `referencing` registry that holds the spec's components."""

    def __init__(self, spec: Spec) -> None:
        resource = DRAFT202012.create_resource({"components": spec.get("components", {})})
        self.registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)

    def validator(self, schema: Node) -> Draft202012Validator:
        return Draft202012Validator(_absolute_refs(schema), registry=self.registry, format_checker=_FORMATS)

    def errors(self, schema: Node, value: Any) -> list[str]:
        found = self.validator(schema).iter_errors(value)
        return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in found]


@dataclass(frozen=True)
class Example:
    pointer: str  # where the example sits in the spec
    value: Any
    schema: Node  # the (inline) schema it must satisfy
    in_response: bool


def iter_examples(spec: Spec) -> Iterator[Example]:
    """Every `example` / `examples` in the spec, with the schema it belongs to.

    Parameter and media type objects carry the schema as a sibling `schema`; a schema object's own
    `example(s)` belong to the schema itself. Example values are never searched for further examples.
    """

    def walk(node: Any, pointer: str, parent_key: str | None) -> Iterator[Example]:
        if isinstance(node, list):
            for i, item in enumerate(node):
                yield from walk(item, f"{pointer}/{i}", None)
            return
        if not isinstance(node, dict):
            return
        keywords = parent_key != "properties"  # a properties map is keyed by field names, not keywords
        if keywords:
            schema = node["schema"] if isinstance(node.get("schema"), dict) else node
            in_response = "/responses/" in pointer
            if "example" in node:
                yield Example(f"{pointer}/example", node["example"], schema, in_response)
            examples = node.get("examples")
            if isinstance(examples, dict):  # parameter / media type: name -> Example object
                for name, ex in examples.items():
                    ex = resolve(spec, ex)
                    if "value" in ex:
                        where = f"{pointer}/examples/{escape(name)}/value"
                        yield Example(where, ex["value"], schema, in_response)
            elif isinstance(examples, list):  # schema object: a list of values
                for i, value in enumerate(examples):
                    yield Example(f"{pointer}/examples/{i}", value, schema, in_response)
        for key, child in node.items():
            if not (keywords and key in ("example", "examples")):
                yield from walk(child, f"{pointer}/{escape(key)}", key)

    yield from walk(spec, "", None)


def json_keys(value: Any) -> set[str]:
    """Every object key anywhere inside a JSON value."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in json_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in json_keys(v)}
    return set()


def reachable_schemas(spec: Spec, node: Any) -> set[str]:
    """Names of the component schemas reachable from `node` through `$ref`s (transitively)."""
    names: set[str] = set()
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, list):
            pending.extend(current)
        elif isinstance(current, dict):
            name = ref_name(current)
            if name is not None and current["$ref"].startswith("#/components/schemas/") and name not in names:
                names.add(name)
                pending.append(spec["components"]["schemas"][name])
            pending.extend(v for k, v in current.items() if k not in ("$ref", "example", "examples"))
    return names
