"""Stage-transition requests: create, list, approve, reject and cancel (delete)."""

from __future__ import annotations

from databricks_mlflow_api.models import (
    Activity,
    ApproveTransitionRequest,
    CreateTransitionRequest,
    RejectTransitionRequest,
    TransitionRequest,
)

from .._base import AsyncResource, listed, opt, required


class AsyncTransitionRequests(AsyncResource):
    """Stage-transition requests (``client.transition_requests``). Every method raises
    RequestValidationError before sending for a bad argument, and DatabricksError for what the server refuses."""

    async def create(
        self, name: str, version: str, stage: str, *, comment: str | None = None
    ) -> TransitionRequest:
        """Ask for version ``version`` of ``name`` to move to ``stage``. Sends ``create_transition_request``
        (never re-sent); returns the open request."""
        from databricks_mlflow_api.api.transition_requests import create_transition_request

        body = CreateTransitionRequest(name=name, version=version, stage=stage, comment=opt(comment))
        response = await self._api.call(create_transition_request.ENDPOINT, body=body)
        return required(response.request, "create_transition_request", "request")

    async def list(self, name: str, version: str) -> list[Activity]:
        """The open requests on a version (``list_transition_requests``; the API does not paginate them)."""
        from databricks_mlflow_api.api.transition_requests import list_transition_requests

        response = await self._api.call(list_transition_requests.ENDPOINT, name=name, version=version)
        return listed(response.requests)

    async def approve(
        self,
        name: str,
        version: str,
        stage: str,
        *,
        archive_existing_versions: bool,
        comment: str | None = None,
    ) -> Activity:
        """Approve the open request for ``stage``, which moves the version. Sends
        ``approve_transition_request`` (never re-sent); returns the approval activity."""
        from databricks_mlflow_api.api.transition_requests import approve_transition_request

        body = ApproveTransitionRequest(
            name=name,
            version=version,
            stage=stage,
            archive_existing_versions=archive_existing_versions,
            comment=opt(comment),
        )
        response = await self._api.call(approve_transition_request.ENDPOINT, body=body)
        return required(response.activity, "approve_transition_request", "activity")

    async def reject(self, name: str, version: str, stage: str, *, comment: str | None = None) -> Activity:
        """Reject the open request for ``stage``. Sends ``reject_transition_request``; returns the activity."""
        from databricks_mlflow_api.api.transition_requests import reject_transition_request

        body = RejectTransitionRequest(name=name, version=version, stage=stage, comment=opt(comment))
        response = await self._api.call(reject_transition_request.ENDPOINT, body=body)
        return required(response.activity, "reject_transition_request", "activity")

    async def delete(
        self, name: str, version: str, stage: str, creator: str, *, comment: str | None = None
    ) -> Activity:
        """Cancel ``creator``'s open request for ``stage``. Sends ``delete_transition_request``."""
        from databricks_mlflow_api.api.transition_requests import delete_transition_request

        response = await self._api.call(
            delete_transition_request.ENDPOINT,
            name=name,
            version=version,
            stage=stage,
            creator=creator,
            comment=opt(comment),
        )
        return required(response.activity, "delete_transition_request", "activity")
