from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.complex_value import ComplexValue
    from ..models.name import Name


T = TypeVar("T", bound="User")


@_attrs_define
class User:
    """A workspace user (SCIM).

    Attributes:
        active (bool | Unset): Whether the user is active.
        display_name (str | Unset): Given and family names, for example `Alice Scientist`.
        emails (list[ComplexValue] | Unset): The user's emails.
        entitlements (list[ComplexValue] | Unset): Entitlements assigned to the user.
        external_id (str | Unset): Reserved for future use.
        groups (list[ComplexValue] | Unset): Groups the user belongs to.
        id (str | Unset): Databricks user ID.
        name (Name | Unset): Given and family name of a user.
        roles (list[ComplexValue] | Unset): Roles (AWS instance profiles) of the user.
        schemas (list[str] | Unset): SCIM schemas of the user, `urn:ietf:params:scim:schemas:core:2.0:User` and more.
        user_name (str | Unset): Email address of the user, what access control lists call `user_name`.
    """

    active: bool | Unset = UNSET
    display_name: str | Unset = UNSET
    emails: list[ComplexValue] | Unset = UNSET
    entitlements: list[ComplexValue] | Unset = UNSET
    external_id: str | Unset = UNSET
    groups: list[ComplexValue] | Unset = UNSET
    id: str | Unset = UNSET
    name: Name | Unset = UNSET
    roles: list[ComplexValue] | Unset = UNSET
    schemas: list[str] | Unset = UNSET
    user_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        display_name = self.display_name

        emails: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.emails, Unset):
            emails = []
            for emails_item_data in self.emails:
                emails_item = emails_item_data.to_dict()
                emails.append(emails_item)

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

        name: dict[str, Any] | Unset = UNSET
        if not isinstance(self.name, Unset):
            name = self.name.to_dict()

        roles: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.roles, Unset):
            roles = []
            for roles_item_data in self.roles:
                roles_item = roles_item_data.to_dict()
                roles.append(roles_item)

        schemas: list[str] | Unset = UNSET
        if not isinstance(self.schemas, Unset):
            schemas = self.schemas

        user_name = self.user_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if active is not UNSET:
            field_dict["active"] = active
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if emails is not UNSET:
            field_dict["emails"] = emails
        if entitlements is not UNSET:
            field_dict["entitlements"] = entitlements
        if external_id is not UNSET:
            field_dict["externalId"] = external_id
        if groups is not UNSET:
            field_dict["groups"] = groups
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if roles is not UNSET:
            field_dict["roles"] = roles
        if schemas is not UNSET:
            field_dict["schemas"] = schemas
        if user_name is not UNSET:
            field_dict["userName"] = user_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.complex_value import ComplexValue  # noqa: PLC0415
        from ..models.name import Name  # noqa: PLC0415

        d = dict(src_dict)
        active = d.pop("active", UNSET)

        display_name = d.pop("displayName", UNSET)

        _emails = d.pop("emails", UNSET)
        emails: list[ComplexValue] | Unset = UNSET
        if _emails is not UNSET:
            emails = []
            for emails_item_data in _emails:
                emails_item = ComplexValue.from_dict(emails_item_data)

                emails.append(emails_item)

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

        _name = d.pop("name", UNSET)
        name: Name | Unset
        if isinstance(_name, Unset):
            name = UNSET
        else:
            name = Name.from_dict(_name)

        _roles = d.pop("roles", UNSET)
        roles: list[ComplexValue] | Unset = UNSET
        if _roles is not UNSET:
            roles = []
            for roles_item_data in _roles:
                roles_item = ComplexValue.from_dict(roles_item_data)

                roles.append(roles_item)

        schemas = cast(list[str], d.pop("schemas", UNSET))

        user_name = d.pop("userName", UNSET)

        user = cls(
            active=active,
            display_name=display_name,
            emails=emails,
            entitlements=entitlements,
            external_id=external_id,
            groups=groups,
            id=id,
            name=name,
            roles=roles,
            schemas=schemas,
            user_name=user_name,
        )

        user.additional_properties = d
        return user

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
