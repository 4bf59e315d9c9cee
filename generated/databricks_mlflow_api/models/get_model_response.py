from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_databricks import ModelDatabricks


T = TypeVar("T", bound="GetModelResponse")


@_attrs_define
class GetModelResponse:
    """Response of get_model.

    Attributes:
        registered_model_databricks (ModelDatabricks | Unset): A registered model with its Databricks workspace ID and
            the caller's permission level.
    """

    registered_model_databricks: ModelDatabricks | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        registered_model_databricks: dict[str, Any] | Unset = UNSET
        if not isinstance(self.registered_model_databricks, Unset):
            registered_model_databricks = self.registered_model_databricks.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if registered_model_databricks is not UNSET:
            field_dict["registered_model_databricks"] = registered_model_databricks

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_databricks import ModelDatabricks  # noqa: PLC0415

        d = dict(src_dict)
        _registered_model_databricks = d.pop("registered_model_databricks", UNSET)
        registered_model_databricks: ModelDatabricks | Unset
        if isinstance(_registered_model_databricks, Unset):
            registered_model_databricks = UNSET
        else:
            registered_model_databricks = ModelDatabricks.from_dict(_registered_model_databricks)

        get_model_response = cls(
            registered_model_databricks=registered_model_databricks,
        )

        get_model_response.additional_properties = d
        return get_model_response

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
