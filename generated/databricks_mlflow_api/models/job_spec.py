from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobSpec")


@_attrs_define
class JobSpec:
    """The job a webhook runs, with the token to run it (request form).

    Attributes:
        job_id (str): ID of the job to run.
        access_token (str): Personal access token used to run the job.
        workspace_url (str | Unset): URL of the workspace that holds the job; defaults to this workspace.
    """

    job_id: str
    access_token: str
    workspace_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        access_token = self.access_token

        workspace_url = self.workspace_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
                "access_token": access_token,
            }
        )
        if workspace_url is not UNSET:
            field_dict["workspace_url"] = workspace_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        job_id = d.pop("job_id")

        access_token = d.pop("access_token")

        workspace_url = d.pop("workspace_url", UNSET)

        job_spec = cls(
            job_id=job_id,
            access_token=access_token,
            workspace_url=workspace_url,
        )

        job_spec.additional_properties = d
        return job_spec

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
