"""Comments on model versions."""

from __future__ import annotations

from databricks_mlflow_api.models import CommentObject, CreateComment, UpdateComment

from .._base import AsyncResource, required


class AsyncComments(AsyncResource):
    """Comments on model versions (``client.comments``). Every method raises RequestValidationError
    before sending for a bad argument, and DatabricksError for what the server refuses."""

    async def create(self, name: str, version: str, comment: str) -> CommentObject:
        """Comment on version ``version`` of model ``name``. Sends ``create_comment``; returns the comment."""
        from databricks_mlflow_api.api.comments import create_comment

        body = CreateComment(name=name, version=version, comment=comment)
        response = await self._api.call(create_comment.ENDPOINT, body=body)
        return required(response.comment, "create_comment", "comment")

    async def update(self, id: str, comment: str) -> CommentObject:
        """Replace the text of comment ``id``. Sends ``update_comment``; returns the comment."""
        from databricks_mlflow_api.api.comments import update_comment

        response = await self._api.call(update_comment.ENDPOINT, body=UpdateComment(id=id, comment=comment))
        return required(response.comment, "update_comment", "comment")

    async def delete(self, id: str) -> None:
        """Delete comment ``id``. Sends ``delete_comment``."""
        from databricks_mlflow_api.api.comments import delete_comment

        await self._api.call(delete_comment.ENDPOINT, id=id)
