"""The registry-webhooks operations: create, list, update, delete and test.

- A model webhook needs CAN_MANAGE on its model; a registry-wide one (no model_name) needs a workspace admin.
  Listing shows only the webhooks the caller could manage.
- Exactly one of http_url_spec / job_spec. REGISTERED_MODEL_CREATED only on registry-wide webhooks.
- Update changes only the fields sent; a new http_url_spec or job_spec replaces the whole target (a secret
  not sent again is gone).
- list: `max_results` defaults to 1000 (the proto's default) and may be at most 1000 (the page size
  Databricks' own client never exceeds); webhooks come in creation order; the page
  token is opaque.
- test: without `event` the webhook's first event is used (Databricks picks one at random); the event must
  be one of the webhook's. A DISABLED webhook cannot be tested (400 INVALID_STATE); a delivery that fails
  (no answer, or a target the emulator refuses because it is not loopback) answers 400. Job-spec webhooks
  are recorded and answer 200 with an empty body.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Final
from urllib.parse import urlsplit

from ._permissions import CAN_MANAGE, at_least
from ._principals import ApiError, Principal, bad_param, denied, not_found
from ._state import Handler, Params, State, optional_text, page_size, text
from ._webhooks import (
    ACTIVE,
    DISABLED,
    EVENTS,
    REGISTRY_WIDE_ONLY_EVENT,
    STATUSES,
    Deliverer,
    DeliveryJob,
    Webhook,
    build_job,
)

_DEFAULT_PAGE: Final = 1000  # the proto's default (databricks-registry-webhooks 0.1.2 webhooks.proto)
_MAX_PAGE: Final = 1000
_TOKEN_PREFIX: Final = "wh:"


# ---------------------------------------------------------------------------------------------------- validation


def _events(value: object, model_name: str | None) -> list[str]:
    if not isinstance(value, list) or not value:
        raise bad_param("Parameter 'events' must be a non-empty array of webhook events.")
    events: list[str] = []
    for event in value:
        if event not in EVENTS:
            raise bad_param(f"Invalid webhook event '{event}'; valid events: {', '.join(EVENTS)}.")
        if event not in events:
            events.append(event)
    if model_name is not None and REGISTRY_WIDE_ONLY_EVENT in events:
        raise bad_param(
            f"{REGISTRY_WIDE_ONLY_EVENT} is only valid for registry-wide webhooks (without model_name)."
        )
    return events


def _status(value: object) -> str:
    if value not in STATUSES:
        raise bad_param(f"Invalid webhook status '{value}'; valid statuses: {', '.join(STATUSES)}.")
    return str(value)


def _http_url_spec(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad_param("Parameter 'http_url_spec' must be an object.")
    url = value.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise bad_param(f"http_url_spec.url must be an http(s) URL, got {url!r}.")
    spec: dict[str, Any] = {"url": url, "enable_ssl_verification": value.get("enable_ssl_verification", True)}
    if not isinstance(spec["enable_ssl_verification"], bool):
        raise bad_param("http_url_spec.enable_ssl_verification must be a boolean.")
    for key in ("secret", "authorization"):
        if value.get(key) is not None:
            if not isinstance(value[key], str):
                raise bad_param(f"http_url_spec.{key} must be a string.")
            spec[key] = value[key]
    return spec


def _job_spec(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad_param("Parameter 'job_spec' must be an object.")
    spec: dict[str, Any] = {}
    for key in ("job_id", "access_token"):
        if not isinstance(value.get(key), str) or not value[key]:
            raise bad_param(f"job_spec.{key} is required.")
        spec[key] = value[key]
    if value.get("workspace_url") is not None:
        spec["workspace_url"] = str(value["workspace_url"])
    return spec


def _target(params: Params, *, required: bool) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    http, job = params.get("http_url_spec"), params.get("job_spec")
    if http is not None and job is not None:
        raise bad_param("Set exactly one of http_url_spec and job_spec, not both.")
    if required and http is None and job is None:
        raise bad_param("Set exactly one of http_url_spec and job_spec.")
    return (None if http is None else _http_url_spec(http)), (None if job is None else _job_spec(job))


def _check_access(state: State, principal: Principal, model_name: str | None) -> None:
    if model_name is None:
        if not principal.is_admin:
            raise denied("Only workspace admins can manage registry-wide webhooks.")
        return
    state.check_model(principal, state.find_model(model_name), CAN_MANAGE)


def _find(state: State, principal: Principal, webhook_id: str) -> Webhook:
    webhook = state.webhooks.get(webhook_id)
    if webhook is None:
        raise not_found(f"Webhook '{webhook_id}' does not exist.")
    _check_access(state, principal, webhook.model_name)
    return webhook


# ---------------------------------------------------------------------------------------------------- operations


def create_webhook(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model_name = optional_text(params, "model_name")
    events = _events(params.get("events"), model_name)
    http, job = _target(params, required=True)
    status = _status(params.get("status") or ACTIVE)
    _check_access(state, principal, model_name)
    now = state.now_ms()
    webhook = Webhook(
        id=state.new_id(),
        seq=state.webhooks.next_seq(),
        model_name=model_name,
        events=events,
        status=status,
        creation_timestamp=now,
        last_updated_timestamp=now,
        description=optional_text(params, "description"),
        http_url_spec=http,
        job_spec=job,
    )
    state.webhooks.add(webhook)
    return {"webhook": webhook.to_wire()}


def _encode_token(seq: int) -> str:
    return base64.urlsafe_b64encode(f"{_TOKEN_PREFIX}{seq}".encode()).decode()


def _decode_token(token: str) -> int:
    try:
        decoded = base64.urlsafe_b64decode(token.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        decoded = ""
    if not decoded.startswith(_TOKEN_PREFIX) or not decoded[len(_TOKEN_PREFIX) :].isdigit():
        raise bad_param(f"Invalid page_token '{token}'.")
    return int(decoded[len(_TOKEN_PREFIX) :])


def list_webhooks(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    size = page_size(params, default=_DEFAULT_PAGE, maximum=_MAX_PAGE)
    token = optional_text(params, "page_token")
    after = _decode_token(token) if token else 0
    wanted = set(params.get("events") or ())
    model_name = optional_text(params, "model_name")
    if model_name is not None:
        _check_access(state, principal, model_name)
    manageable: dict[str | None, bool] = {}

    def visible(webhook: Webhook) -> bool:
        if principal.is_admin or model_name is not None:
            return True
        if webhook.model_name not in manageable:
            model = None if webhook.model_name is None else state.models.get(webhook.model_name)
            manageable[webhook.model_name] = model is not None and at_least(
                state.model_level(principal, model), CAN_MANAGE
            )
        return manageable[webhook.model_name]

    def keep(webhook: Webhook) -> bool:
        if model_name is not None and webhook.model_name != model_name:
            return False
        if wanted and wanted.isdisjoint(webhook.events):
            return False
        return visible(webhook)

    page, last_seq = state.webhooks.page(after, size, keep)
    response: dict[str, Any] = {"webhooks": [webhook.to_wire() for webhook in page]}
    if last_seq is not None:
        response["next_page_token"] = _encode_token(last_seq)
    return response


def update_webhook(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    webhook = _find(state, principal, text(params, "id"))
    events = None if params.get("events") is None else _events(params["events"], webhook.model_name)
    status = None if params.get("status") is None else _status(params["status"])
    http, job = _target(params, required=False)
    if events is not None:
        webhook.events = events
    if status is not None:
        webhook.status = status
    if params.get("description") is not None:
        webhook.description = optional_text(params, "description")
    if http is not None or job is not None:
        webhook.http_url_spec, webhook.job_spec = http, job
    webhook.last_updated_timestamp = state.now_ms()
    return {"webhook": webhook.to_wire()}


def delete_webhook(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    state.webhooks.remove(_find(state, principal, text(params, "id")))
    return {}


def _test_fields(webhook: Webhook, event: str) -> dict[str, Any]:
    fields: dict[str, Any] = {"version": "1"}
    if "TRANSITION" in event:
        to_stage = next(
            (s for s in ("Staging", "Production", "Archived") if s.upper() in event), "Production"
        )
        fields.update(to_stage=to_stage, from_stage="None")
    if event == "COMMENT_CREATED":
        fields["comment"] = "This is a test comment."
    if event == "MODEL_VERSION_TAG_SET":
        fields["tags"] = [{"key": "test-key", "value": "test-value"}]
    fields["text"] = f"This is a test of webhook {webhook.id} for event {event}."
    return fields


def prepare_test(state: State, principal: Principal, params: Params) -> DeliveryJob:
    """The delivery a test call makes; built under the workspace lock, sent after it is released."""
    webhook = _find(state, principal, text(params, "id"))
    if webhook.status == DISABLED:
        raise ApiError(
            400, "INVALID_STATE", f"Webhook '{webhook.id}' is DISABLED; enable it before testing it."
        )
    event = optional_text(params, "event") or webhook.events[0]
    if event not in webhook.events:
        raise bad_param(
            f"Event '{event}' is not one of webhook '{webhook.id}' events: {', '.join(webhook.events)}."
        )
    model_name = webhook.model_name or "test-model"
    return build_job(webhook, event, model_name, _test_fields(webhook, event), state.now_ms())


def run_test(deliverer: Deliverer, job: DeliveryJob, *, echo_body: bool = True) -> dict[str, Any]:
    """Deliver a test event now and answer `{status_code, body}` as the service does.

    With `echo_body=False` (an emulator serving beyond loopback) the body is left empty: otherwise any remote
    caller could read any loopback service of the emulator's host through a webhook pointed at it.
    """
    delivery = deliverer.deliver_now(job)
    if job.is_job_run:
        return {"status_code": 200, "body": ""}
    if delivery.error is not None or delivery.status_code is None:
        raise bad_param(f"Webhook test delivery to {job.url} failed: {delivery.error}")
    return {"status_code": delivery.status_code, "body": delivery.response_body if echo_body else ""}


HANDLERS: Final[dict[str, Handler]] = {
    "create_webhook": create_webhook,
    "list_webhooks": list_webhooks,
    "update_webhook": update_webhook,
    "delete_webhook": delete_webhook,
}
