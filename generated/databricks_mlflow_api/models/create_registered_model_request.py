from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.registered_model_alias import RegisteredModelAlias


T = TypeVar("T", bound="CreateRegisteredModelRequest")


@_attrs_define
class CreateRegisteredModelRequest:
    """Request body of create_uc_registered_model; the service reads `catalog_name`, `schema_name`, `name`, `comment` (and
    `storage_location`) and sets the rest itself.

        Attributes:
            aliases (list[RegisteredModelAlias] | Unset): Aliases of the model (or pointing at the version).
            browse_only (bool | Unset): True when the caller sees only metadata, through the BROWSE privilege.
            catalog_name (str | Unset): Name of the parent catalog.
            comment (str | Unset): Free-text comment (the description).
            created_at (int | Unset): Creation time, in milliseconds since the epoch.
            created_by (str | Unset): Who created it.
            full_name (str | Unset): Three-level name, `catalog.schema.model`.
            metastore_id (str | Unset): ID of the metastore.
            name (str | Unset): Name of the model, relative to its schema.
            owner (str | Unset): User name, group name or application id of the owner.
            schema_name (str | Unset): Name of the parent schema, relative to its catalog.
            storage_location (str | Unset): Cloud storage location of the files.
            updated_at (int | Unset): Last update time, in milliseconds since the epoch.
            updated_by (str | Unset): Who updated it last.
    """

    aliases: list[RegisteredModelAlias] | Unset = UNSET
    browse_only: bool | Unset = UNSET
    catalog_name: str | Unset = UNSET
    comment: str | Unset = UNSET
    created_at: int | Unset = UNSET
    created_by: str | Unset = UNSET
    full_name: str | Unset = UNSET
    metastore_id: str | Unset = UNSET
    name: str | Unset = UNSET
    owner: str | Unset = UNSET
    schema_name: str | Unset = UNSET
    storage_location: str | Unset = UNSET
    updated_at: int | Unset = UNSET
    updated_by: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        aliases: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = []
            for aliases_item_data in self.aliases:
                aliases_item = aliases_item_data.to_dict()
                aliases.append(aliases_item)

        browse_only = self.browse_only

        catalog_name = self.catalog_name

        comment = self.comment

        created_at = self.created_at

        created_by = self.created_by

        full_name = self.full_name

        metastore_id = self.metastore_id

        name = self.name

        owner = self.owner

        schema_name = self.schema_name

        storage_location = self.storage_location

        updated_at = self.updated_at

        updated_by = self.updated_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
        if browse_only is not UNSET:
            field_dict["browse_only"] = browse_only
        if catalog_name is not UNSET:
            field_dict["catalog_name"] = catalog_name
        if comment is not UNSET:
            field_dict["comment"] = comment
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if full_name is not UNSET:
            field_dict["full_name"] = full_name
        if metastore_id is not UNSET:
            field_dict["metastore_id"] = metastore_id
        if name is not UNSET:
            field_dict["name"] = name
        if owner is not UNSET:
            field_dict["owner"] = owner
        if schema_name is not UNSET:
            field_dict["schema_name"] = schema_name
        if storage_location is not UNSET:
            field_dict["storage_location"] = storage_location
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if updated_by is not UNSET:
            field_dict["updated_by"] = updated_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.registered_model_alias import RegisteredModelAlias  # noqa: PLC0415

        d = dict(src_dict)
        _aliases = d.pop("aliases", UNSET)
        aliases: list[RegisteredModelAlias] | Unset = UNSET
        if _aliases is not UNSET:
            aliases = []
            for aliases_item_data in _aliases:
                aliases_item = RegisteredModelAlias.from_dict(aliases_item_data)

                aliases.append(aliases_item)

        browse_only = d.pop("browse_only", UNSET)

        catalog_name = d.pop("catalog_name", UNSET)

        comment = d.pop("comment", UNSET)

        created_at = d.pop("created_at", UNSET)

        created_by = d.pop("created_by", UNSET)

        full_name = d.pop("full_name", UNSET)

        metastore_id = d.pop("metastore_id", UNSET)

        name = d.pop("name", UNSET)

        owner = d.pop("owner", UNSET)

        schema_name = d.pop("schema_name", UNSET)

        storage_location = d.pop("storage_location", UNSET)

        updated_at = d.pop("updated_at", UNSET)

        updated_by = d.pop("updated_by", UNSET)

        create_registered_model_request = cls(
            aliases=aliases,
            browse_only=browse_only,
            catalog_name=catalog_name,
            comment=comment,
            created_at=created_at,
            created_by=created_by,
            full_name=full_name,
            metastore_id=metastore_id,
            name=name,
            owner=owner,
            schema_name=schema_name,
            storage_location=storage_location,
            updated_at=updated_at,
            updated_by=updated_by,
        )

        create_registered_model_request.additional_properties = d
        return create_registered_model_request

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
