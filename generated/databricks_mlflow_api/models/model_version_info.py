from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_version_info_status import ModelVersionInfoStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dependency_list import DependencyList
    from ..models.registered_model_alias import RegisteredModelAlias


T = TypeVar("T", bound="ModelVersionInfo")


@_attrs_define
class ModelVersionInfo:
    """A model version in Unity Catalog.

    Attributes:
        aliases (list[RegisteredModelAlias] | Unset): Aliases of the model (or pointing at the version).
        catalog_name (str | Unset): Name of the parent catalog.
        comment (str | Unset): Free-text comment (the description).
        created_at (int | Unset): Creation time, in milliseconds since the epoch.
        created_by (str | Unset): Who created it.
        id (str | Unset): Unique identifier.
        metastore_id (str | Unset): ID of the metastore.
        model_name (str | Unset): Name of the registered model, relative to its schema.
        model_version_dependencies (DependencyList | Unset): The Unity Catalog objects a model version depends on.
        run_id (str | Unset): ID of the MLflow run that produced the files, when there is one.
        run_workspace_id (int | Unset): ID of the workspace holding that run.
        schema_name (str | Unset): Name of the parent schema, relative to its catalog.
        source (str | Unset): URI the version's files were copied from.
        status (ModelVersionInfoStatus | Unset): Registration status of a Unity Catalog model version.
        storage_location (str | Unset): Cloud storage location of the files.
        updated_at (int | Unset): Last update time, in milliseconds since the epoch.
        updated_by (str | Unset): Who updated it last.
        version (int | Unset): Version number.
    """

    aliases: list[RegisteredModelAlias] | Unset = UNSET
    catalog_name: str | Unset = UNSET
    comment: str | Unset = UNSET
    created_at: int | Unset = UNSET
    created_by: str | Unset = UNSET
    id: str | Unset = UNSET
    metastore_id: str | Unset = UNSET
    model_name: str | Unset = UNSET
    model_version_dependencies: DependencyList | Unset = UNSET
    run_id: str | Unset = UNSET
    run_workspace_id: int | Unset = UNSET
    schema_name: str | Unset = UNSET
    source: str | Unset = UNSET
    status: ModelVersionInfoStatus | Unset = UNSET
    storage_location: str | Unset = UNSET
    updated_at: int | Unset = UNSET
    updated_by: str | Unset = UNSET
    version: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        aliases: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = []
            for aliases_item_data in self.aliases:
                aliases_item = aliases_item_data.to_dict()
                aliases.append(aliases_item)

        catalog_name = self.catalog_name

        comment = self.comment

        created_at = self.created_at

        created_by = self.created_by

        id = self.id

        metastore_id = self.metastore_id

        model_name = self.model_name

        model_version_dependencies: dict[str, Any] | Unset = UNSET
        if not isinstance(self.model_version_dependencies, Unset):
            model_version_dependencies = self.model_version_dependencies.to_dict()

        run_id = self.run_id

        run_workspace_id = self.run_workspace_id

        schema_name = self.schema_name

        source = self.source

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        storage_location = self.storage_location

        updated_at = self.updated_at

        updated_by = self.updated_by

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
        if catalog_name is not UNSET:
            field_dict["catalog_name"] = catalog_name
        if comment is not UNSET:
            field_dict["comment"] = comment
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if id is not UNSET:
            field_dict["id"] = id
        if metastore_id is not UNSET:
            field_dict["metastore_id"] = metastore_id
        if model_name is not UNSET:
            field_dict["model_name"] = model_name
        if model_version_dependencies is not UNSET:
            field_dict["model_version_dependencies"] = model_version_dependencies
        if run_id is not UNSET:
            field_dict["run_id"] = run_id
        if run_workspace_id is not UNSET:
            field_dict["run_workspace_id"] = run_workspace_id
        if schema_name is not UNSET:
            field_dict["schema_name"] = schema_name
        if source is not UNSET:
            field_dict["source"] = source
        if status is not UNSET:
            field_dict["status"] = status
        if storage_location is not UNSET:
            field_dict["storage_location"] = storage_location
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if updated_by is not UNSET:
            field_dict["updated_by"] = updated_by
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dependency_list import DependencyList  # noqa: PLC0415
        from ..models.registered_model_alias import RegisteredModelAlias  # noqa: PLC0415

        d = dict(src_dict)
        _aliases = d.pop("aliases", UNSET)
        aliases: list[RegisteredModelAlias] | Unset = UNSET
        if _aliases is not UNSET:
            aliases = []
            for aliases_item_data in _aliases:
                aliases_item = RegisteredModelAlias.from_dict(aliases_item_data)

                aliases.append(aliases_item)

        catalog_name = d.pop("catalog_name", UNSET)

        comment = d.pop("comment", UNSET)

        created_at = d.pop("created_at", UNSET)

        created_by = d.pop("created_by", UNSET)

        id = d.pop("id", UNSET)

        metastore_id = d.pop("metastore_id", UNSET)

        model_name = d.pop("model_name", UNSET)

        _model_version_dependencies = d.pop("model_version_dependencies", UNSET)
        model_version_dependencies: DependencyList | Unset
        if isinstance(_model_version_dependencies, Unset):
            model_version_dependencies = UNSET
        else:
            model_version_dependencies = DependencyList.from_dict(_model_version_dependencies)

        run_id = d.pop("run_id", UNSET)

        run_workspace_id = d.pop("run_workspace_id", UNSET)

        schema_name = d.pop("schema_name", UNSET)

        source = d.pop("source", UNSET)

        _status = d.pop("status", UNSET)
        status: ModelVersionInfoStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = ModelVersionInfoStatus(_status)

        storage_location = d.pop("storage_location", UNSET)

        updated_at = d.pop("updated_at", UNSET)

        updated_by = d.pop("updated_by", UNSET)

        version = d.pop("version", UNSET)

        model_version_info = cls(
            aliases=aliases,
            catalog_name=catalog_name,
            comment=comment,
            created_at=created_at,
            created_by=created_by,
            id=id,
            metastore_id=metastore_id,
            model_name=model_name,
            model_version_dependencies=model_version_dependencies,
            run_id=run_id,
            run_workspace_id=run_workspace_id,
            schema_name=schema_name,
            source=source,
            status=status,
            storage_location=storage_location,
            updated_at=updated_at,
            updated_by=updated_by,
            version=version,
        )

        model_version_info.additional_properties = d
        return model_version_info

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
