"""Models in Unity Catalog: a metastore of catalogs and schemas holding registered models, their versions,
aliases, owners and grants, served beside the workspace registry of the same emulated workspace.

Rules (each with its source in docs/emulator-fidelity-uc.md):
- Names are three-level, `catalog.schema.model`, matched without regard to letter case and stored lower case.
- Every model operation needs USE CATALOG on the catalog and USE SCHEMA on the schema (owning the parent
  counts, and a privilege granted on the catalog is inherited by its schemas and models).
- Reading a model or its versions (get, list, get by alias) needs EXECUTE on the model or its ownership;
  a list leaves out what the caller cannot read.
- Changing a model (comment, owner, name, delete), its versions (comment, delete) and its aliases needs
  ownership of the model; the owner of its schema may also hand the model to a new owner (and do nothing
  else with it). Creating one needs CREATE MODEL or CREATE FUNCTION on the schema.
- Granting and revoking needs ownership of the securable or of its catalog or schema, or MANAGE on it.
  Reading the grants needs the same, or is limited to the caller's own grants.
- The owner of an object holds every privilege on it, but not on its children: a schema owner may grant
  itself EXECUTE on a model, it does not have it.
- Workspace admins act as metastore admins: they pass every check.
- A model has at most 10 aliases; deleting a version deletes the aliases pointing at it.
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from ._principals import ApiError, Principal, bad_param, denied
from ._search import paginate
from ._state import Handler, Params, State, drop_none, text

CATALOG: Final = "CATALOG"
SCHEMA: Final = "SCHEMA"
FUNCTION: Final = "FUNCTION"
"""The securable type of a registered model."""

ACCOUNT_USERS: Final = "account users"
"""The group every principal belongs to."""

MAX_ALIASES: Final = 10
METASTORE_ID: Final = "11111111-2222-3333-4444-555555555555"

# Privileges that can be granted on each securable type (the subset of the Privilege enum that applies).
_MODEL_PRIVILEGES: Final = frozenset({"ALL_PRIVILEGES", "APPLY_TAG", "EXECUTE", "MANAGE"})
_SCHEMA_PRIVILEGES: Final = _MODEL_PRIVILEGES | {
    "CREATE_FUNCTION",
    "CREATE_MATERIALIZED_VIEW",
    "CREATE_MODEL",
    "CREATE_TABLE",
    "CREATE_VOLUME",
    "EXTERNAL_USE_SCHEMA",
    "MODIFY",
    "READ_VOLUME",
    "REFRESH",
    "SELECT",
    "USE_SCHEMA",
    "WRITE_VOLUME",
}
_CATALOG_PRIVILEGES: Final = _SCHEMA_PRIVILEGES | {"BROWSE", "CREATE_SCHEMA", "USE_CATALOG"}
GRANTABLE: Final[Mapping[str, frozenset[str]]] = {
    CATALOG: _CATALOG_PRIVILEGES,
    SCHEMA: _SCHEMA_PRIVILEGES,
    FUNCTION: _MODEL_PRIVILEGES,
}
# ALL_PRIVILEGES stands for every applicable privilege except MANAGE and EXTERNAL_USE_SCHEMA.
_NOT_IN_ALL: Final = frozenset({"MANAGE", "EXTERNAL_USE_SCHEMA"})

Grants = dict[str, set[str]]
"""principal -> privileges granted directly."""


# ---------------------------------------------------------------------------------------------------- records


@attrs.define(eq=False)
class Securable:
    kind: str
    full_name: str
    owner: str
    created_at: int
    created_by: str
    comment: str = ""
    grants: Grants = attrs.Factory(dict)


@attrs.define(eq=False)
class UcVersion:
    version: int
    created_at: int
    created_by: str
    updated_at: int
    updated_by: str
    source: str = ""
    run_id: str = ""
    comment: str = ""
    id: str = attrs.Factory(lambda: str(uuid.uuid4()))


@attrs.define(eq=False)
class UcModel(Securable):
    updated_at: int = 0
    updated_by: str = ""
    id: str = attrs.Factory(lambda: uuid.uuid4().hex)
    versions: dict[int, UcVersion] = attrs.Factory(dict)
    aliases: dict[str, int] = attrs.Factory(dict)
    next_version: int = 1

    @property
    def parts(self) -> tuple[str, str, str]:
        catalog, schema, name = self.full_name.split(".")
        return catalog, schema, name


class Metastore:
    """Catalogs, schemas and models by lower-case full name."""

    def __init__(self) -> None:
        self.catalogs: dict[str, Securable] = {}
        self.schemas: dict[str, Securable] = {}
        self.models: dict[str, UcModel] = {}


_METASTORES: weakref.WeakKeyDictionary[State, Metastore] = weakref.WeakKeyDictionary()


def metastore(state: State) -> Metastore:
    """The metastore attached to this workspace's state (created empty on first use)."""
    found = _METASTORES.get(state)
    if found is None:
        found = _METASTORES[state] = Metastore()
    return found


