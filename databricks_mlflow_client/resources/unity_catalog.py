"""Unity Catalog registered models, versions, aliases and grants (``client.uc``). (The async source is _async/unity_catalog.py; _sync/unity_catalog.py is generated from it.)"""

from ._async.unity_catalog import (
    AsyncUcGrants,
    AsyncUcModels,
    AsyncUcModelVersions,
    AsyncUnityCatalog,
)
from ._sync.unity_catalog import UcGrants, UcModels, UcModelVersions, UnityCatalog

__all__ = [
    "AsyncUcGrants",
    "AsyncUcModelVersions",
    "AsyncUcModels",
    "AsyncUnityCatalog",
    "UcGrants",
    "UcModelVersions",
    "UcModels",
    "UnityCatalog",
]
