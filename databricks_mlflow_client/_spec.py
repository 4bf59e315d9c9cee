"""Files `make generate` writes next to the generated client: read without importing it.

`openapi.json` (the spec as JSON) is for the emulator and the tests; the client reads only
`request_schemas.json` (through _validation).
"""

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


def read_generated(resource: str) -> bytes:
    """The bytes of a data file of the generated package."""
    # Locating the package without importing it skips the generated client's imports.
    found = importlib.util.find_spec(SPEC_PACKAGE)
    for location in (found.submodule_search_locations or []) if found is not None else []:
        candidate = Path(location) / resource
        if candidate.is_file():
            return candidate.read_bytes()
    # zipped or otherwise unusual installs
    return importlib.resources.files(SPEC_PACKAGE).joinpath(resource).read_bytes()


@functools.cache
def load_spec() -> Mapping[str, Any]:
    """Return the parsed spec. Callers must treat it as read-only: it is shared."""
    spec = json.loads(read_generated(SPEC_RESOURCE))
    if not isinstance(spec, dict) or "paths" not in spec:
        raise ValueError(f"{SPEC_PACKAGE}/{SPEC_RESOURCE} is not an OpenAPI document")
    return spec
