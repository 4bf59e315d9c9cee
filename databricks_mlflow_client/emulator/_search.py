"""The small part of MLflow's search syntax the supporting OSS calls need: filters, order_by and page tokens.

Filters are `<attribute> <op> '<value>'` clauses joined by AND, with op one of `=`, `!=`, `LIKE`, `ILIKE`
(`%` and `_` wildcards). Page tokens are opaque base64 offsets into the sorted result.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, TypeVar

from ._principals import bad_param

T = TypeVar("T")

_CLAUSE: Final = re.compile(
    r"\s*(?:attributes?\.)?(?P<field>\w+)\s*(?P<op>!=|=|ILIKE\b|LIKE\b)\s*(?P<quote>['\"])(?P<value>.*?)(?P=quote)\s*",
    re.IGNORECASE,
)
_AND: Final = re.compile(r"AND\s", re.IGNORECASE)
_ORDER: Final = re.compile(
    r"\s*(?:attributes?\.)?(?P<field>\w+)(?:\s+(?P<direction>ASC|DESC))?\s*", re.IGNORECASE
)


def _like(pattern: str, ignore_case: bool) -> Callable[[str], bool]:
    regex = "".join(".*" if char == "%" else "." if char == "_" else re.escape(char) for char in pattern)
    compiled = re.compile(regex, re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)
    return lambda text: compiled.fullmatch(text) is not None


def _condition(op: str, value: str) -> Callable[[str], bool]:
    op = op.upper()
    if op == "=":
        return lambda text: text == value
    if op == "!=":
        return lambda text: text != value
    return _like(value, ignore_case=op == "ILIKE")


def compile_filter(expression: str | None, fields: Mapping[str, Callable[[T], str]]) -> Callable[[T], bool]:
    """A predicate for `expression`; INVALID_PARAMETER_VALUE naming `filter` when it is not understood."""
    if expression is None or not expression.strip():
        return lambda _item: True
    checks: list[tuple[Callable[[T], str], Callable[[str], bool]]] = []
    position = 0
    while True:
        clause = _CLAUSE.match(expression, position)
        if clause is None:
            raise bad_param(f"Invalid filter '{expression}': expected <attribute> =|!=|LIKE|ILIKE '<value>'.")
        field = clause["field"].lower()
        if field not in fields:
            raise bad_param(
                f"Invalid filter '{expression}': cannot filter on '{field}'; supported: {', '.join(fields)}."
            )
        checks.append((fields[field], _condition(clause["op"], clause["value"])))
        position = clause.end()
        if position == len(expression):
            break
        conjunction = _AND.match(expression, position)
        if conjunction is None:
            raise bad_param(f"Invalid filter '{expression}': clauses must be joined by AND.")
        position = conjunction.end()
    return lambda item: all(check(get(item)) for get, check in checks)


def sort(
    items: list[T],
    order_by: Sequence[str] | None,
    keys: Mapping[str, Callable[[T], Any]],
    default: Sequence[str],
) -> list[T]:
    """Sort by the `order_by` columns (`name [ASC|DESC]`), ties broken by `default`."""
    columns: list[tuple[Callable[[T], Any], bool]] = []
    for column in [*(order_by or ()), *default]:
        match = _ORDER.fullmatch(column)
        if match is None or match["field"].lower() not in keys:
            raise bad_param(f"Invalid order_by clause '{column}'; sortable columns: {', '.join(keys)}.")
        columns.append((keys[match["field"].lower()], (match["direction"] or "ASC").upper() == "DESC"))
    ordered = list(items)
    for key, descending in reversed(columns):
        ordered.sort(key=key, reverse=descending)
    return ordered


LIFECYCLES: Final = {"ACTIVE_ONLY": ("active",), "DELETED_ONLY": ("deleted",), "ALL": ("active", "deleted")}


def lifecycles(view_type: object, name: str) -> tuple[str, ...]:
    """The lifecycle stages a ViewType (`view_type`, `run_view_type`) selects; ACTIVE_ONLY when unset."""
    view = view_type or "ACTIVE_ONLY"
    if not isinstance(view, str) or view not in LIFECYCLES:
        raise bad_param(f"Invalid value '{view}' for parameter '{name}'.")
    return LIFECYCLES[view]


def search_page(
    items: list[T],
    params: Mapping[str, Any],
    *,
    keys: Mapping[str, Callable[[T], Any]],
    default: Sequence[str],
    size: int,
    field: str,
    wire: Callable[[T], Any],
) -> dict[str, Any]:
    """One page of a search answer: `{field: [...], next_page_token}`, sorted by `order_by` then `default`."""
    ordered = sort(items, params.get("order_by"), keys, default)
    page, next_token = paginate(ordered, size, params.get("page_token"))
    answer: dict[str, Any] = {field: [wire(item) for item in page]}
    if next_token:
        answer["next_page_token"] = next_token
    return answer


def paginate(items: Sequence[T], size: int, page_token: str | None) -> tuple[list[T], str]:
    """One page and the token of the next one ("" on the last page)."""
    start = _decode_offset(page_token) if page_token else 0
    end = start + size
    next_token = _encode_offset(end) if end < len(items) else ""
    return list(items[start:end]), next_token


def _encode_offset(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def _decode_offset(token: str) -> int:
    try:
        offset = json.loads(base64.urlsafe_b64decode(token.encode()))["offset"]
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise bad_param(f"Invalid page_token '{token}'.") from None
    if not isinstance(offset, int) or offset < 0:
        raise bad_param(f"Invalid page_token '{token}'.")
    return offset
