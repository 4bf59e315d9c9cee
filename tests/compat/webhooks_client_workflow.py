"""Run by tests/test_compat_webhooks_client.py inside a throwaway venv holding databricks-registry-webhooks
0.1.2 (it needs protobuf<4). Drives the client against DATABRICKS_HOST and prints one JSON line per step."""

import json
import sys

from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient

model_name, target_url = sys.argv[1], sys.argv[2]
client = RegistryWebhooksClient()


def step(name, value):
    print(json.dumps({"step": name, "value": value}), flush=True)


created = client.create_webhook(
    events=["MODEL_VERSION_CREATED", "COMMENT_CREATED"],
    http_url_spec=HttpUrlSpec(url=target_url, secret="s3cret"),
    model_name=model_name,
    description="from databricks-registry-webhooks",
    status="TEST_MODE",
)
step("create", {"id": created.id, "status": created.status, "events": list(created.events)})
listed = client.list_webhooks(model_name=model_name, events=["COMMENT_CREATED"])
step("list", [hook.id for hook in listed])
updated = client.update_webhook(id=created.id, description="updated", status="ACTIVE")
step("update", {"description": updated.description, "status": updated.status})
tested = client.test_webhook(id=created.id, event="COMMENT_CREATED")
step("test", {"status_code": tested.status_code, "body": tested.body})
client.delete_webhook(id=created.id)
step("delete", [hook.id for hook in client.list_webhooks(model_name=model_name)])
