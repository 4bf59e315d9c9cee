"""The workspace SCIM list calls (`/api/2.0/preview/scim/v2/Users|Groups|ServicePrincipals`) over the
directory in `_principals`: paging by `startIndex`/`count`, `attributes`/`excludedAttributes`, and a filter
of one `<attribute> eq|ne|co|sw "<value>"` expression (databricks-sdk: "we currently only support simple
expressions"). Anything else in `filter` is refused with 400, naming the filter. Any authenticated
principal may list. IDs are stable numbers derived from the name (the directory keeps none)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from typing import Any, Final

from ._principals import ApiError, Principal, bad_param
from ._state import Handler, Params, State, integer, optional_text

_LIST_RESPONSE: Final = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
_DEFAULT_COUNT: Final = 10_000
_EXPRESSION: Final = re.compile(
    r'\s*(?P<attr>[A-Za-z][A-Za-z0-9.]*)\s+(?P<op>[A-Za-z]{2})\s+(?P<value>".*")\s*'
)
_OPERATORS: Final[dict[str, Callable[[str, str], bool]]] = {
    "eq": lambda have, want: have == want,
    "ne": lambda have, want: have != want,
    "co": lambda have, want: want in have,
    "sw": lambda have, want: have.startswith(want),
}


def scim_id(kind: str, name: str) -> str:
    return str(int(hashlib.sha256(f"{kind}:{name}".encode()).hexdigest()[:13], 16))


def _invalid_filter(expression: str, why: str) -> ApiError:
    return bad_param(f"Invalid filter '{expression}': {why}")


def _compile(expression: str | None, attributes: Iterable[str]) -> Callable[[dict[str, Any]], bool]:
    if expression is None or not expression.strip():
        return lambda _resource: True
    match = _EXPRESSION.fullmatch(expression)
    if match is None:
        raise _invalid_filter(expression, 'expected one expression <attribute> eq|ne|co|sw "<value>".')
    known = {name.lower(): name for name in attributes}
    attribute = known.get(match["attr"].lower())
    if attribute is None:
        raise _invalid_filter(
            expression, f"cannot filter on '{match['attr']}'; supported: {', '.join(known.values())}."
        )
    test = _OPERATORS.get(match["op"].lower())
    if test is None:
        raise _invalid_filter(expression, f"unsupported operator '{match['op']}'; supported: eq, ne, co, sw.")
    try:
        wanted = json.loads(match["value"])
    except json.JSONDecodeError:
        raise _invalid_filter(expression, "the value is not a valid quoted string.") from None
    if not isinstance(wanted, str):
        raise _invalid_filter(expression, "the value is not a valid quoted string.")
    return lambda resource: test(str(resource.get(attribute, "")), wanted)


def _projected(resource: dict[str, Any], params: Params) -> dict[str, Any]:
    only = optional_text(params, "attributes")
    if only:
        keep = {name.strip() for name in only.split(",")} | {"id"}
        resource = {key: value for key, value in resource.items() if key in keep}
    excluded = optional_text(params, "excludedAttributes")
    if excluded:
        drop = {name.strip() for name in excluded.split(",")} - {"id"}
        resource = {key: value for key, value in resource.items() if key not in drop}
    return resource


def _page(resources: list[dict[str, Any]], params: Params, filterable: Iterable[str]) -> dict[str, Any]:
    keep = _compile(optional_text(params, "filter"), filterable)
    sort_by = optional_text(params, "sortBy")
    matched = [resource for resource in resources if keep(resource)]
    if sort_by:
        descending = params.get("sortOrder") == "descending"
        matched.sort(key=lambda resource: str(resource.get(sort_by, "")), reverse=descending)
    start = max(integer(params, "startIndex", 1), 1)
    count = integer(params, "count", _DEFAULT_COUNT)
    if count < 0:
        raise bad_param(f"Invalid count {count}: it must not be negative.")
    page = [_projected(resource, params) for resource in matched[start - 1 : start - 1 + count]]
    answer: dict[str, Any] = {
        "schemas": [_LIST_RESPONSE],
        "totalResults": len(matched),
        "itemsPerPage": len(page),
        "startIndex": start,
    }
    if page:
        answer["Resources"] = page
    return answer


def _group_refs(state: State, principal: Principal) -> list[dict[str, str]]:
    return [
        {"display": group, "value": scim_id("group", group)}
        for group in sorted(state.directory.groups_of(principal))
    ]


def list_users(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    users = [
        {
            "id": scim_id("user", user.name),
            "userName": user.name,
            "displayName": user.display_name,
            "active": True,
            "emails": [{"value": user.name, "type": "work", "primary": True}],
            "groups": _group_refs(state, user),
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        }
        for user in state.directory.users.values()
    ]
    return _page(users, params, ("id", "userName", "displayName"))


def list_groups(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    directory = state.directory
    groups = [
        {
            "id": scim_id("group", name),
            "displayName": name,
            "members": [
                {"display": directory.display_name(member.ref), "value": scim_id(member.kind, member.name)}
                for member in sorted(filter(None, map(directory.principal, members)), key=lambda p: p.name)
            ],
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        }
        for name, members in directory.groups.items()
    ]
    return _page(groups, params, ("id", "displayName"))


def list_service_principals(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    service_principals = [
        {
            "id": scim_id("service_principal", sp.name),
            "applicationId": sp.name,
            "displayName": sp.display_name,
            "active": True,
            "groups": _group_refs(state, sp),
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal"],
        }
        for sp in state.directory.service_principals.values()
    ]
    return _page(service_principals, params, ("id", "applicationId", "displayName"))


HANDLERS: Final[dict[str, Handler]] = {
    "list_users": list_users,
    "list_groups": list_groups,
    "list_service_principals": list_service_principals,
}
