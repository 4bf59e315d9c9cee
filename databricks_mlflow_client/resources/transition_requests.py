"""Stage-transition requests: create, list, approve, reject and cancel (delete)."""

from __future__ import annotations

from databricks_mlflow_api.models import Activity, TransitionRequest

from ._base import AsyncResource, SyncResource, listed, required


class TransitionRequests(SyncResource):
    def create(self, name: str, version: str, stage: str, *, comment: str | None = None) -> TransitionRequest:
        response = self._call(
            "create_transition_request", name=name, version=version, stage=stage, comment=comment
        )
        request: TransitionRequest = required(response.request, "create_transition_request", "request")
        return request

    def list(self, name: str, version: str) -> list[Activity]:
        """The open requests on a version (the API does not paginate them)."""
        return listed(self._call("list_transition_requests", name=name, version=version).requests)

    def approve(
        self,
        name: str,
        version: str,
        stage: str,
        *,
        archive_existing_versions: bool,
        comment: str | None = None,
    ) -> Activity:
        response = self._call(
            "approve_transition_request",
            name=name,
            version=version,
            stage=stage,
            archive_existing_versions=archive_existing_versions,
            comment=comment,
        )
        activity: Activity = required(response.activity, "approve_transition_request", "activity")
        return activity

    def reject(self, name: str, version: str, stage: str, *, comment: str | None = None) -> Activity:
        response = self._call(
            "reject_transition_request", name=name, version=version, stage=stage, comment=comment
        )
        activity: Activity = required(response.activity, "reject_transition_request", "activity")
        return activity

    def delete(
        self, name: str, version: str, stage: str, creator: str, *, comment: str | None = None
    ) -> Activity:
        """Cancel ``creator``'s open request for ``stage``."""
        response = self._call(
            "delete_transition_request",
            name=name,
            version=version,
            stage=stage,
            creator=creator,
            comment=comment,
        )
        activity: Activity = required(response.activity, "delete_transition_request", "activity")
        return activity


class AsyncTransitionRequests(AsyncResource):
    async def create(
        self, name: str, version: str, stage: str, *, comment: str | None = None
    ) -> TransitionRequest:
        response = await self._call(
            "create_transition_request", name=name, version=version, stage=stage, comment=comment
        )
        request: TransitionRequest = required(response.request, "create_transition_request", "request")
        return request

    async def list(self, name: str, version: str) -> list[Activity]:
        """The open requests on a version (the API does not paginate them)."""
        return listed((await self._call("list_transition_requests", name=name, version=version)).requests)

    async def approve(
        self,
        name: str,
        version: str,
        stage: str,
        *,
        archive_existing_versions: bool,
        comment: str | None = None,
    ) -> Activity:
        response = await self._call(
            "approve_transition_request",
            name=name,
            version=version,
            stage=stage,
            archive_existing_versions=archive_existing_versions,
            comment=comment,
        )
        activity: Activity = required(response.activity, "approve_transition_request", "activity")
        return activity

    async def reject(self, name: str, version: str, stage: str, *, comment: str | None = None) -> Activity:
        response = await self._call(
            "reject_transition_request", name=name, version=version, stage=stage, comment=comment
        )
        activity: Activity = required(response.activity, "reject_transition_request", "activity")
        return activity

    async def delete(
        self, name: str, version: str, stage: str, creator: str, *, comment: str | None = None
    ) -> Activity:
        """Cancel ``creator``'s open request for ``stage``."""
        response = await self._call(
            "delete_transition_request",
            name=name,
            version=version,
            stage=stage,
            creator=creator,
            comment=comment,
        )
        activity: Activity = required(response.activity, "delete_transition_request", "activity")
        return activity
