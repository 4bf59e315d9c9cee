"""Migration of workspace-registry governance to Unity Catalog: the mapping and the plan, as pure logic.

`plan_migration` takes plain inputs (the workspace models with their ACLs, versions, stages, tags, requests
and comments; the registry webhooks; what Unity Catalog already holds) and returns a `Plan`: the actions that
make Unity Catalog match, and the findings that cannot carry over, each with what to do instead. The mapping
of permission levels to privileges and of stages to aliases is published in docs/unity-catalog-migration.md
and can be overridden from a file with `load_mapping`.
"""

from ._mapping import (
    DEFAULT_LEVELS,
    DEFAULT_MAPPING,
    DEFAULT_STAGE_ALIASES,
    LevelRule,
    MappingError,
    MigrationMapping,
    load_mapping,
    parse_mapping,
)
from ._plan import (
    AclEntry,
    Action,
    Finding,
    ModelPlan,
    Options,
    Plan,
    PlanError,
    TransitionRequest,
    UcModel,
    UcSide,
    UcVersion,
    VersionComment,
    Webhook,
    WorkspaceModel,
    WorkspaceVersion,
    comments_export,
    match_versions,
    plan_migration,
    plan_model,
    uc_model_name,
    version_comment,
    version_marker,
)
from ._wire import (
    acl_entries,
    grant_map,
    transition_requests,
    uc_model,
    webhook,
    workspace_model,
    workspace_version,
)

__all__ = [
    "DEFAULT_LEVELS",
    "DEFAULT_MAPPING",
    "DEFAULT_STAGE_ALIASES",
    "AclEntry",
    "Action",
    "Finding",
    "LevelRule",
    "MappingError",
    "MigrationMapping",
    "ModelPlan",
    "Options",
    "Plan",
    "PlanError",
    "TransitionRequest",
    "UcModel",
    "UcSide",
    "UcVersion",
    "VersionComment",
    "Webhook",
    "WorkspaceModel",
    "WorkspaceVersion",
    "acl_entries",
    "comments_export",
    "grant_map",
    "load_mapping",
    "match_versions",
    "parse_mapping",
    "plan_migration",
    "plan_model",
    "transition_requests",
    "uc_model",
    "uc_model_name",
    "version_comment",
    "version_marker",
    "webhook",
    "workspace_model",
    "workspace_version",
]
