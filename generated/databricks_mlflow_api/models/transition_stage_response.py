from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_version_databricks import ModelVersionDatabricks


T = TypeVar("T", bound="TransitionStageResponse")


@_attrs_define
class TransitionStageResponse:
    """Response of transition_stage.

    Attributes:
        model_version_databricks (ModelVersionDatabricks | Unset): A model version with Databricks-only fields
            (permission level, open requests, features).
    """

    model_version_databricks: ModelVersionDatabricks | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model_version_databricks: dict[str, Any] | Unset = UNSET
        if not isinstance(self.model_version_databricks, Unset):
            model_version_databricks = self.model_version_databricks.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if model_version_databricks is not UNSET:
            field_dict["model_version_databricks"] = model_version_databricks

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_version_databricks import ModelVersionDatabricks  # noqa: PLC0415

        d = dict(src_dict)
        _model_version_databricks = d.pop("model_version_databricks", UNSET)
        model_version_databricks: ModelVersionDatabricks | Unset
        if isinstance(_model_version_databricks, Unset):
            model_version_databricks = UNSET
        else:
            model_version_databricks = ModelVersionDatabricks.from_dict(_model_version_databricks)

        transition_stage_response = cls(
            model_version_databricks=model_version_databricks,
        )

        transition_stage_response.additional_properties = d
        return transition_stage_response

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
