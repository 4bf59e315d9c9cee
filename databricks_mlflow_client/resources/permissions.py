"""Permissions on registered models and experiments, and the ACL helpers built on them. (The async source is _async/permissions.py; _sync/permissions.py is generated from it.)"""

from ._acl import AccessControlEntry, Caller, caller_principal, direct_entries
from ._async.permissions import AsyncObjectPermissions, AsyncPermissions
from ._sync.permissions import ObjectPermissions, Permissions

__all__ = [
    "AccessControlEntry",
    "AsyncObjectPermissions",
    "AsyncPermissions",
    "Caller",
    "ObjectPermissions",
    "Permissions",
    "caller_principal",
    "direct_entries",
]
