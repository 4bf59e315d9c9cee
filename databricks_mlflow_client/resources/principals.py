"""Users, groups and service principals of the workspace (SCIM look-ups). (The async source is _async/principals.py; _sync/principals.py is generated from it.)"""

from ._async.principals import AsyncPrincipals
from ._sync.principals import Principals

__all__ = ["AsyncPrincipals", "Principals"]
