"""Registry webhooks: their store, the payloads of events, and delivery over HTTP.

Real events are delivered from one background worker thread (a queue), so an API call never waits for a
webhook target; `registry-webhooks/test` delivers synchronously. Every attempt is recorded as a `Delivery`.

The emulator only ever POSTs to loopback targets (127.0.0.0/8, ::1, localhost): a delivery to any other
address is recorded as failed and nothing leaves the machine. (A workspace does the opposite: it refuses
private addresses; the emulator's tests and users need loopback receivers.) Job-spec webhooks are recorded,
never run.
"""

from __future__ import annotations

import bisect
import hashlib
import hmac
import ipaddress
import json
import queue
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final
from urllib.parse import urlsplit

import attrs
import httpx

EVENTS: Final = (
    "MODEL_VERSION_CREATED",
    "MODEL_VERSION_TRANSITIONED_STAGE",
    "TRANSITION_REQUEST_CREATED",
    "COMMENT_CREATED",
    "REGISTERED_MODEL_CREATED",
    "MODEL_VERSION_TAG_SET",
    "MODEL_VERSION_TRANSITIONED_TO_STAGING",
    "MODEL_VERSION_TRANSITIONED_TO_PRODUCTION",
    "MODEL_VERSION_TRANSITIONED_TO_ARCHIVED",
    "TRANSITION_REQUEST_TO_STAGING_CREATED",
    "TRANSITION_REQUEST_TO_PRODUCTION_CREATED",
    "TRANSITION_REQUEST_TO_ARCHIVED_CREATED",
)
REGISTRY_WIDE_ONLY_EVENT: Final = "REGISTERED_MODEL_CREATED"
ACTIVE: Final = "ACTIVE"
DISABLED: Final = "DISABLED"
TEST_MODE: Final = "TEST_MODE"
STATUSES: Final = (ACTIVE, DISABLED, TEST_MODE)

SIGNATURE_HEADER: Final = "X-Databricks-Signature"
DELIVERY_TIMEOUT_SECONDS: Final = 5.0
_MAX_RECORDED_RESPONSE: Final = 64 * 1024


def transition_events(to_stage: str) -> list[str]:
    """The events of a model version moving to `to_stage`: the generic one and, except for None, the specific one."""
    events = ["MODEL_VERSION_TRANSITIONED_STAGE"]
    if to_stage != "None":
        events.append(f"MODEL_VERSION_TRANSITIONED_TO_{to_stage.upper()}")
    return events


def request_events(to_stage: str) -> list[str]:
    events = ["TRANSITION_REQUEST_CREATED"]
    if to_stage != "None":
        events.append(f"TRANSITION_REQUEST_TO_{to_stage.upper()}_CREATED")
    return events


# ---------------------------------------------------------------------------------------------------- store


@attrs.define(eq=False)
class Webhook:
    id: str
    seq: int
    """Creation order; list pages are cut by it."""
    model_name: str | None
    events: list[str]
    status: str
    creation_timestamp: int
    last_updated_timestamp: int
    description: str | None = None
    http_url_spec: dict[str, Any] | None = None
    """As sent, secret and authorization included: they are write-only on the API."""
    job_spec: dict[str, Any] | None = None

    def to_wire(self) -> dict[str, Any]:
        wire: dict[str, Any] = {"id": self.id}
        if self.model_name is not None:
            wire["model_name"] = self.model_name
        if self.description is not None:
            wire["description"] = self.description
        wire["events"] = list(self.events)
        wire["status"] = self.status
        if self.http_url_spec is not None:
            wire["http_url_spec"] = {
                "url": self.http_url_spec["url"],
                "enable_ssl_verification": self.http_url_spec.get("enable_ssl_verification", True),
            }
        if self.job_spec is not None:
            wire["job_spec"] = {
                key: self.job_spec[key] for key in ("job_id", "workspace_url") if key in self.job_spec
            }
        wire["creation_timestamp"] = self.creation_timestamp
        wire["last_updated_timestamp"] = self.last_updated_timestamp
        return wire


