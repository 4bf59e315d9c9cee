"""Users, groups and service principals of the workspace (SCIM look-ups), to check that a grant's principal
exists before an access control list names it."""

from __future__ import annotations

import json

from databricks_mlflow_api.models import Group, ServicePrincipal, User

from .._base import AsyncResource, exactly_one_principal, listed


def _eq(attribute: str, value: str) -> str:
    # A SCIM filter value is a JSON string (RFC 7644 section 3.4.2.2): quotes and backslashes escaped.
    return f"{attribute} eq {json.dumps(value)}"


class AsyncPrincipals(AsyncResource):
    """Principals (``client.principals``), looked up by the name an access control list uses. Every method
    raises RequestValidationError before sending for a bad argument, and DatabricksError for what the
    server refuses."""

    async def find_user(self, user_name: str) -> User | None:
        """The user whose ``userName`` is ``user_name`` (an email), or None. Sends ``list_users`` with the
        filter ``userName eq "<user_name>"``."""
        from databricks_mlflow_api.api.supporting import list_users

        page = await self._api.call(list_users.ENDPOINT, filter_=_eq("userName", user_name), count=1)
        return next(iter(listed(page.resources)), None)

    async def find_group(self, group_name: str) -> Group | None:
        """The group whose ``displayName`` is ``group_name``, or None. Sends ``list_groups`` with the filter
        ``displayName eq "<group_name>"``."""
        from databricks_mlflow_api.api.supporting import list_groups

        page = await self._api.call(list_groups.ENDPOINT, filter_=_eq("displayName", group_name), count=1)
        return next(iter(listed(page.resources)), None)

    async def find_service_principal(self, application_id: str) -> ServicePrincipal | None:
        """The service principal whose ``applicationId`` is ``application_id`` (what access control lists
        call ``service_principal_name``), or None. Sends ``list_service_principals`` with the filter
        ``applicationId eq "<application_id>"``."""
        from databricks_mlflow_api.api.supporting import list_service_principals

        page = await self._api.call(
            list_service_principals.ENDPOINT, filter_=_eq("applicationId", application_id), count=1
        )
        return next(iter(listed(page.resources)), None)

    async def exists(
        self,
        *,
        user_name: str | None = None,
        group_name: str | None = None,
        service_principal_name: str | None = None,
    ) -> bool:
        """Whether the one principal given, named as in an access control list entry, exists: one SCIM
        look-up. Raises ValueError unless exactly one of the three is given."""
        ((field, name),) = exactly_one_principal(user_name, group_name, service_principal_name).items()
        if field == "user_name":
            return await self.find_user(name) is not None
        if field == "group_name":
            return await self.find_group(name) is not None
        return await self.find_service_principal(name) is not None
