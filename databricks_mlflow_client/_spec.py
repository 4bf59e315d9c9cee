"""The runtime copy of the OpenAPI spec: `databricks_mlflow_api/openapi.json`, parsed once on first use."""

from __future__ import annotations

import functools
import importlib.resources
import importlib.util
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SPEC_PACKAGE = "databricks_mlflow_api"
SPEC_RESOURCE = "openapi.json"


def _read_spec_bytes() -> bytes:
    # Locating the package without importing it skips the generated client's imports (httpx: ~0.2 s cold).
    found = importlib.util.find_spec(SPEC_PACKAGE)
    for location in (found.submodule_search_locations or []) if found is not None else []:
        candidate = Path(location) / SPEC_RESOURCE
        if candidate.is_file():
            return candidate.read_bytes()
    # zipped or otherwise unusual installs
    return importlib.resources.files(SPEC_PACKAGE).joinpath(SPEC_RESOURCE).read_bytes()


@functools.cache
def load_spec() -> Mapping[str, Any]:
    """Return the parsed spec. Callers must treat it as read-only: it is shared."""
    spec = json.loads(_read_spec_bytes())
    if not isinstance(spec, dict) or "paths" not in spec:
        raise ValueError(f"{SPEC_PACKAGE}/{SPEC_RESOURCE} is not an OpenAPI document")
    return spec
