"""Contains all the data models used in inputs/outputs.

Each model is imported on first use (PEP 562): an operation imports the few models it needs, and importing
all of them at once took about 100 ms, which every CLI command paid before its first request.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .activity import Activity
    from .activity_action import ActivityAction
    from .activity_type import ActivityType
    from .approve_transition_request import ApproveTransitionRequest
    from .approve_transition_request_response import ApproveTransitionRequestResponse
    from .comment_activity_action import CommentActivityAction
    from .comment_object import CommentObject
    from .complex_value import ComplexValue
    from .connection_dependency import ConnectionDependency
    from .create_comment import CreateComment
    from .create_comment_response import CreateCommentResponse
    from .create_registered_model_request import CreateRegisteredModelRequest
    from .create_registry_webhook import CreateRegistryWebhook
    from .create_transition_request import CreateTransitionRequest
    from .create_transition_request_response import CreateTransitionRequestResponse
    from .create_webhook_response import CreateWebhookResponse
    from .credential_dependency import CredentialDependency
    from .delete_comment_response import DeleteCommentResponse
    from .delete_response import DeleteResponse
    from .delete_runs import DeleteRuns
    from .delete_runs_response import DeleteRunsResponse
    from .delete_transition_request_response import DeleteTransitionRequestResponse
    from .delete_webhook_response import DeleteWebhookResponse
    from .dependency import Dependency
    from .dependency_list import DependencyList
    from .effective_permissions_list import EffectivePermissionsList
    from .effective_privilege import EffectivePrivilege
    from .effective_privilege_assignment import EffectivePrivilegeAssignment
    from .error import Error
    from .error_details_item import ErrorDetailsItem
    from .experiment import Experiment
    from .experiment_access_control_request import ExperimentAccessControlRequest
    from .experiment_access_control_response import ExperimentAccessControlResponse
    from .experiment_permission import ExperimentPermission
    from .experiment_permission_level import ExperimentPermissionLevel
    from .experiment_permissions import ExperimentPermissions
    from .experiment_permissions_description import ExperimentPermissionsDescription
    from .experiment_permissions_request import ExperimentPermissionsRequest
    from .experiment_tag import ExperimentTag
    from .experiment_trace_location import ExperimentTraceLocation
    from .feature_list import FeatureList
    from .function_dependency import FunctionDependency
    from .get_experiment_by_name_response import GetExperimentByNameResponse
    from .get_experiment_permission_levels_response import GetExperimentPermissionLevelsResponse
    from .get_model_response import GetModelResponse
    from .get_permissions_response import GetPermissionsResponse
    from .get_registered_model_permission_levels_response import GetRegisteredModelPermissionLevelsResponse
    from .group import Group
    from .http_url_spec import HttpUrlSpec
    from .http_url_spec_without_secret import HttpUrlSpecWithoutSecret
    from .job_spec import JobSpec
    from .job_spec_without_secret import JobSpecWithoutSecret
    from .linked_feature import LinkedFeature
    from .list_groups_response import ListGroupsResponse
    from .list_model_versions_response import ListModelVersionsResponse
    from .list_registered_models_response import ListRegisteredModelsResponse
    from .list_registry_webhooks import ListRegistryWebhooks
    from .list_service_principal_response import ListServicePrincipalResponse
    from .list_transition_requests_response import ListTransitionRequestsResponse
    from .list_users_response import ListUsersResponse
    from .metric import Metric
    from .model import Model
    from .model_databricks import ModelDatabricks
    from .model_tag import ModelTag
    from .model_version import ModelVersion
    from .model_version_databricks import ModelVersionDatabricks
    from .model_version_info import ModelVersionInfo
    from .model_version_info_status import ModelVersionInfoStatus
    from .model_version_status import ModelVersionStatus
    from .model_version_tag import ModelVersionTag
    from .name import Name
    from .param import Param
    from .permission_level import PermissionLevel
    from .permissions_change import PermissionsChange
    from .privilege import Privilege
    from .privilege_assignment import PrivilegeAssignment
    from .registered_model_access_control_request import RegisteredModelAccessControlRequest
    from .registered_model_access_control_response import RegisteredModelAccessControlResponse
    from .registered_model_alias import RegisteredModelAlias
    from .registered_model_info import RegisteredModelInfo
    from .registered_model_permission import RegisteredModelPermission
    from .registered_model_permission_level import RegisteredModelPermissionLevel
    from .registered_model_permissions import RegisteredModelPermissions
    from .registered_model_permissions_description import RegisteredModelPermissionsDescription
    from .registered_model_permissions_request import RegisteredModelPermissionsRequest
    from .registry_email_subscription_type import RegistryEmailSubscriptionType
    from .registry_webhook import RegistryWebhook
    from .registry_webhook_event import RegistryWebhookEvent
    from .registry_webhook_status import RegistryWebhookStatus
    from .reject_transition_request import RejectTransitionRequest
    from .reject_transition_request_response import RejectTransitionRequestResponse
    from .restore_runs import RestoreRuns
    from .restore_runs_response import RestoreRunsResponse
    from .run import Run
    from .run_data import RunData
    from .run_info import RunInfo
    from .run_info_status import RunInfoStatus
    from .run_tag import RunTag
    from .search_experiments import SearchExperiments
    from .search_experiments_response import SearchExperimentsResponse
    from .search_model_versions_response import SearchModelVersionsResponse
    from .search_models_response import SearchModelsResponse
    from .search_runs import SearchRuns
    from .search_runs_response import SearchRunsResponse
    from .securable_type import SecurableType
    from .service_principal import ServicePrincipal
    from .set_registered_model_alias_request import SetRegisteredModelAliasRequest
    from .status import Status
    from .table_dependency import TableDependency
    from .test_registry_webhook_request import TestRegistryWebhookRequest
    from .test_registry_webhook_response import TestRegistryWebhookResponse
    from .transition_model_version_stage_databricks import TransitionModelVersionStageDatabricks
    from .transition_request import TransitionRequest
    from .transition_stage_response import TransitionStageResponse
    from .uc_trace_location import UcTraceLocation
    from .update_comment import UpdateComment
    from .update_comment_response import UpdateCommentResponse
    from .update_model_version_request import UpdateModelVersionRequest
    from .update_permissions import UpdatePermissions
    from .update_permissions_response import UpdatePermissionsResponse
    from .update_registered_model_request import UpdateRegisteredModelRequest
    from .update_registry_webhook import UpdateRegistryWebhook
    from .update_webhook_response import UpdateWebhookResponse
    from .user import User
    from .view_type import ViewType

_HOME = {
    "Activity": ".activity",
    "ActivityAction": ".activity_action",
    "ActivityType": ".activity_type",
    "ApproveTransitionRequest": ".approve_transition_request",
    "ApproveTransitionRequestResponse": ".approve_transition_request_response",
    "CommentActivityAction": ".comment_activity_action",
    "CommentObject": ".comment_object",
    "ComplexValue": ".complex_value",
    "ConnectionDependency": ".connection_dependency",
    "CreateComment": ".create_comment",
    "CreateCommentResponse": ".create_comment_response",
    "CreateRegisteredModelRequest": ".create_registered_model_request",
    "CreateRegistryWebhook": ".create_registry_webhook",
    "CreateTransitionRequest": ".create_transition_request",
    "CreateTransitionRequestResponse": ".create_transition_request_response",
    "CreateWebhookResponse": ".create_webhook_response",
    "CredentialDependency": ".credential_dependency",
    "DeleteCommentResponse": ".delete_comment_response",
    "DeleteResponse": ".delete_response",
    "DeleteRuns": ".delete_runs",
    "DeleteRunsResponse": ".delete_runs_response",
    "DeleteTransitionRequestResponse": ".delete_transition_request_response",
    "DeleteWebhookResponse": ".delete_webhook_response",
    "Dependency": ".dependency",
    "DependencyList": ".dependency_list",
    "EffectivePermissionsList": ".effective_permissions_list",
    "EffectivePrivilege": ".effective_privilege",
    "EffectivePrivilegeAssignment": ".effective_privilege_assignment",
    "Error": ".error",
    "ErrorDetailsItem": ".error_details_item",
    "Experiment": ".experiment",
    "ExperimentAccessControlRequest": ".experiment_access_control_request",
    "ExperimentAccessControlResponse": ".experiment_access_control_response",
    "ExperimentPermission": ".experiment_permission",
    "ExperimentPermissionLevel": ".experiment_permission_level",
    "ExperimentPermissions": ".experiment_permissions",
    "ExperimentPermissionsDescription": ".experiment_permissions_description",
    "ExperimentPermissionsRequest": ".experiment_permissions_request",
    "ExperimentTag": ".experiment_tag",
    "ExperimentTraceLocation": ".experiment_trace_location",
    "FeatureList": ".feature_list",
    "FunctionDependency": ".function_dependency",
    "GetExperimentByNameResponse": ".get_experiment_by_name_response",
    "GetExperimentPermissionLevelsResponse": ".get_experiment_permission_levels_response",
    "GetModelResponse": ".get_model_response",
    "GetPermissionsResponse": ".get_permissions_response",
    "GetRegisteredModelPermissionLevelsResponse": ".get_registered_model_permission_levels_response",
    "Group": ".group",
    "HttpUrlSpec": ".http_url_spec",
    "HttpUrlSpecWithoutSecret": ".http_url_spec_without_secret",
    "JobSpec": ".job_spec",
    "JobSpecWithoutSecret": ".job_spec_without_secret",
    "LinkedFeature": ".linked_feature",
    "ListGroupsResponse": ".list_groups_response",
    "ListModelVersionsResponse": ".list_model_versions_response",
    "ListRegisteredModelsResponse": ".list_registered_models_response",
    "ListRegistryWebhooks": ".list_registry_webhooks",
    "ListServicePrincipalResponse": ".list_service_principal_response",
    "ListTransitionRequestsResponse": ".list_transition_requests_response",
    "ListUsersResponse": ".list_users_response",
    "Metric": ".metric",
    "Model": ".model",
    "ModelDatabricks": ".model_databricks",
    "ModelTag": ".model_tag",
    "ModelVersion": ".model_version",
    "ModelVersionDatabricks": ".model_version_databricks",
    "ModelVersionInfo": ".model_version_info",
    "ModelVersionInfoStatus": ".model_version_info_status",
    "ModelVersionStatus": ".model_version_status",
    "ModelVersionTag": ".model_version_tag",
    "Name": ".name",
    "Param": ".param",
    "PermissionLevel": ".permission_level",
    "PermissionsChange": ".permissions_change",
    "Privilege": ".privilege",
    "PrivilegeAssignment": ".privilege_assignment",
    "RegisteredModelAccessControlRequest": ".registered_model_access_control_request",
    "RegisteredModelAccessControlResponse": ".registered_model_access_control_response",
    "RegisteredModelAlias": ".registered_model_alias",
    "RegisteredModelInfo": ".registered_model_info",
    "RegisteredModelPermission": ".registered_model_permission",
    "RegisteredModelPermissionLevel": ".registered_model_permission_level",
    "RegisteredModelPermissions": ".registered_model_permissions",
    "RegisteredModelPermissionsDescription": ".registered_model_permissions_description",
    "RegisteredModelPermissionsRequest": ".registered_model_permissions_request",
    "RegistryEmailSubscriptionType": ".registry_email_subscription_type",
    "RegistryWebhook": ".registry_webhook",
    "RegistryWebhookEvent": ".registry_webhook_event",
    "RegistryWebhookStatus": ".registry_webhook_status",
    "RejectTransitionRequest": ".reject_transition_request",
    "RejectTransitionRequestResponse": ".reject_transition_request_response",
    "RestoreRuns": ".restore_runs",
    "RestoreRunsResponse": ".restore_runs_response",
    "Run": ".run",
    "RunData": ".run_data",
    "RunInfo": ".run_info",
    "RunInfoStatus": ".run_info_status",
    "RunTag": ".run_tag",
    "SearchExperiments": ".search_experiments",
    "SearchExperimentsResponse": ".search_experiments_response",
    "SearchModelVersionsResponse": ".search_model_versions_response",
    "SearchModelsResponse": ".search_models_response",
    "SearchRuns": ".search_runs",
    "SearchRunsResponse": ".search_runs_response",
    "SecurableType": ".securable_type",
    "ServicePrincipal": ".service_principal",
    "SetRegisteredModelAliasRequest": ".set_registered_model_alias_request",
    "Status": ".status",
    "TableDependency": ".table_dependency",
    "TestRegistryWebhookRequest": ".test_registry_webhook_request",
    "TestRegistryWebhookResponse": ".test_registry_webhook_response",
    "TransitionModelVersionStageDatabricks": ".transition_model_version_stage_databricks",
    "TransitionRequest": ".transition_request",
    "TransitionStageResponse": ".transition_stage_response",
    "UcTraceLocation": ".uc_trace_location",
    "UpdateComment": ".update_comment",
    "UpdateCommentResponse": ".update_comment_response",
    "UpdateModelVersionRequest": ".update_model_version_request",
    "UpdatePermissions": ".update_permissions",
    "UpdatePermissionsResponse": ".update_permissions_response",
    "UpdateRegisteredModelRequest": ".update_registered_model_request",
    "UpdateRegistryWebhook": ".update_registry_webhook",
    "UpdateWebhookResponse": ".update_webhook_response",
    "User": ".user",
    "ViewType": ".view_type",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


__all__ = (
    "Activity",
    "ActivityAction",
    "ActivityType",
    "ApproveTransitionRequest",
    "ApproveTransitionRequestResponse",
    "CommentActivityAction",
    "CommentObject",
    "ComplexValue",
    "ConnectionDependency",
    "CreateComment",
    "CreateCommentResponse",
    "CreateRegisteredModelRequest",
    "CreateRegistryWebhook",
    "CreateTransitionRequest",
    "CreateTransitionRequestResponse",
    "CreateWebhookResponse",
    "CredentialDependency",
    "DeleteCommentResponse",
    "DeleteResponse",
    "DeleteRuns",
    "DeleteRunsResponse",
    "DeleteTransitionRequestResponse",
    "DeleteWebhookResponse",
    "Dependency",
    "DependencyList",
    "EffectivePermissionsList",
    "EffectivePrivilege",
    "EffectivePrivilegeAssignment",
    "Error",
    "ErrorDetailsItem",
    "Experiment",
    "ExperimentAccessControlRequest",
    "ExperimentAccessControlResponse",
    "ExperimentPermission",
    "ExperimentPermissionLevel",
    "ExperimentPermissions",
    "ExperimentPermissionsDescription",
    "ExperimentPermissionsRequest",
    "ExperimentTag",
    "ExperimentTraceLocation",
    "FeatureList",
    "FunctionDependency",
    "GetExperimentByNameResponse",
    "GetExperimentPermissionLevelsResponse",
    "GetModelResponse",
    "GetPermissionsResponse",
    "GetRegisteredModelPermissionLevelsResponse",
    "Group",
    "HttpUrlSpec",
    "HttpUrlSpecWithoutSecret",
    "JobSpec",
    "JobSpecWithoutSecret",
    "LinkedFeature",
    "ListGroupsResponse",
    "ListModelVersionsResponse",
    "ListRegisteredModelsResponse",
    "ListRegistryWebhooks",
    "ListServicePrincipalResponse",
    "ListTransitionRequestsResponse",
    "ListUsersResponse",
    "Metric",
    "Model",
    "ModelDatabricks",
    "ModelTag",
    "ModelVersion",
    "ModelVersionDatabricks",
    "ModelVersionInfo",
    "ModelVersionInfoStatus",
    "ModelVersionStatus",
    "ModelVersionTag",
    "Name",
    "Param",
    "PermissionLevel",
    "PermissionsChange",
    "Privilege",
    "PrivilegeAssignment",
    "RegisteredModelAccessControlRequest",
    "RegisteredModelAccessControlResponse",
    "RegisteredModelAlias",
    "RegisteredModelInfo",
    "RegisteredModelPermission",
    "RegisteredModelPermissionLevel",
    "RegisteredModelPermissions",
    "RegisteredModelPermissionsDescription",
    "RegisteredModelPermissionsRequest",
    "RegistryEmailSubscriptionType",
    "RegistryWebhook",
    "RegistryWebhookEvent",
    "RegistryWebhookStatus",
    "RejectTransitionRequest",
    "RejectTransitionRequestResponse",
    "RestoreRuns",
    "RestoreRunsResponse",
    "Run",
    "RunData",
    "RunInfo",
    "RunInfoStatus",
    "RunTag",
    "SearchExperiments",
    "SearchExperimentsResponse",
    "SearchModelsResponse",
    "SearchModelVersionsResponse",
    "SearchRuns",
    "SearchRunsResponse",
    "SecurableType",
    "ServicePrincipal",
    "SetRegisteredModelAliasRequest",
    "Status",
    "TableDependency",
    "TestRegistryWebhookRequest",
    "TestRegistryWebhookResponse",
    "TransitionModelVersionStageDatabricks",
    "TransitionRequest",
    "TransitionStageResponse",
    "UcTraceLocation",
    "UpdateComment",
    "UpdateCommentResponse",
    "UpdateModelVersionRequest",
    "UpdatePermissions",
    "UpdatePermissionsResponse",
    "UpdateRegisteredModelRequest",
    "UpdateRegistryWebhook",
    "UpdateWebhookResponse",
    "User",
    "ViewType",
)
