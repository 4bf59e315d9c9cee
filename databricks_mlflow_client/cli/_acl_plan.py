"""The permissions file of `permissions export` / `apply`, and the plan: pure functions, no I/O.

The file holds the DIRECT grants of each object, in the form PUT/PATCH take::

    registered_models:
      Sklearn_Wine_best:
      - group_name: ml-engineers
        permission_level: CAN_MANAGE_STAGING_VERSIONS
    experiments:
      /Shared/fraud-detection: []      # [] removes every direct grant; inherited grants stay

An object's plan compares that with the object's current direct grants, principal by principal. It is
applied with PUT (the whole desired list) when something must be removed, else with PATCH carrying only
the additions and changes, so grants made meanwhile by others on untouched principals are not rewritten.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, Final, Literal

import yaml

from ._args import PREFIX_OF_FIELD
from ._yaml_stream import read_events

Kind = Literal["registered_models", "experiments", "unity_catalog_models"]
KINDS: tuple[Kind, ...] = ("registered_models", "experiments")
KIND_LABELS: dict[Kind, str] = {
    "registered_models": "registered model",
    "experiments": "experiment",
    "unity_catalog_models": "Unity Catalog model",
}
UC_SECTION: Final[Kind] = "unity_catalog_models"
OTHER_SECTIONS = (UC_SECTION,)
"""Sections of the same file that _uc_governance reads (skipped here)."""
PRINCIPAL_FIELDS = ("user_name", "group_name", "service_principal_name")
LEVEL_FIELD = "permission_level"

Principal = tuple[str, str]
"""(wire field, name), e.g. ("group_name", "admins")."""


class PermissionsFileError(ValueError):
    """The file does not describe permissions; the message names the place."""


_YAML_STR = "tag:yaml.org,2002:str"
_YAML_TYPE_NAMES = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:int": "an integer",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
}


def _check_keys(node: yaml.Node) -> None:
    """Refuse a key given twice in any mapping under ``node`` (YAML would silently keep the last)."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_keys(item)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    seen: dict[tuple[str, str], int] = {}
    for key, value in node.value:
        line = key.start_mark.line + 1
        if isinstance(key, yaml.ScalarNode):
            first = seen.setdefault((key.tag, key.value), line)
            if first != line:
                raise PermissionsFileError(
                    f"line {line}: {key.value!r} is given twice (first on line {first})"
                )
        _check_keys(value)


def _check_name(key: yaml.ScalarNode) -> None:
    if key.tag != _YAML_STR:
        kind = _YAML_TYPE_NAMES.get(key.tag, key.tag)
        raise PermissionsFileError(
            f"line {key.start_mark.line + 1}: the object name {key.value!r} reads as {kind}, not a name; "
            f"quote it: '{key.value}':"
        )


def section_entries(
    loader: Any, key: Callable[[str, int], str] = lambda name, _line: name
) -> Iterator[tuple[str, Any]]:
    """(name, value) of each entry of the section mapping the loader is at, in file order, built one at a
    time: names must read as strings, no name may come twice (compared by ``key(name, line)``, which may
    also refuse a name), and no key may come twice inside a value."""
    loader.get_event()  # mapping start
    seen: dict[str, int] = {}
    while not loader.check_event(yaml.MappingEndEvent):
        name = loader.compose_node(None, None)
        _check_name(name)
        line = name.start_mark.line + 1
        compared = key(name.value, line)
        if compared in seen:
            raise PermissionsFileError(
                f"line {line}: {name.value!r} is given twice (first on line {seen[compared]})"
            )
        seen[compared] = line
        value = loader.compose_node(None, None)
        _check_keys(value)
        yield name.value, loader.construct_document(value)
    loader.get_event()  # mapping end


@dataclass(frozen=True, order=True)
class Target:
    kind: Kind
    name: str

    def __str__(self) -> str:
        return f"{KIND_LABELS[self.kind]} {self.name}"


@dataclass(frozen=True)
class Grant:
    principal: Principal
    level: str

    def to_wire(self) -> dict[str, str]:
        return {self.principal[0]: self.principal[1], LEVEL_FIELD: self.level}


@dataclass(frozen=True)
class Change:
    principal: Principal
    before: str | None
    after: str | None

    @property
    def label(self) -> str:
        return principal_text(self.principal)


