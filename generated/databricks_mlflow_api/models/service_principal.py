from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.complex_value import ComplexValue


T = TypeVar("T", bound="ServicePrincipal")


@_attrs_define
class ServicePrincipal:
    """A workspace service principal (SCIM).

    Attributes:
        active (bool | Unset): Whether the service principal is active.
        application_id (str | Unset): UUID of the service principal, what access control lists call
            `service_principal_name`.
        display_name (str | Unset): Display name of the service principal.
        entitlements (list[ComplexValue] | Unset): Entitlements assigned to the service principal.
        external_id (str | Unset): External ID of the service principal.
        groups (list[ComplexValue] | Unset): Groups the service principal belongs to.
        id (str | Unset): Databricks service principal ID.
        roles (list[ComplexValue] | Unset): Roles (AWS instance profiles) of the service principal.
        schemas (list[str] | Unset): SCIM schemas of the service principal:
            `urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal`.
    """

    active: bool | Unset = UNSET
    application_id: str | Unset = UNSET
    display_name: str | Unset = UNSET
    entitlements: list[ComplexValue] | Unset = UNSET
    external_id: str | Unset = UNSET
    groups: list[ComplexValue] | Unset = UNSET
    id: str | Unset = UNSET
    roles: list[ComplexValue] | Unset = UNSET
    schemas: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        application_id = self.application_id

        display_name = self.display_name

        entitlements: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.entitlements, Unset):
            entitlements = []
            for entitlements_item_data in self.entitlements:
                entitlements_item = entitlements_item_data.to_dict()
                entitlements.append(entitlements_item)

        external_id = self.external_id

        groups: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.groups, Unset):
            groups = []
            for groups_item_data in self.groups:
                groups_item = groups_item_data.to_dict()
                groups.append(groups_item)

        id = self.id

        roles: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.roles, Unset):
            roles = []
            for roles_item_data in self.roles:
                roles_item = roles_item_data.to_dict()
                roles.append(roles_item)

        schemas: list[str] | Unset = UNSET
        if not isinstance(self.schemas, Unset):
            schemas = self.schemas

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if active is not UNSET:
            field_dict["active"] = active
        if application_id is not UNSET:
            field_dict["applicationId"] = application_id
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if entitlements is not UNSET:
            field_dict["entitlements"] = entitlements
        if external_id is not UNSET:
            field_dict["externalId"] = external_id
        if groups is not UNSET:
            field_dict["groups"] = groups
        if id is not UNSET:
            field_dict["id"] = id
        if roles is not UNSET:
            field_dict["roles"] = roles
        if schemas is not UNSET:
            field_dict["schemas"] = schemas

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.complex_value import ComplexValue  # noqa: PLC0415

        d = dict(src_dict)
        active = d.pop("active", UNSET)

        application_id = d.pop("applicationId", UNSET)

        display_name = d.pop("displayName", UNSET)

        _entitlements = d.pop("entitlements", UNSET)
        entitlements: list[ComplexValue] | Unset = UNSET
        if _entitlements is not UNSET:
            entitlements = []
            for entitlements_item_data in _entitlements:
                entitlements_item = ComplexValue.from_dict(entitlements_item_data)

                entitlements.append(entitlements_item)

        external_id = d.pop("externalId", UNSET)

        _groups = d.pop("groups", UNSET)
        groups: list[ComplexValue] | Unset = UNSET
        if _groups is not UNSET:
            groups = []
            for groups_item_data in _groups:
                groups_item = ComplexValue.from_dict(groups_item_data)

                groups.append(groups_item)

        id = d.pop("id", UNSET)

        _roles = d.pop("roles", UNSET)
        roles: list[ComplexValue] | Unset = UNSET
        if _roles is not UNSET:
            roles = []
            for roles_item_data in _roles:
                roles_item = ComplexValue.from_dict(roles_item_data)

                roles.append(roles_item)

        schemas = cast(list[str], d.pop("schemas", UNSET))

        service_principal = cls(
            active=active,
            application_id=application_id,
            display_name=display_name,
            entitlements=entitlements,
            external_id=external_id,
            groups=groups,
            id=id,
            roles=roles,
            schemas=schemas,
        )

        service_principal.additional_properties = d
        return service_principal

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
