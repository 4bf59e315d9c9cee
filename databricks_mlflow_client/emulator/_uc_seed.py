"""Seeding and inspection of an emulated workspace's Unity Catalog metastore from Python.

    uc = UnityCatalog(emu)                      # an Emulator or a Workspace
    uc.create_catalog("main")
    uc.create_schema("main.ml_models", owner="ml-platform")
    uc.create_model("main.ml_models.fraud", owner="alice@example.com", versions=2)
    uc.grant("schema", "main.ml_models", "data-scientists", "USE_SCHEMA", "EXECUTE")

Objects are created as their owner would create them, without privilege checks; owners default to the
workspace admin. Everything runs under the workspace's lock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from . import _unity_catalog as uc

if TYPE_CHECKING:
    from ._server import Emulator
    from ._workspace import Workspace


class UnityCatalog:
    """The metastore of one emulated workspace (or of an `Emulator`'s workspace)."""

    def __init__(self, target: Workspace | Emulator) -> None:
        workspace = cast("Workspace", getattr(target, "workspace", target))
        self._workspace = workspace
        self._lock = workspace._lock
        self._state = workspace._state

    def _owner(self, owner: str | None) -> str:
        return self._workspace.admin.name if owner is None else owner

    def create_catalog(self, name: str, *, owner: str | None = None, comment: str = "") -> None:
        """Create a catalog owned by `owner` (a user, group or application id; default: the admin)."""
        with self._lock:
            uc.create_catalog(self._state, self._owner(owner), name, comment)

    def create_schema(self, full_name: str, *, owner: str | None = None, comment: str = "") -> None:
        """Create the schema `catalog.schema` in an existing catalog."""
        with self._lock:
            uc.create_schema(self._state, self._owner(owner), full_name, comment)

    def create_model(
        self, full_name: str, *, owner: str | None = None, comment: str = "", versions: int = 0
    ) -> None:
        """Create the registered model `catalog.schema.model` in an existing schema, with `versions` versions."""
        with self._lock:
            model = uc.create_model(self._state, self._owner(owner), full_name, comment)
            for _ in range(versions):
                uc.create_version(self._state, model.owner, model, "", "", "")

    def create_model_version(
        self, full_name: str, *, source: str = "", run_id: str = "", comment: str = ""
    ) -> int:
        """Add a READY version to the model, created by its owner; returns its number."""
        with self._lock:
            model = uc.find_model(uc.metastore(self._state), full_name)
            return uc.create_version(self._state, model.owner, model, source, run_id, comment).version

    def copy_model_version(self, source: str, version: int, target: str) -> int:
        """What MLflow's copy_model_version leaves behind (the emulator has no artifact store to copy): a new
        version of the UC model `target` with the workspace version's source and run id; returns its number."""
        found = self._workspace.model_version(source, str(version))
        return self.create_model_version(
            target, source=str(found.get("source") or ""), run_id=str(found.get("run_id") or "")
        )

    def grant(self, securable_type: str, full_name: str, principal: str, *privileges: str) -> None:
        """Grant privileges on a catalog, schema or registered model (`function`), as an admin would."""
        with self._lock:
            params = {"securable_type": securable_type, "full_name": full_name}
            securable = uc._securable(self._state, params)
            uc._grant_changes(self._state, securable, [(principal, privileges, ())])

    def model(self, full_name: str) -> dict[str, Any]:
        """The model as the API shows it, aliases included, with `versions`: its version numbers."""
        with self._lock:
            model = uc.find_model(uc.metastore(self._state), full_name)
            return {**uc._model_wire(model, aliases=True), "versions": sorted(model.versions)}