@dataclass(frozen=True)
class ObjectPlan:
    target: Target
    desired: tuple[Grant, ...]
    add: tuple[Change, ...] = ()
    change: tuple[Change, ...] = ()
    remove: tuple[Change, ...] = ()

    @property
    def has_changes(self) -> bool:
        return bool(self.add or self.change or self.remove)

    @property
    def method(self) -> Literal["PUT", "PATCH"] | None:
        if self.remove:
            return "PUT"
        return "PATCH" if self.has_changes else None

    def request_acl(self) -> list[dict[str, str]]:
        """The access_control_list to send with ``method``."""
        if self.method == "PUT":
            return [grant.to_wire() for grant in self.desired]
        return [Grant(c.principal, c.after).to_wire() for c in (*self.add, *self.change) if c.after]

    @property
    def empties(self) -> bool:
        """The file lists the object with [] and it has direct grants: every one of them would go."""
        return not self.desired and bool(self.remove)

    def summary(self) -> str:
        if not self.has_changes:
            return "no changes"
        counts = f"{len(self.add)} to add, {len(self.change)} to change, {len(self.remove)} to remove"
        if self.empties:
            counts += f" (every direct grant: {len(self.remove)})"
        return f"{counts} ({self.method})"


def principal_text(principal: Principal) -> str:
    return f"{PREFIX_OF_FIELD[principal[0]]}:{principal[1]}"


def plan_object(target: Target, current: Sequence[Mapping[str, Any]], desired: Sequence[Grant]) -> ObjectPlan:
    """What turns the ``current`` direct ACL (entries in wire form) into ``desired``."""
    now = {grant.principal: grant.level for grant in (grant_of(entry, "current") for entry in current)}
    wanted = {grant.principal: grant.level for grant in desired}
    add = [Change(p, None, level) for p, level in wanted.items() if p not in now]
    change = [Change(p, now[p], level) for p, level in wanted.items() if p in now and now[p] != level]
    remove = [Change(p, level, None) for p, level in now.items() if p not in wanted]
    return ObjectPlan(
        target,
        tuple(desired),
        add=tuple(sorted(add, key=_order)),
        change=tuple(sorted(change, key=_order)),
        remove=tuple(sorted(remove, key=_order)),
    )


def _order(change: Change) -> tuple[int, str]:
    return PRINCIPAL_FIELDS.index(change.principal[0]), change.principal[1]


def grant_of(entry: object, where: str) -> Grant:
    if not isinstance(entry, Mapping):
        raise PermissionsFileError(f"{where}: a grant must be a mapping, got {type(entry).__name__}")
    unknown = sorted(set(entry) - {*PRINCIPAL_FIELDS, LEVEL_FIELD})
    if unknown:
        raise PermissionsFileError(f"{where}: unknown key {unknown[0]!r}")
    named = [(field, entry[field]) for field in PRINCIPAL_FIELDS if entry.get(field) is not None]
    if len(named) != 1:
        raise PermissionsFileError(f"{where}: give exactly one of {', '.join(PRINCIPAL_FIELDS)}")
    field, name = named[0]
    level = entry.get(LEVEL_FIELD)
    if not isinstance(name, str) or not name:
        raise PermissionsFileError(f"{where}.{field}: must be a non-empty string")
    if not isinstance(level, str) or not level:
        raise PermissionsFileError(f"{where}.{LEVEL_FIELD}: must be a non-empty string")
    return Grant((field, name), level)


def parse_permissions_file(document: object) -> dict[Target, tuple[Grant, ...]]:
    """The desired direct grants per object of a document already in memory, checked as a file is."""
    return dict(iter_permissions_file(yaml.safe_dump(document, sort_keys=False, allow_unicode=True)))


def parse_object(target: Target, entries: object) -> tuple[Grant, ...]:
    """One object's list of grants, checked."""
    where = f"{target.kind}.{target.name}"
    if entries is None:
        raise PermissionsFileError(f"{where}: empty; write [] to remove every direct grant")
    if not isinstance(entries, list):
        raise PermissionsFileError(f"{where}: must be a list of grants")
    grants = tuple(grant_of(entry, f"{where}[{index}]") for index, entry in enumerate(entries))
    seen: set[Principal] = set()
    for grant in grants:
        if grant.principal in seen:
            raise PermissionsFileError(f"{where}: {principal_text(grant.principal)} is listed twice")
        seen.add(grant.principal)
    return grants


def iter_permissions_file(stream: str | IO[str]) -> Iterator[tuple[Target, tuple[Grant, ...]]]:
    """The objects of a permissions file one at a time, in file order; PermissionsFileError (naming the
    line or the object) on anything malformed, and on what YAML would silently reinterpret: a key given
    twice in one mapping, and object names that are not strings (``yes:``, ``null:``, ``12:30:`` read as
    True, None, 750). Holds one object's YAML nodes at a time (and the names seen): a file of any size.
    Parsed with libyaml when available, with PyYAML's own results and errors (`_yaml_stream.read_events`)."""
    return read_events(stream, _workspace_objects)