class WebhookStore:
    """Webhooks by id, in creation order (for cheap pages) and by model (for cheap event matching)."""

    def __init__(self) -> None:
        self._by_id: dict[str, Webhook] = {}
        self._seqs: list[int] = []
        self._by_seq: dict[int, Webhook] = {}
        self._by_model: dict[str | None, dict[str, Webhook]] = {}
        self._last_seq = 0

    def __len__(self) -> int:
        return len(self._by_id)

    def next_seq(self) -> int:
        self._last_seq += 1
        return self._last_seq

    def add(self, webhook: Webhook) -> None:
        self._by_id[webhook.id] = webhook
        self._seqs.append(webhook.seq)
        self._by_seq[webhook.seq] = webhook
        self._by_model.setdefault(webhook.model_name, {})[webhook.id] = webhook

    def get(self, webhook_id: str) -> Webhook | None:
        return self._by_id.get(webhook_id)

    def remove(self, webhook: Webhook) -> None:
        del self._by_id[webhook.id]
        del self._seqs[bisect.bisect_left(self._seqs, webhook.seq)]
        del self._by_seq[webhook.seq]
        del self._by_model[webhook.model_name][webhook.id]

    def matching(self, model_name: str) -> list[Webhook]:
        """The webhooks an event on `model_name` reaches: the model's own and the registry-wide ones."""
        return [*self._by_model.get(model_name, {}).values(), *self._by_model.get(None, {}).values()]

    def page(
        self, after_seq: int, limit: int, keep: Callable[[Webhook], bool]
    ) -> tuple[list[Webhook], int | None]:
        """Up to `limit` kept webhooks created after `after_seq`, and the seq to continue after (None at the end).

        Each page scans on from where the previous one stopped, so paging through everything is linear.
        """
        found: list[Webhook] = []
        index = bisect.bisect_right(self._seqs, after_seq)
        while index < len(self._seqs):
            webhook = self._by_seq[self._seqs[index]]
            index += 1
            if not keep(webhook):
                continue
            if len(found) == limit:
                return found, found[-1].seq
            found.append(webhook)
        return found, None


# ---------------------------------------------------------------------------------------------------- delivery


@attrs.define
class Delivery:
    """One attempt to deliver an event to a webhook target, as the emulator made it."""

    webhook_id: str
    event: str
    url: str
    headers: dict[str, str]
    body: bytes
    status_code: int | None = None
    response_body: str = ""
    error: str | None = None

    def json(self) -> Any:
        return json.loads(self.body)


@attrs.frozen
class DeliveryJob:
    webhook_id: str
    event: str
    url: str
    headers: dict[str, str]
    body: bytes
    verify_tls: bool = True
    is_job_run: bool = False


def build_job(
    webhook: Webhook, event: str, model_name: str | None, fields: Mapping[str, Any], now_ms: int
) -> DeliveryJob:
    """The exact bytes and headers of one delivery. The signature covers exactly these body bytes."""
    payload: dict[str, Any] = {"event": event, "webhook_id": webhook.id, "event_timestamp": now_ms}
    if model_name is not None:
        payload["model_name"] = model_name
    payload.update((key, value) for key, value in fields.items() if value is not None)
    message = json.dumps(payload).encode()
    if webhook.job_spec is not None:
        workspace_url = str(webhook.job_spec.get("workspace_url") or "").rstrip("/")
        # As documented: job_id as a number, the event in every parameter kind a job may take.
        job_id = str(webhook.job_spec["job_id"])
        run_now = {
            "job_id": int(job_id) if job_id.isdigit() else job_id,
            "notebook_params": {"event_message": message.decode()},
            "python_params": [message.decode()],
        }
        return DeliveryJob(
            webhook_id=webhook.id,
            event=event,
            url=f"{workspace_url}/api/2.0/jobs/run-now",
            headers={"Content-Type": "application/json"},
            body=json.dumps(run_now).encode(),
            is_job_run=True,
        )
    spec = webhook.http_url_spec or {}
    headers = {"Content-Type": "application/json"}
    if spec.get("secret"):
        headers[SIGNATURE_HEADER] = hmac.new(spec["secret"].encode(), message, hashlib.sha256).hexdigest()
    if spec.get("authorization"):
        headers["Authorization"] = spec["authorization"]
    return DeliveryJob(
        webhook_id=webhook.id,
        event=event,
        url=str(spec.get("url", "")),
        headers=headers,
        body=message,
        verify_tls=bool(spec.get("enable_ssl_verification", True)),
    )