# ---------------------------------------------------------------------------------------------------- names


def split_name(full_name: str, parts: int, field: str = "full_name") -> list[str]:
    """`full_name` lower-cased and split into `parts` non-empty dot-separated names; 400 otherwise."""
    names = full_name.lower().split(".")
    if len(names) != parts or not all(names):
        shape = ".".join(("catalog", "schema", "model")[:parts])
        raise bad_param(f"Parameter '{field}' must be a {parts}-level name `{shape}`, got '{full_name}'.")
    return names


def _missing(kind: str, name: str) -> ApiError:
    codes = {CATALOG: "CATALOG_DOES_NOT_EXIST", SCHEMA: "SCHEMA_DOES_NOT_EXIST"}
    label = {CATALOG: "Catalog", SCHEMA: "Schema", FUNCTION: "Registered model"}[kind]
    return ApiError(404, codes.get(kind, "RESOURCE_DOES_NOT_EXIST"), f"{label} '{name}' does not exist.")


def find_catalog(store: Metastore, name: str) -> Securable:
    found = store.catalogs.get(name.lower())
    if found is None:
        raise _missing(CATALOG, name)
    return found


def find_schema(store: Metastore, full_name: str) -> Securable:
    catalog, _ = split_name(full_name, 2)
    find_catalog(store, catalog)
    found = store.schemas.get(full_name.lower())
    if found is None:
        raise _missing(SCHEMA, full_name)
    return found


def find_model(store: Metastore, full_name: str) -> UcModel:
    catalog, schema, _ = split_name(full_name, 3)
    find_schema(store, f"{catalog}.{schema}")
    found = store.models.get(full_name.lower())
    if found is None:
        raise _missing(FUNCTION, full_name)
    return found


def parents(store: Metastore, securable: Securable) -> list[Securable]:
    """The catalog (and schema) above a securable, nearest last."""
    names = securable.full_name.split(".")
    chain = [store.catalogs[names[0]]]
    if len(names) == 3:
        chain.append(store.schemas[".".join(names[:2])])
    return chain if len(names) > 1 else []


# ---------------------------------------------------------------------------------------------------- checks


class Access:
    """What one caller may do in the metastore."""

    def __init__(self, state: State, principal: Principal) -> None:
        self.state = state
        self.principal = principal
        self.store = metastore(state)
        self.names = {principal.name, ACCOUNT_USERS, *state.directory.groups_of(principal)}

    @property
    def admin(self) -> bool:
        return self.principal.is_admin

    def owns(self, securable: Securable) -> bool:
        return self.admin or securable.owner in self.names

    def direct(self, securable: Securable) -> set[str]:
        """Privileges granted on this securable itself to the caller or one of its groups."""
        held: set[str] = set()
        for name, privileges in securable.grants.items():
            if name in self.names:
                held |= privileges
        return held

    def holds(self, securable: Securable, privilege: str) -> bool:
        """Ownership of the securable, or the privilege granted on it or inherited from a parent."""
        if self.owns(securable):
            return True
        for level in [*parents(self.store, securable), securable]:
            held = self.direct(level)
            if privilege in held or ("ALL_PRIVILEGES" in held and privilege not in _NOT_IN_ALL):
                return True
        return False

    def require(self, securable: Securable, privilege: str) -> None:
        if not self.holds(securable, privilege):
            kind = securable.kind.lower().replace("function", "registered model")
            raise denied(
                f"{self.principal.describe()} does not have {privilege.replace('_', ' ')} on "
                f"{kind} '{securable.full_name}'."
            )

    def use_parents(self, securable: Securable) -> None:
        """USE CATALOG on the catalog and USE SCHEMA on the schema (for a schema: on itself)."""
        chain = parents(self.store, securable)
        for parent in [*chain, securable] if securable.kind == SCHEMA else chain:
            self.require(parent, "USE_CATALOG" if parent.kind == CATALOG else "USE_SCHEMA")

    def can_read(self, model: UcModel) -> bool:
        try:
            self.use_parents(model)
        except ApiError:
            return False
        return self.holds(model, "EXECUTE")

    def read(self, model: UcModel) -> None:
        self.use_parents(model)
        self.require(model, "EXECUTE")

    def own(self, model: UcModel) -> None:
        self.use_parents(model)
        if not self.owns(model):
            raise denied(
                f"{self.principal.describe()} is not the owner of registered model '{model.full_name}'."
            )

    def manages(self, securable: Securable) -> bool:
        """May grant and revoke on the securable: owner of it or of a parent, MANAGE on it, or admin."""
        if self.owns(securable) or any(self.owns(p) for p in parents(self.store, securable)):
            return True
        return any("MANAGE" in self.direct(level) for level in [*parents(self.store, securable), securable])


