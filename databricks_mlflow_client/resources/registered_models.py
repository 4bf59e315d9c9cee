"""Registered models: the Databricks view (workspace id, your permission level) and the Databricks stage transition. (The async source is _async/registered_models.py; _sync/registered_models.py is generated from it.)"""

from ._async.registered_models import AsyncRegisteredModels
from ._sync.registered_models import RegisteredModels

__all__ = ["AsyncRegisteredModels", "RegisteredModels"]