def loopback_problem(url: str) -> str | None:
    """Why the emulator refuses to POST to `url`, or None when it is a loopback http(s) URL."""
    refusal = f"refused to deliver to {url!r}: the emulator only delivers to loopback addresses"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return f"{refusal} (the URL does not parse)"
    if parts.scheme not in ("http", "https") or not host:
        return f"{refusal} (not an http(s) URL with a host)"
    if host == "localhost":
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return f"{refusal} (127.0.0.0/8, ::1, localhost); '{host}' is not one"
    return None if address.is_loopback else f"{refusal} (127.0.0.0/8, ::1, localhost); {host} is not one"


class Deliverer:
    """Sends delivery jobs and records the outcome. The worker thread starts on the first queued job."""

    def __init__(self, timeout: float = DELIVERY_TIMEOUT_SECONDS) -> None:
        self._timeout = timeout
        self._queue: queue.SimpleQueue[DeliveryJob | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._clients: dict[bool, httpx.Client] = {}
        self._recorded = threading.Condition()
        self._deliveries: list[Delivery] = []
        self._closed = False

    def enqueue(self, job: DeliveryJob) -> None:
        with self._lock:
            if self._closed:
                return
            if self._worker is None:
                self._worker = threading.Thread(
                    target=self._work, name="emulator-webhook-delivery", daemon=True
                )
                self._worker.start()
        self._queue.put(job)

    def deliver_now(self, job: DeliveryJob) -> Delivery:
        delivery = self._send(job)
        self._record(delivery)
        return delivery

    def deliveries(self) -> list[Delivery]:
        with self._recorded:
            return list(self._deliveries)

    def wait_for(self, count: int, timeout: float) -> list[Delivery]:
        """All deliveries once at least `count` are recorded, or what there is when `timeout` runs out."""
        deadline = time.monotonic() + timeout
        with self._recorded:
            while len(self._deliveries) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._recorded.wait(remaining)
            return list(self._deliveries)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            worker, self._worker = self._worker, None
        if worker is not None:
            self._queue.put(None)
            worker.join(self._timeout + 1)
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            self._record(self._send(job))

    def _record(self, delivery: Delivery) -> None:
        with self._recorded:
            self._deliveries.append(delivery)
            self._recorded.notify_all()

    def _client(self, verify_tls: bool) -> httpx.Client:
        with self._lock:
            client = self._clients.get(verify_tls)
            if client is None:
                # trust_env=False: proxy variables must never route a delivery off the machine.
                client = httpx.Client(timeout=self._timeout, verify=verify_tls, trust_env=False)
                self._clients[verify_tls] = client
            return client

    def _send(self, job: DeliveryJob) -> Delivery:
        delivery = Delivery(job.webhook_id, job.event, job.url, dict(job.headers), job.body)
        if job.is_job_run:
            return delivery
        problem = loopback_problem(job.url)
        if problem is not None:
            delivery.error = problem
            return delivery
        try:
            response = self._client(job.verify_tls).post(job.url, content=job.body, headers=job.headers)
        except Exception as exc:  # any failure is the delivery's outcome, never the worker's end
            delivery.error = f"{type(exc).__name__}: {exc}"
            return delivery
        delivery.status_code = response.status_code
        delivery.response_body = response.text[:_MAX_RECORDED_RESPONSE]
        return delivery


class EventSink:
    """Turns a registry event into one delivery per matching ACTIVE webhook and subscribed event type."""

    def __init__(self, store: WebhookStore, deliverer: Deliverer) -> None:
        self._store = store
        self._deliverer = deliverer

    def fire(
        self, model_name: str, event_types: Sequence[str], fields: Mapping[str, Any], now_ms: int
    ) -> None:
        for webhook in self._store.matching(model_name):
            if webhook.status != ACTIVE:
                continue
            for event in _subscribed(webhook, event_types):
                self._deliverer.enqueue(build_job(webhook, event, model_name, fields, now_ms))


def _subscribed(webhook: Webhook, event_types: Iterable[str]) -> list[str]:
    return [event for event in event_types if event in webhook.events]
