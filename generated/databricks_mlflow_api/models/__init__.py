"""Contains all the data models used in inputs/outputs"""

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
