"""Comments on model versions."""

from __future__ import annotations

from databricks_mlflow_api.models import CommentObject

from ._base import AsyncResource, SyncResource, required


class Comments(SyncResource):
    def create(self, name: str, version: str, comment: str) -> CommentObject:
        response = self._call("create_comment", name=name, version=version, comment=comment)
        created: CommentObject = required(response.comment, "create_comment", "comment")
        return created

    def update(self, id: str, comment: str) -> CommentObject:
        response = self._call("update_comment", id=id, comment=comment)
        updated: CommentObject = required(response.comment, "update_comment", "comment")
        return updated

    def delete(self, id: str) -> None:
        self._call("delete_comment", id=id)


class AsyncComments(AsyncResource):
    async def create(self, name: str, version: str, comment: str) -> CommentObject:
        response = await self._call("create_comment", name=name, version=version, comment=comment)
        created: CommentObject = required(response.comment, "create_comment", "comment")
        return created

    async def update(self, id: str, comment: str) -> CommentObject:
        response = await self._call("update_comment", id=id, comment=comment)
        updated: CommentObject = required(response.comment, "update_comment", "comment")
        return updated

    async def delete(self, id: str) -> None:
        await self._call("delete_comment", id=id)
