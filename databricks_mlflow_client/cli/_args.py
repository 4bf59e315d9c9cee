"""Parsing of the command line's own notations: principals, grants, times and name globs."""

from __future__ import annotations

import datetime
import fnmatch
from collections.abc import Mapping

import click

PRINCIPAL_PREFIXES = {"user": "user_name", "group": "group_name", "sp": "service_principal_name"}
PREFIX_OF_FIELD = {field: prefix for prefix, field in PRINCIPAL_PREFIXES.items()}
GLOB_CHARACTERS = frozenset("*?[")


def parse_principal(text: str) -> tuple[str, str]:
    """``user:a@x`` / ``group:name`` / ``sp:app-id`` -> (wire field, name)."""
    prefix, separator, name = text.partition(":")
    field = PRINCIPAL_PREFIXES.get(prefix.strip().lower())
    if not separator or field is None or not name:
        raise click.BadParameter(
            f"{text!r}: a principal is user:NAME, group:NAME or sp:APPLICATION_ID", param_hint="PRINCIPAL"
        )
    return field, name


def parse_level(text: str, param_hint: str = "LEVEL") -> str:
    """A permission level as the API spells it (``CAN_READ``).

    One rule with the client and ``validate_request``: levels are upper case, so ``can_read`` is refused
    (with the spelling to use) rather than silently changed. Whether the level exists is checked by the
    request validation, which knows the levels of each object type.
    """
    level = text.strip()
    if level != level.upper():
        raise click.BadParameter(
            f"{text!r}: permission levels are upper case; did you mean {level.upper()}?",
            param_hint=param_hint,
        )
    return level


def parse_grant(text: str) -> dict[str, str]:
    """``group:ml-engineers=CAN_READ`` -> ``{"group_name": "ml-engineers", "permission_level": "CAN_READ"}``."""
    principal, separator, level = text.rpartition("=")
    if not separator or not principal or not level:
        raise click.BadParameter(f"{text!r}: a grant is PRINCIPAL=LEVEL, e.g. group:ml-engineers=CAN_READ")
    field, name = parse_principal(principal)
    return {field: name, "permission_level": parse_level(level, param_hint="--grant")}


def principal_label(entry: Mapping[str, object]) -> str:
    """The command-line spelling of an ACL entry's principal (``group:admins``)."""
    for field, prefix in PREFIX_OF_FIELD.items():
        value = entry.get(field)
        if isinstance(value, str):
            return f"{prefix}:{value}"
    return "?"


def parse_time_millis(text: str) -> int:
    """Milliseconds since the epoch, given as such or as an ISO 8601 date or date-time (UTC unless it says)."""
    stripped = text.strip()
    if stripped.isdigit():
        return int(stripped)
    try:
        moment = datetime.datetime.fromisoformat(stripped)
    except ValueError:
        raise click.BadParameter(
            f"{text!r}: give milliseconds since the epoch or an ISO date such as 2024-05-01 or "
            "2024-05-01T12:00:00Z"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return int(moment.timestamp() * 1000)


def time_millis_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> int | None:
    """Option callback: ``--before 2024-05-01`` and ``--before 1714521600000`` both give milliseconds."""
    return None if value is None else parse_time_millis(value)


def is_glob(pattern: str) -> bool:
    """Whether ``pattern`` has glob characters (``*``, ``?``, ``[``)."""
    return not GLOB_CHARACTERS.isdisjoint(pattern)


def glob_to_like(pattern: str) -> str:
    """A LIKE pattern that matches at least what the glob matches (``[...]`` and a literal ``_`` widen it);
    the caller filters the results with ``glob_matches`` for the exact answer."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "*":
            out.append("%")
        elif char == "?":
            out.append("_")
        elif char == "[":
            end = pattern.find("]", index + 2)
            if end == -1:
                out.append("[")
            else:
                out.append("_")
                index = end
        elif char == "'":
            out.append("_")  # the search filter has no quote escape; `_` matches it
        else:
            out.append(char)
        index += 1
    return "".join(out)


def glob_matches(name: str, pattern: str) -> bool:
    """Whether ``name`` matches the glob, case-sensitively."""
    return fnmatch.fnmatchcase(name, pattern)