# ---------------------------------------------------------------------------------------------------- shapes


def _alias_wire(model: UcModel, alias: str, version: int) -> dict[str, Any]:
    catalog, schema, name = model.parts
    return {
        "alias_name": alias,
        "version_num": version,
        "catalog_name": catalog,
        "schema_name": schema,
        "model_name": name,
        "id": f"{model.id}-{alias}",
    }


def _model_wire(model: UcModel, *, aliases: bool) -> dict[str, Any]:
    catalog, schema, name = model.parts
    wire: dict[str, Any] = {
        "full_name": model.full_name,
        "catalog_name": catalog,
        "schema_name": schema,
        "name": name,
        "owner": model.owner,
        "comment": model.comment,
        "metastore_id": METASTORE_ID,
        "storage_location": f"s3://uc-root/models/{model.id}",
        "created_at": model.created_at,
        "created_by": model.created_by,
        "updated_at": model.updated_at,
        "updated_by": model.updated_by,
    }
    if aliases:
        wire["aliases"] = [{"alias_name": a, "version_num": v} for a, v in sorted(model.aliases.items())]
    return drop_none(wire)


def _version_wire(model: UcModel, mv: UcVersion, *, aliases: bool) -> dict[str, Any]:
    catalog, schema, name = model.parts
    wire: dict[str, Any] = {
        "model_name": name,
        "catalog_name": catalog,
        "schema_name": schema,
        "version": mv.version,
        "id": mv.id,
        "comment": mv.comment,
        "source": mv.source,
        "run_id": mv.run_id,
        "status": "READY",
        "metastore_id": METASTORE_ID,
        "storage_location": f"s3://uc-root/models/{model.id}/versions/{mv.version}",
        "created_at": mv.created_at,
        "created_by": mv.created_by,
        "updated_at": mv.updated_at,
        "updated_by": mv.updated_by,
    }
    if aliases:
        wire["aliases"] = [
            {"alias_name": a, "version_num": v} for a, v in sorted(model.aliases.items()) if v == mv.version
        ]
    return wire


# ---------------------------------------------------------------------------------------------------- seeding


def create_catalog(state: State, owner: str, name: str, comment: str = "") -> Securable:
    store = metastore(state)
    (key,) = split_name(name, 1, "name")
    if key in store.catalogs:
        raise ValueError(f"catalog {name!r} already exists")
    catalog = Securable(CATALOG, key, owner, state.now_ms(), owner, comment)
    store.catalogs[key] = catalog
    return catalog


def create_schema(state: State, owner: str, full_name: str, comment: str = "") -> Securable:
    store = metastore(state)
    catalog, _ = split_name(full_name, 2)
    find_catalog(store, catalog)
    key = full_name.lower()
    if key in store.schemas:
        raise ValueError(f"schema {full_name!r} already exists")
    schema = Securable(SCHEMA, key, owner, state.now_ms(), owner, comment)
    store.schemas[key] = schema
    return schema


def create_model(state: State, creator: str, full_name: str, comment: str = "") -> UcModel:
    store = metastore(state)
    catalog, schema, _ = split_name(full_name, 3)
    find_schema(store, f"{catalog}.{schema}")
    key = full_name.lower()
    if key in store.models:
        raise ApiError(409, "RESOURCE_ALREADY_EXISTS", f"Registered model '{key}' already exists.")
    now = state.now_ms()
    model = UcModel(FUNCTION, key, creator, now, creator, comment, updated_at=now, updated_by=creator)
    store.models[key] = model
    return model


