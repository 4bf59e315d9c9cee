"""Comments on model versions. (The async source is _async/comments.py; _sync/comments.py is generated from it.)"""

from ._async.comments import AsyncComments
from ._sync.comments import Comments

__all__ = ["AsyncComments", "Comments"]
