from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.connection_dependency import ConnectionDependency
    from ..models.credential_dependency import CredentialDependency
    from ..models.function_dependency import FunctionDependency
    from ..models.table_dependency import TableDependency


T = TypeVar("T", bound="Dependency")


@_attrs_define
class Dependency:
    """One dependency; exactly one field is set.

    Attributes:
        connection (ConnectionDependency | Unset): A connection a model depends on.
        credential (CredentialDependency | Unset): A credential a model depends on.
        function (FunctionDependency | Unset): A function a model depends on.
        table (TableDependency | Unset): A table a model depends on.
    """

    connection: ConnectionDependency | Unset = UNSET
    credential: CredentialDependency | Unset = UNSET
    function: FunctionDependency | Unset = UNSET
    table: TableDependency | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        connection: dict[str, Any] | Unset = UNSET
        if not isinstance(self.connection, Unset):
            connection = self.connection.to_dict()

        credential: dict[str, Any] | Unset = UNSET
        if not isinstance(self.credential, Unset):
            credential = self.credential.to_dict()

        function: dict[str, Any] | Unset = UNSET
        if not isinstance(self.function, Unset):
            function = self.function.to_dict()

        table: dict[str, Any] | Unset = UNSET
        if not isinstance(self.table, Unset):
            table = self.table.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if connection is not UNSET:
            field_dict["connection"] = connection
        if credential is not UNSET:
            field_dict["credential"] = credential
        if function is not UNSET:
            field_dict["function"] = function
        if table is not UNSET:
            field_dict["table"] = table

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connection_dependency import ConnectionDependency  # noqa: PLC0415
        from ..models.credential_dependency import CredentialDependency  # noqa: PLC0415
        from ..models.function_dependency import FunctionDependency  # noqa: PLC0415
        from ..models.table_dependency import TableDependency  # noqa: PLC0415

        d = dict(src_dict)
        _connection = d.pop("connection", UNSET)
        connection: ConnectionDependency | Unset
        if isinstance(_connection, Unset):
            connection = UNSET
        else:
            connection = ConnectionDependency.from_dict(_connection)

        _credential = d.pop("credential", UNSET)
        credential: CredentialDependency | Unset
        if isinstance(_credential, Unset):
            credential = UNSET
        else:
            credential = CredentialDependency.from_dict(_credential)

        _function = d.pop("function", UNSET)
        function: FunctionDependency | Unset
        if isinstance(_function, Unset):
            function = UNSET
        else:
            function = FunctionDependency.from_dict(_function)

        _table = d.pop("table", UNSET)
        table: TableDependency | Unset
        if isinstance(_table, Unset):
            table = UNSET
        else:
            table = TableDependency.from_dict(_table)

        dependency = cls(
            connection=connection,
            credential=credential,
            function=function,
            table=table,
        )

        dependency.additional_properties = d
        return dependency

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