def create_version(
    state: State, creator: str, model: UcModel, source: str, run_id: str, comment: str
) -> UcVersion:
    now = state.now_ms()
    mv = UcVersion(model.next_version, now, creator, now, creator, source, run_id, comment)
    model.versions[mv.version] = mv
    model.next_version += 1
    return mv


def _exists(state: State, principal: str) -> bool:
    """A user, service principal or group of the workspace, or `account users`."""
    directory = state.directory
    return (
        principal == ACCOUNT_USERS
        or directory.principal(principal) is not None
        or principal in directory.groups
    )


def _grant_changes(
    state: State, securable: Securable, changes: Iterable[tuple[str, Iterable[str], Iterable[str]]]
) -> None:
    """Validate every change, then apply them all: nothing is half-applied."""
    allowed = GRANTABLE[securable.kind]
    checked: list[tuple[str, set[str], set[str]]] = []
    for index, (principal, add, remove) in enumerate(changes):
        where = f"changes[{index}]"
        if not principal:
            raise bad_param(f"{where}.principal is required.")
        if not _exists(state, principal):
            raise bad_param(f"{where}.principal: could not find principal with name '{principal}'.")
        add_set, remove_set = set(add), set(remove)
        wrong = sorted((add_set | remove_set) - allowed)
        if wrong:
            raise bad_param(
                f"{where}: privilege {', '.join(wrong)} is not applicable to {securable.kind.lower()} "
                f"'{securable.full_name}'; applicable: {', '.join(sorted(allowed))}."
            )
        checked.append((principal, add_set, remove_set))
    for principal, add_set, remove_set in checked:
        held = securable.grants.setdefault(principal, set())
        held |= add_set
        held -= remove_set
        if not held:
            del securable.grants[principal]


# ---------------------------------------------------------------------------------------------------- params


def _flag(params: Params, name: str) -> bool:
    return bool(params.get(name) or False)


def _version(model: UcModel, params: Params) -> UcVersion:
    number = params.get("version")
    if isinstance(number, bool) or not isinstance(number, int):
        raise bad_param("Parameter 'version' must be an integer.")
    found = model.versions.get(number)
    if found is None:
        raise ApiError(
            404,
            "RESOURCE_DOES_NOT_EXIST",
            f"Model version '{model.full_name}' version {number} does not exist.",
        )
    return found


def _page_size(params: Params, default: int, maximum: int) -> int:
    size = params.get("max_results")
    if size is None or size == 0:
        return default
    if isinstance(size, bool) or not isinstance(size, int) or not 0 <= size < 2**31:  # an int32, as declared
        raise bad_param(f"Parameter 'max_results' must be 0 or positive (an int32), got {size!r}.")
    return min(size, maximum)


def _securable(state: State, params: Params) -> Securable:
    kind = text(params, "securable_type").upper()
    full_name = text(params, "full_name")
    store = metastore(state)
    if kind == CATALOG:
        return find_catalog(store, full_name)
    if kind == SCHEMA:
        return find_schema(store, full_name)
    if kind == FUNCTION:
        return find_model(store, full_name)
    raise bad_param(
        f"Parameter 'securable_type' must be one of catalog, schema, function (a registered model), got '{kind}'."
    )


# ---------------------------------------------------------------------------------------------------- handlers