def _workspace_objects(loader: Any) -> Iterator[tuple[Target, tuple[Grant, ...]]]:
    """`iter_permissions_file` on a loader at the start of the stream (the event API is untyped)."""
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return
    loader.get_event()  # document start
    if not loader.check_event(yaml.MappingStartEvent):
        if loader.construct_document(loader.compose_node(None, None)) is None:
            return
        raise PermissionsFileError("the file must be a mapping with registered_models and/or experiments")
    loader.get_event()
    sections: dict[str, int] = {}
    while not loader.check_event(yaml.MappingEndEvent):
        key = loader.compose_node(None, None)
        kind, line = key.value, key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode) or kind not in (*KINDS, *OTHER_SECTIONS):
            raise PermissionsFileError(
                f"line {line}: unknown section {kind!r} (expected {', '.join((*KINDS, *OTHER_SECTIONS))})"
            )
        if kind in sections:
            raise PermissionsFileError(
                f"line {line}: {kind!r} is given twice (first on line {sections[kind]})"
            )
        sections[kind] = line
        if kind in OTHER_SECTIONS:
            loader.compose_node(None, None)
            continue
        if not loader.check_event(yaml.MappingStartEvent):
            value = loader.compose_node(None, None)
            if loader.construct_document(value) is None:
                continue
            raise PermissionsFileError(f"{kind}: must map object names to lists of grants")
        for name, value in section_entries(loader):
            target = Target(kind, name)
            yield target, parse_object(target, value)
    loader.get_event()  # mapping end
    loader.get_event()  # document end
    if not loader.check_event(yaml.StreamEndEvent):
        raise PermissionsFileError("the file must hold one YAML document")


def sorted_grants(target: Target, entries: Iterable[Mapping[str, Any]]) -> list[Grant]:
    """Wire-form entries as grants, principals in a stable order for readable diffs."""
    grants = [grant_of(entry, str(target)) for entry in entries]
    grants.sort(key=lambda grant: (PRINCIPAL_FIELDS.index(grant.principal[0]), grant.principal[1]))
    return grants


def permissions_document(acls: Mapping[Target, Sequence[Mapping[str, Any]]]) -> dict[str, Any]:
    """The file for direct ACLs (wire-form entries), principals in a stable order for readable diffs."""
    document: dict[str, Any] = {kind: {} for kind in KINDS}
    for target in sorted(acls):
        document[target.kind][target.name] = [
            grant.to_wire() for grant in sorted_grants(target, acls[target])
        ]
    return document


_PLAIN = re.compile(r"[A-Za-z0-9_/][A-Za-z0-9_.@/-]{0,119}")
"""Strings PyYAML writes as they are (when they do not read as another type): no quoting, no wrapping, short
enough for a simple key."""
_RESOLVER: Any = yaml.resolver.Resolver()  # the stubs leave the resolver untyped


@functools.lru_cache(maxsize=4096)
def _plain(text: str) -> bool:
    """Whether ``yaml.safe_dump`` writes ``text`` unquoted (the writer then skips PyYAML for it)."""
    return (
        bool(_PLAIN.fullmatch(text)) and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _YAML_STR
    )


def _object_yaml(name: str, wire: Sequence[Mapping[str, str]]) -> str:
    """One object of the file, exactly as ``yaml.safe_dump({name: wire})`` writes it; formatted directly
    when every string is plain (PyYAML costs ~0.25 ms per object, a tenth of an export's CPU budget)."""
    if _plain(name) and all(_plain(key) and _plain(value) for entry in wire for key, value in entry.items()):
        if not wire:
            return f"{name}: []\n"
        return f"{name}:\n" + "".join(
            "".join(
                f"{'-' if index == 0 else ' '} {key}: {value}\n"
                for index, (key, value) in enumerate(entry.items())
            )
            for entry in wire
        )
    return yaml.safe_dump({name: list(wire)}, sort_keys=False, allow_unicode=True)


class PermissionsFileWriter:
    """Writes the file object by object (sections in KINDS order), so an export of any size holds only the
    objects in flight: ``write`` the objects of each section in turn, then ``close``."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._current: Kind | None = None
        self._next_section = 0
        self.written = 0

    def _open(self, kind: Kind) -> None:
        index = KINDS.index(kind)
        if index < self._next_section:
            raise ValueError(f"section {kind} was already written")
        for skipped in KINDS[self._next_section : index]:
            self._out.write(f"{skipped}: {{}}\n")
        self._out.write(f"{kind}:\n")
        self._current, self._next_section = kind, index + 1

    def write(self, target: Target, entries: Iterable[Mapping[str, Any]]) -> None:
        if self._current != target.kind:
            self._open(target.kind)
        text = _object_yaml(target.name, [grant.to_wire() for grant in sorted_grants(target, entries)])
        self._out.write("".join("  " + line for line in text.splitlines(keepends=True)))
        self.written += 1

    def close(self) -> None:
        for kind in KINDS[self._next_section :]:
            self._out.write(f"{kind}: {{}}\n")
        self._next_section = len(KINDS)
