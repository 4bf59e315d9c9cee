"""How workspace-registry governance translates to Unity Catalog: ACL levels to privileges, stages to aliases.

The default table and its reasoning are published in docs/unity-catalog-migration.md; `load_mapping` reads a
YAML or JSON file that overrides any part of it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import yaml

LEVELS: Final = (
    "CAN_READ",
    "CAN_EDIT",
    "CAN_MANAGE_STAGING_VERSIONS",
    "CAN_MANAGE_PRODUCTION_VERSIONS",
    "CAN_MANAGE",
)
STAGES: Final = ("None", "Staging", "Production", "Archived")
MODEL_PRIVILEGES: Final = frozenset({"ALL_PRIVILEGES", "APPLY_TAG", "EXECUTE", "MANAGE"})
"""The Unity Catalog privileges that can be granted on a registered model."""

DEPLOYMENT_JOB: Final = (
    "Unity Catalog has no privilege to move versions between stages: create a deployment job with an "
    "approval task for the model (MLflow 3 deployment jobs) and give this principal CAN_MANAGE_RUN on it; "
    "aliases themselves can only be set by the model's owner."
)
OWNER_ONLY: Final = (
    "Creating versions and editing descriptions need ownership of the model in Unity Catalog (CREATE MODEL "
    "VERSION is not a grantable privilege): make a group that holds these principals the owner if they must."
)


@attrs.frozen
class LevelRule:
    """What one workspace permission level becomes: privileges on the UC model, and what has no equivalent."""

    privileges: frozenset[str]
    no_equivalent: str = ""
    """What the level allowed that no grant carries, with what to do instead; empty when everything carries."""


DEFAULT_LEVELS: Final[Mapping[str, LevelRule]] = {
    "CAN_READ": LevelRule(frozenset({"EXECUTE"})),
    "CAN_EDIT": LevelRule(frozenset({"EXECUTE", "APPLY_TAG"}), OWNER_ONLY),
    "CAN_MANAGE_STAGING_VERSIONS": LevelRule(
        frozenset({"EXECUTE", "APPLY_TAG"}), f"Transitions to and from Staging. {DEPLOYMENT_JOB}"
    ),
    "CAN_MANAGE_PRODUCTION_VERSIONS": LevelRule(
        frozenset({"EXECUTE", "APPLY_TAG"}),
        f"Transitions to and from Production and Archived. {DEPLOYMENT_JOB}",
    ),
    "CAN_MANAGE": LevelRule(
        frozenset({"EXECUTE", "APPLY_TAG", "MANAGE"}),
        "Deleting the model, setting aliases and creating versions need ownership in Unity Catalog; MANAGE "
        "only lets the principal grant privileges. Make the principal (or its group) the owner if it must.",
    ),
}
DEFAULT_STAGE_ALIASES: Final[Mapping[str, str]] = {"Production": "champion", "Staging": "challenger"}


class MappingError(ValueError):
    """A mapping override that cannot be used; the message names the file, the field and the rule."""


@attrs.frozen
class MigrationMapping:
    """The whole translation: permission levels and stage aliases."""

    levels: Mapping[str, LevelRule] = attrs.field(factory=lambda: dict(DEFAULT_LEVELS))
    stage_aliases: Mapping[str, str] = attrs.field(factory=lambda: dict(DEFAULT_STAGE_ALIASES))


DEFAULT_MAPPING: Final = MigrationMapping()


def parse_mapping(data: object, where: str = "mapping") -> MigrationMapping:
    """The default mapping with the overrides in `data` applied.

    `data` is `{"levels": {LEVEL: [PRIVILEGE, ...]}, "stage_aliases": {STAGE: alias or null}}`; both keys
    are optional. An overridden level keeps its note of what has no equivalent. A stage mapped to null gets
    no alias.
    Raises MappingError naming the field and the rule.
    """
    if data is None:
        return DEFAULT_MAPPING
    if not isinstance(data, Mapping):
        raise MappingError(f"{where}: must be a mapping with 'levels' and/or 'stage_aliases'")
    unknown = sorted(set(map(str, data)) - {"levels", "stage_aliases"})
    if unknown:
        raise MappingError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: levels, stage_aliases")
    levels = dict(DEFAULT_LEVELS)
    raw_levels = data.get("levels") or {}
    if not isinstance(raw_levels, Mapping):
        raise MappingError(f"{where}.levels: must map a permission level to a list of privileges")
    for level, privileges in raw_levels.items():
        field = f"{where}.levels.{level}"
        if level not in LEVELS:
            raise MappingError(f"{field}: unknown permission level; known: {', '.join(LEVELS)}")
        if not isinstance(privileges, list) or not all(isinstance(p, str) for p in privileges):
            raise MappingError(f"{field}: must be a list of privilege names")
        wrong = sorted(set(privileges) - MODEL_PRIVILEGES)
        if wrong:
            raise MappingError(
                f"{field}: {', '.join(wrong)} cannot be granted on a registered model; "
                f"allowed: {', '.join(sorted(MODEL_PRIVILEGES))}"
            )
        levels[level] = LevelRule(frozenset(privileges), DEFAULT_LEVELS[level].no_equivalent)
    aliases = dict(DEFAULT_STAGE_ALIASES)
    raw_aliases = data.get("stage_aliases") or {}
    if not isinstance(raw_aliases, Mapping):
        raise MappingError(f"{where}.stage_aliases: must map a stage to an alias name or null")
    for stage, alias in raw_aliases.items():
        field = f"{where}.stage_aliases.{stage}"
        if stage not in STAGES:
            raise MappingError(f"{field}: unknown stage; known: {', '.join(STAGES)}")
        if alias is None:
            aliases.pop(stage, None)
            continue
        if not isinstance(alias, str) or not alias.strip() or "." in alias or "/" in alias:
            raise MappingError(f"{field}: an alias is a non-empty name without '.' or '/', got {alias!r}")
        aliases[stage] = alias.strip().lower()
    taken: dict[str, str] = {}
    for stage, alias in aliases.items():
        if alias in taken:
            raise MappingError(
                f"{where}.stage_aliases: {taken[alias]} and {stage} both map to alias '{alias}'"
            )
        taken[alias] = stage
    return MigrationMapping(levels, aliases)


class _StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses duplicate keys instead of keeping the last one."""


def _no_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise MappingError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def load_mapping(path: str | Path) -> MigrationMapping:
    """The default mapping overridden by a `.json`, `.yaml` or `.yml` file; MappingError names what is wrong."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_StrictLoader)
    except MappingError as exc:
        raise MappingError(f"{path}: {exc}") from None
    except (ValueError, yaml.YAMLError) as exc:
        raise MappingError(
            f"{path}: not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {exc}"
        ) from None
    return parse_mapping(data, str(path))