def create_uc_registered_model(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    names = [text(params, field) for field in ("catalog_name", "schema_name", "name")]
    schema = find_schema(access.store, ".".join(names[:2]))
    access.use_parents(schema)
    if not (access.holds(schema, "CREATE_MODEL") or access.holds(schema, "CREATE_FUNCTION")):
        access.require(schema, "CREATE_MODEL")
    model = create_model(state, principal.name, ".".join(names), str(params.get("comment") or ""))
    return _model_wire(model, aliases=False)


def list_uc_registered_models(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    catalog, schema = params.get("catalog_name"), params.get("schema_name")
    if (catalog is None) != (schema is None):
        raise bad_param("Set both 'catalog_name' and 'schema_name', or neither.")
    models = list(access.store.models.values())
    if catalog is not None:
        prefix = find_schema(access.store, f"{catalog}.{schema}").full_name + "."
        models = [m for m in models if m.full_name.startswith(prefix)]
    visible = sorted((m for m in models if access.can_read(m)), key=lambda m: m.full_name)
    default = 10000 if catalog is not None else 100
    page, token = paginate(visible, _page_size(params, default, max(default, 1000)), params.get("page_token"))
    return drop_none(
        {"registered_models": [_model_wire(m, aliases=False) for m in page], "next_page_token": token or None}
    )


def get_uc_registered_model(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    model = find_model(access.store, text(params, "full_name"))
    access.read(model)
    return _model_wire(model, aliases=_flag(params, "include_aliases"))


def update_uc_registered_model(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    model = find_model(access.store, text(params, "full_name"))
    owner, new_name = params.get("owner"), params.get("new_name")
    only_owner = owner is not None and new_name is None and params.get("comment") is None
    if only_owner and access.owns(parents(access.store, model)[-1]):  # the container's owner transfers
        access.use_parents(model)
    else:
        access.own(model)
    if owner is not None and not _exists(state, owner):
        raise bad_param(f"Parameter 'owner': could not find principal with name '{owner}'.")
    if new_name is not None:
        (name,) = split_name(str(new_name), 1, "new_name")
        catalog, schema, _ = model.parts
        target = f"{catalog}.{schema}.{name}"
        if target != model.full_name and target in access.store.models:
            raise ApiError(409, "RESOURCE_ALREADY_EXISTS", f"Registered model '{target}' already exists.")
        del access.store.models[model.full_name]
        model.full_name = target
        access.store.models[target] = model
    if owner is not None:
        model.owner = owner
    if params.get("comment") is not None:
        model.comment = str(params["comment"])
    model.updated_at, model.updated_by = state.now_ms(), principal.name
    return _model_wire(model, aliases=False)


def delete_uc_registered_model(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    model = find_model(access.store, text(params, "full_name"))
    access.own(model)
    del access.store.models[model.full_name]
    return {}


def set_uc_registered_model_alias(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    model = find_model(access.store, text(params, "full_name"))
    access.own(model)
    alias = text(params, "alias").lower()
    version = params.get("version_num")
    if isinstance(version, bool) or not isinstance(version, int) or version not in model.versions:
        raise ApiError(
            404,
            "RESOURCE_DOES_NOT_EXIST",
            f"Model version '{model.full_name}' version {version} does not exist.",
        )
    if alias not in model.aliases and len(model.aliases) >= MAX_ALIASES:
        raise bad_param(
            f"Registered model '{model.full_name}' already has {MAX_ALIASES} aliases, the maximum."
        )
    model.aliases[alias] = version
    return _alias_wire(model, alias, version)


def delete_uc_registered_model_alias(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    model = find_model(access.store, text(params, "full_name"))
    access.own(model)
    alias = text(params, "alias").lower()
    if model.aliases.pop(alias, None) is None:
        raise ApiError(
            404, "RESOURCE_DOES_NOT_EXIST", f"Alias '{alias}' of '{model.full_name}' does not exist."
        )
    return {}


def list_uc_model_versions(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    model = find_model(access.store, text(params, "full_name"))
    access.read(model)
    versions = [model.versions[number] for number in sorted(model.versions)]
    page, token = paginate(versions, _page_size(params, 100, 1000), params.get("page_token"))
    return drop_none(
        {
            "model_versions": [_version_wire(model, mv, aliases=False) for mv in page],
            "next_page_token": token or None,
        }
    )


def get_uc_model_version(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    model = find_model(access.store, text(params, "full_name"))
    access.read(model)
    return _version_wire(model, _version(model, params), aliases=_flag(params, "include_aliases"))


def get_uc_model_version_by_alias(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    model = find_model(access.store, text(params, "full_name"))
    access.read(model)
    alias = text(params, "alias").lower()
    if alias not in model.aliases:
        raise ApiError(
            404, "RESOURCE_DOES_NOT_EXIST", f"Alias '{alias}' of '{model.full_name}' does not exist."
        )
    mv = model.versions[model.aliases[alias]]
    return _version_wire(model, mv, aliases=_flag(params, "include_aliases"))


def update_uc_model_version(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    model = find_model(access.store, text(params, "full_name"))
    access.own(model)
    mv = _version(model, params)
    if params.get("comment") is not None:
        mv.comment = str(params["comment"])
    mv.updated_at, mv.updated_by = state.now_ms(), principal.name
    return _version_wire(model, mv, aliases=False)


def delete_uc_model_version(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    model = find_model(access.store, text(params, "full_name"))
    access.own(model)
    mv = _version(model, params)
    del model.versions[mv.version]
    model.aliases = {alias: v for alias, v in model.aliases.items() if v != mv.version}
    return {}


def _assignments(grants: Grants, only: str | None) -> list[dict[str, Any]]:
    return [
        {"principal": name, "privileges": sorted(privileges)}
        for name, privileges in sorted(grants.items())
        if only is None or name == only
    ]


def _grants_page(params: Params, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """All entries without max_results; pages of at least 150 with it (1..149 is refused, as the service does)."""
    size = params.get("max_results")
    if size is None:
        return {"privilege_assignments": entries}
    if isinstance(size, bool) or not isinstance(size, int) or size < 0 or 0 < size < 150:
        raise bad_param(f"Parameter 'max_results' must be 0 or at least 150, got {size!r}.")
    page, token = paginate(entries, size or 1000, params.get("page_token"))
    return drop_none({"privilege_assignments": page, "next_page_token": token or None})


def _readable_grants(access: Access, securable: Securable, only: str | None) -> str | None:
    """The principal filter to apply: callers who may not manage the securable see only their own grants."""
    if access.manages(securable):
        return only
    if only is not None and only not in access.names:
        raise denied(
            f"{access.principal.describe()} may not read the grants of '{only}' on '{securable.full_name}'."
        )
    return only or access.principal.name


def get_uc_grants(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    securable = _securable(state, params)
    only = _readable_grants(access, securable, params.get("principal"))
    return _grants_page(params, _assignments(securable.grants, only))


def update_uc_grants(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    securable = _securable(state, params)
    if not access.manages(securable):
        raise denied(
            f"{principal.describe()} may not manage privileges on {securable.kind.lower()} "
            f"'{securable.full_name}': it needs ownership of it or of its catalog or schema, or MANAGE."
        )
    changes = [
        (str(c.get("principal") or ""), c.get("add") or [], c.get("remove") or [])
        for c in params.get("changes") or []
    ]
    _grant_changes(state, securable, changes)
    if _flag(params, "omit_permissions_in_response"):
        return {}
    return {"privilege_assignments": _assignments(securable.grants, None)}


def get_uc_effective_grants(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    access = Access(state, principal)
    securable = _securable(state, params)
    only = _readable_grants(access, securable, params.get("principal"))
    applicable = GRANTABLE[securable.kind]
    by_principal: dict[str, list[dict[str, Any]]] = {}
    for level in [securable, *reversed(parents(access.store, securable))]:
        inherited = level is not securable
        for name, privileges in sorted(level.grants.items()):
            for privilege in sorted(privileges & applicable):
                entry = {"privilege": privilege}
                if inherited:
                    entry |= {"inherited_from_type": level.kind, "inherited_from_name": level.full_name}
                by_principal.setdefault(name, []).append(entry)
    entries = [
        {"principal": name, "privileges": privileges}
        for name, privileges in sorted(by_principal.items())
        if only is None or name == only
    ]
    return _grants_page(params, entries)


HANDLERS: Final[dict[str, Handler]] = {
    "create_uc_registered_model": create_uc_registered_model,
    "list_uc_registered_models": list_uc_registered_models,
    "get_uc_registered_model": get_uc_registered_model,
    "update_uc_registered_model": update_uc_registered_model,
    "delete_uc_registered_model": delete_uc_registered_model,
    "set_uc_registered_model_alias": set_uc_registered_model_alias,
    "delete_uc_registered_model_alias": delete_uc_registered_model_alias,
    "list_uc_model_versions": list_uc_model_versions,
    "get_uc_model_version": get_uc_model_version,
    "get_uc_model_version_by_alias": get_uc_model_version_by_alias,
    "update_uc_model_version": update_uc_model_version,
    "delete_uc_model_version": delete_uc_model_version,
    "get_uc_grants": get_uc_grants,
    "update_uc_grants": update_uc_grants,
    "get_uc_effective_grants": get_uc_effective_grants,
}
