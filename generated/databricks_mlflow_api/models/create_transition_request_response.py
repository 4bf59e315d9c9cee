from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.transition_request import TransitionRequest


T = TypeVar("T", bound="CreateTransitionRequestResponse")


@_attrs_define
class CreateTransitionRequestResponse:
    """Response of create_transition_request.

    Attributes:
        request (TransitionRequest | Unset): A newly created stage transition request (it carries no ID).
    """

    request: TransitionRequest | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request: dict[str, Any] | Unset = UNSET
        if not isinstance(self.request, Unset):
            request = self.request.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if request is not UNSET:
            field_dict["request"] = request

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.transition_request import TransitionRequest  # noqa: PLC0415

        d = dict(src_dict)
        _request = d.pop("request", UNSET)
        request: TransitionRequest | Unset
        if isinstance(_request, Unset):
            request = UNSET
        else:
            request = TransitionRequest.from_dict(_request)

        create_transition_request_response = cls(
            request=request,
        )

        create_transition_request_response.additional_properties = d
        return create_transition_request_response

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
