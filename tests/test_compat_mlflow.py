"""MLflow's own MlflowClient (mlflow-skinny, registry URI `databricks`, host and token from the environment)
runs a registry workflow against the emulator; then our client governs what MLflow created.

This is the OSS half of a workspace (spec/mlflow-oss.yaml) sharing state with the Databricks-only half.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable, Iterator

import pytest

from databricks_mlflow_client import DatabricksMlflowClient
from databricks_mlflow_client.emulator import Emulator, WebhookReceiver

# MLflow's telemetry would call home (tests stay on loopback) and its thread edits os.environ while requests
# iterates it (a KeyError seen under load): off before MLflow is imported.
os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
mlflow = pytest.importorskip("mlflow")
from mlflow import MlflowClient  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402

SCIENTIST = "scientist@example.com"
EXPERIMENT = f"/Users/{SCIENTIST}/churn"
MODEL = "churn-model"


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    for name in (
        "DATABRICKS_CONFIG_PROFILE",
        "DATABRICKS_CLIENT_ID",
        "DATABRICKS_CLIENT_SECRET",
        "MLFLOW_TRACKING_URI",
    ):
        monkeypatch.delenv(name, raising=False)
    with Emulator() as emulator:
        scientist = emulator.add_user(SCIENTIST)
        emulator.add_user("reviewer@example.com")
        monkeypatch.setenv("DATABRICKS_HOST", emulator.url)
        monkeypatch.setenv("DATABRICKS_TOKEN", scientist.token)
        yield emulator


class Steps:
    """Named steps of a workflow; the test reports how many passed."""

    def __init__(self) -> None:
        self.passed: list[str] = []

    def __call__(self, name: str, check: Callable[[], object]) -> None:
        result = check()
        assert result is not False, name
        self.passed.append(name)


def test_mlflow_client_workflow_then_our_client_governs_it(emu: Emulator) -> None:
    steps = Steps()
    with WebhookReceiver() as target, DatabricksMlflowClient(host=emu.url, token=emu.token) as admin:
        admin.webhooks.create(
            events=["REGISTERED_MODEL_CREATED", "MODEL_VERSION_CREATED"], http_url_spec={"url": target.url}
        )
        client = MlflowClient(tracking_uri="databricks", registry_uri="databricks")
        warnings.simplefilter("ignore", FutureWarning)  # stages are deprecated in MLflow, not on a workspace

        experiment_id = client.create_experiment(EXPERIMENT)
        steps("create experiment", lambda: client.get_experiment(experiment_id).name == EXPERIMENT)
        run = client.create_run(experiment_id, run_name="train")
        client.log_param(run.info.run_id, "alpha", "0.5")
        client.log_metric(run.info.run_id, "auc", 0.91)
        client.set_terminated(run.info.run_id)
        steps(
            "create run, log, finish",
            lambda: (
                (got := client.get_run(run.info.run_id)).data.params == {"alpha": "0.5"}
                and got.data.metrics == {"auc": 0.91}
                and got.info.status == "FINISHED"
            ),
        )
        steps(
            "create model", lambda: client.create_registered_model(MODEL, description="churn").name == MODEL
        )
        source = f"dbfs:/databricks/mlflow-tracking/{experiment_id}/{run.info.run_id}/artifacts/model"
        versions = [client.create_model_version(MODEL, source, run.info.run_id) for _ in range(2)]
        steps("two versions", lambda: [v.version for v in versions] == ["1", "2"])
        client.set_model_version_tag(MODEL, "1", "validated", "yes")
        client.set_registered_model_tag(MODEL, "team", "retention")
        steps("tag", lambda: client.get_model_version(MODEL, "1").tags == {"validated": "yes"})
        moved = client.transition_model_version_stage(MODEL, "1", "Staging")
        steps("transition", lambda: moved.current_stage == "Staging")
        steps(
            "latest versions",
            lambda: (
                {v.current_stage: v.version for v in client.get_latest_versions(MODEL)}
                == {"None": "2", "Staging": "1"}
            ),
        )
        steps(
            "search models",
            lambda: [m.name for m in client.search_registered_models(f"name = '{MODEL}'")] == [MODEL],
        )
        steps(
            "search versions",
            lambda: (
                sorted(v.version for v in client.search_model_versions(f"name = '{MODEL}'")) == ["1", "2"]
            ),
        )
        client.update_registered_model(MODEL, description="churn v2")
        client.update_model_version(MODEL, "2", description="candidate")
        steps(
            "update",
            lambda: (
                client.get_registered_model(MODEL).description == "churn v2"
                and client.get_model_version(MODEL, "2").description == "candidate"
            ),
        )
        steps(
            "download uri",
            lambda: client.get_model_version_download_uri(MODEL, "2").startswith(
                "dbfs:/databricks/mlflow-registry/"
            ),
        )
        with pytest.raises(MlflowException):  # a Staging version must be archived before it is deleted
            client.delete_model_version(MODEL, "1")
        client.delete_model_version(MODEL, "2")
        steps(
            "delete version",
            lambda: [v.version for v in client.search_model_versions(f"name = '{MODEL}'")] == ["1"],
        )

        # -- our client governs what MLflow created: the model has an id and its creator a direct CAN_MANAGE
        model = admin.registered_models.get(MODEL)
        steps(
            "our client reads MLflow's model",
            lambda: model.user_id == SCIENTIST and len(model.id or "") == 32,
        )
        acl = admin.permissions.registered_models.get(MODEL).to_dict()
        (creator,) = [e for e in acl["access_control_list"] if e.get("user_name") == SCIENTIST]
        steps(
            "the creator's grant is direct",
            lambda: creator["all_permissions"] == [{"permission_level": "CAN_MANAGE", "inherited": False}],
        )
        admin.permissions.registered_models.update(
            MODEL, [{"user_name": "reviewer@example.com", "permission_level": "CAN_READ"}]
        )
        steps(
            "our grant reaches MLflow's view",
            lambda: any(
                e.get("user_name") == "reviewer@example.com"
                for e in admin.permissions.registered_models.get(MODEL).to_dict()["access_control_list"]
            ),
        )
        experiment_acl = admin.permissions.experiments.get(EXPERIMENT).to_dict()
        steps(
            "the experiment is governed too",
            lambda: any(e.get("user_name") == SCIENTIST for e in experiment_acl["access_control_list"]),
        )
        events = [json.loads(d.body)["event"] for d in target.wait_for(3)]
        steps(
            "MLflow's actions fired webhooks",
            lambda: (
                sorted(events)
                == ["MODEL_VERSION_CREATED", "MODEL_VERSION_CREATED", "REGISTERED_MODEL_CREATED"]
            ),
        )

        client.delete_run(run.info.run_id)
        steps("delete run", lambda: client.get_run(run.info.run_id).info.lifecycle_stage == "deleted")
        client.delete_registered_model(MODEL)
        client.delete_experiment(experiment_id)
        steps(
            "delete model and experiment",
            lambda: client.get_experiment(experiment_id).lifecycle_stage == "deleted",
        )
    print(f"\nMLflow client workflow: {len(steps.passed)} steps passed: {', '.join(steps.passed)}")
    assert len(steps.passed) == 19
