"""databricks-mlflow-client: typed sync and async client for the Databricks-only MLflow REST API.

Names are imported on first use, so ``databricks-mlflow --help`` and the pytest plugin do not pay for
httpx and the generated models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._auth import AuthenticationError
    from ._client import AsyncDatabricksMlflowClient, DatabricksMlflowClient
    from ._config import ConfigError
    from ._core import RetryPolicy
    from ._errors import (
        Aborted,
        AlreadyExists,
        ApiConnectionError,
        ApiTimeoutError,
        BadRequest,
        Cancelled,
        DatabricksError,
        DataLoss,
        DeadlineExceeded,
        InternalError,
        InvalidParameterValue,
        InvalidState,
        NotFound,
        NotImplemented,
        PermissionDenied,
        RequestLimitExceeded,
        ResourceAlreadyExists,
        ResourceConflict,
        ResourceDoesNotExist,
        ResourceExhausted,
        ResponseTooLarge,
        TemporarilyUnavailable,
        TooManyRequests,
        Unauthenticated,
        Unknown,
    )
    from ._response import RawResponse
    from ._validation import RequestValidationError, validate_request
    from ._version import __version__
    from .resources._base import ExperimentId, ModelId

_HOMES = {
    "AuthenticationError": "._auth",
    "Aborted": "._errors",
    "AlreadyExists": "._errors",
    "ApiConnectionError": "._errors",
    "ApiTimeoutError": "._errors",
    "AsyncDatabricksMlflowClient": "._async_client",
    "BadRequest": "._errors",
    "Cancelled": "._errors",
    "ConfigError": "._config",
    "DataLoss": "._errors",
    "DatabricksError": "._errors",
    "DatabricksMlflowClient": "._sync_client",
    "DeadlineExceeded": "._errors",
    "ExperimentId": ".resources._base",
    "InternalError": "._errors",
    "InvalidParameterValue": "._errors",
    "InvalidState": "._errors",
    "ModelId": ".resources._base",
    "NotFound": "._errors",
    "NotImplemented": "._errors",
    "PermissionDenied": "._errors",
    "RawResponse": "._response",
    "RequestLimitExceeded": "._errors",
    "RequestValidationError": "._validation",
    "ResourceAlreadyExists": "._errors",
    "ResourceConflict": "._errors",
    "ResourceDoesNotExist": "._errors",
    "ResourceExhausted": "._errors",
    "ResponseTooLarge": "._errors",
    "RetryPolicy": "._core",
    "TemporarilyUnavailable": "._errors",
    "TooManyRequests": "._errors",
    "Unauthenticated": "._errors",
    "Unknown": "._errors",
    "__version__": "._version",
    "validate_request": "._validation",
}


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "Aborted",
    "AlreadyExists",
    "ApiConnectionError",
    "ApiTimeoutError",
    "AsyncDatabricksMlflowClient",
    "AuthenticationError",
    "BadRequest",
    "Cancelled",
    "ConfigError",
    "DataLoss",
    "DatabricksError",
    "DatabricksMlflowClient",
    "DeadlineExceeded",
    "ExperimentId",
    "InternalError",
    "InvalidParameterValue",
    "InvalidState",
    "ModelId",
    "NotFound",
    "NotImplemented",
    "PermissionDenied",
    "RawResponse",
    "RequestLimitExceeded",
    "RequestValidationError",
    "ResourceAlreadyExists",
    "ResourceConflict",
    "ResourceDoesNotExist",
    "ResourceExhausted",
    "ResponseTooLarge",
    "RetryPolicy",
    "TemporarilyUnavailable",
    "TooManyRequests",
    "Unauthenticated",
    "Unknown",
    "__version__",
    "validate_request",
]
