from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateTransitionRequest")


@_attrs_define
class CreateTransitionRequest:
    """Request body of create_transition_request.

    Attributes:
        name (str): Name of the registered model.
        version (str): Version of the model.
        stage (str): Requested stage: one of `None`, `Staging`, `Production`, `Archived`.
        comment (str | Unset): Comment recorded with the request.
    """

    name: str
    version: str
    stage: str
    comment: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        version = self.version

        stage = self.stage

        comment = self.comment

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "version": version,
                "stage": stage,
            }
        )
        if comment is not UNSET:
            field_dict["comment"] = comment

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        version = d.pop("version")

        stage = d.pop("stage")

        comment = d.pop("comment", UNSET)

        create_transition_request = cls(
            name=name,
            version=version,
            stage=stage,
            comment=comment,
        )

        create_transition_request.additional_properties = d
        return create_transition_request

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
