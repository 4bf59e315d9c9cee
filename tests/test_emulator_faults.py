"""Injected faults and rate limits, observed the way a client sees them: over real loopback HTTP with httpx."""

from __future__ import annotations

import email.utils
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from databricks_mlflow_client.emulator import Emulator, Fault, RateLimit
from databricks_mlflow_client.emulator._faults import (
    FaultSet,
    Reply,
    format_retry_after,
    parse_fault_option,
    parse_rate_limit_option,
)

GET_MODEL = "/api/2.0/mlflow/databricks/registered-models/get"
CREATE_REQUEST = "/api/2.0/mlflow/transition-requests/create"
LIST_REQUESTS = "/api/2.0/mlflow/transition-requests/list"
MODEL = {"name": "m"}


@pytest.fixture
def emu(databricks_emulator: Emulator) -> Emulator:
    databricks_emulator.create_registered_model("m", versions=1)
    return databricks_emulator


@pytest.fixture
def client(emu: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}, timeout=10) as http:
        yield http


def open_requests(client: httpx.Client) -> list[dict[str, Any]]:
    listed = client.get(LIST_REQUESTS, params={"name": "m", "version": "1"})
    assert listed.status_code == 200, listed.text
    requests: list[dict[str, Any]] = listed.json().get("requests", [])
    return requests


# ---- connection-level faults


def test_drop_before_closes_without_an_answer_and_changes_nothing(
    emu: Emulator, client: httpx.Client
) -> None:
    fault = emu.inject(CREATE_REQUEST, "drop_before", times=1)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.post(CREATE_REQUEST, json={"name": "m", "version": "1", "stage": "Staging"})
    assert fault.hits == 1
    assert open_requests(client) == []
    assert emu.requests[0].status == 0


def test_drop_after_changes_state_but_the_client_sees_an_error(emu: Emulator, client: httpx.Client) -> None:
    emu.inject("/api/2.0/mlflow/transition-requests/*", "drop_after", method="POST", times=1)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.post(CREATE_REQUEST, json={"name": "m", "version": "1", "stage": "Staging"})
    assert [r["to_stage"] for r in open_requests(client)] == ["Staging"]  # GET: not dropped (method filter)
    assert emu.requests[0].status == 0 and emu.requests[0].principal is not None


def test_truncate_sends_a_short_json_body(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(GET_MODEL, "truncate", times=1)
    response = client.get(GET_MODEL, params=MODEL)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert client.get(GET_MODEL, params=MODEL).json()["registered_model_databricks"]["name"] == "m"


def test_truncate_with_cut_connection_dies_mid_body(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(GET_MODEL, "truncate", times=1, cut_connection=True)
    with pytest.raises(httpx.RemoteProtocolError):
        client.get(GET_MODEL, params=MODEL)
    assert client.get(GET_MODEL, params=MODEL).status_code == 200


# ---- answering faults


def test_html_error_page(emu: Emulator, client: httpx.Client) -> None:
    emu.inject("/api/*", "html", status=502)
    response = client.get(GET_MODEL, params=MODEL)
    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<title>502 Bad Gateway</title>" in response.text


def test_empty_body_with_status(emu: Emulator, client: httpx.Client) -> None:
    emu.inject("/api/*", "empty", status=503)
    response = client.get(GET_MODEL, params=MODEL)
    assert response.status_code == 503
    assert response.content == b""
    assert "Content-Type" not in response.headers


@pytest.mark.parametrize(
    ("status", "error_code"),
    [
        (429, "REQUEST_LIMIT_EXCEEDED"),
        (500, "INTERNAL_ERROR"),
        (502, "BAD_GATEWAY"),
        (503, "TEMPORARILY_UNAVAILABLE"),
        (504, "DEADLINE_EXCEEDED"),
        (418, "I'M_A_TEAPOT"),
    ],
)
def test_status_fault_has_a_databricks_error_body(
    emu: Emulator, client: httpx.Client, status: int, error_code: str
) -> None:
    emu.inject(GET_MODEL, "status", status=status)
    response = client.get(GET_MODEL, params=MODEL)
    assert response.status_code == status
    assert response.json()["error_code"] == error_code
    assert "Retry-After" not in response.headers


def test_retry_after_seconds_and_http_date(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(GET_MODEL, "status", status=429, retry_after=7, times=1)
    when = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    emu.inject(GET_MODEL, "status", status=503, retry_after=when, times=1)
    emu.inject(GET_MODEL, "status", status=429, retry_after=0.2, times=1)
    assert client.get(GET_MODEL, params=MODEL).headers["Retry-After"] == "7"
    dated = client.get(GET_MODEL, params=MODEL)
    assert dated.status_code == 503
    assert dated.headers["Retry-After"] == "Wed, 02 Jan 2030 03:04:05 GMT"
    assert email.utils.parsedate_to_datetime(dated.headers["Retry-After"]) == when
    assert client.get(GET_MODEL, params=MODEL).headers["Retry-After"] == "1"  # seconds round up
    assert client.get(GET_MODEL, params=MODEL).status_code == 200


def test_custom_body_and_headers(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(
        GET_MODEL, "status", status=400, body="INVALID_PARAMETER_VALUE: bad id", headers={"X-Why": "t"}
    )
    response = client.get(GET_MODEL, params=MODEL)
    assert response.status_code == 400
    assert response.text == "INVALID_PARAMETER_VALUE: bad id"
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.headers["X-Why"] == "t"


def test_faults_apply_before_auth(emu: Emulator) -> None:
    emu.inject(GET_MODEL, "status", status=503)
    assert httpx.get(emu.url + GET_MODEL, params=MODEL).status_code == 503


def test_body_replaces_only_successful_responses(emu: Emulator, client: httpx.Client) -> None:
    def add_unknowns(body: dict[str, Any]) -> dict[str, Any]:
        body["registered_model_databricks"]["permission_level"] = "CAN_DO_FUTURE_THINGS"
        body["brand_new_field"] = {"x": 1}
        return body

    fault = emu.inject(GET_MODEL, "body", body=add_unknowns)
    changed = client.get(GET_MODEL, params=MODEL).json()
    assert changed["registered_model_databricks"]["permission_level"] == "CAN_DO_FUTURE_THINGS"
    assert changed["registered_model_databricks"]["name"] == "m"
    assert changed["brand_new_field"] == {"x": 1}
    assert client.get(GET_MODEL, params={"name": "absent"}).json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    assert fault.hits == 1
    emu.clear_faults()
    emu.inject(GET_MODEL, "body", body={"replaced": True}, times=1)
    assert client.get(GET_MODEL, params=MODEL).json() == {"replaced": True}


def test_latency_fault_counts_and_still_answers(emu: Emulator, client: httpx.Client) -> None:
    slow = emu.inject("/api/2.0/mlflow/*", "latency", latency=0.001, times=2)
    failing = emu.inject("/api/2.0/mlflow/*", "status", status=500, times=1)
    assert client.get(GET_MODEL, params=MODEL).status_code == 500  # latency and a status fault stack
    assert client.get(GET_MODEL, params=MODEL).status_code == 200
    assert client.get(GET_MODEL, params=MODEL).status_code == 200
    assert (slow.hits, failing.hits) == (2, 1)
    assert emu.faults.faults == []


def test_times_then_normal(emu: Emulator, client: httpx.Client) -> None:
    fault = emu.inject(GET_MODEL, "status", status=503, times=3)
    statuses = [client.get(GET_MODEL, params=MODEL).status_code for _ in range(5)]
    assert statuses == [503, 503, 503, 200, 200]
    assert fault.hits == 3 and fault.exhausted


def test_first_matching_answering_fault_wins_and_keeps_its_count(emu: Emulator, client: httpx.Client) -> None:
    first = emu.inject("/api/*", "status", status=500, times=1)
    second = emu.inject(GET_MODEL, "status", status=504, times=1)
    assert [client.get(GET_MODEL, params=MODEL).status_code for _ in range(3)] == [500, 504, 200]
    assert (first.hits, second.hits) == (1, 1)


def test_method_and_glob_matching(emu: Emulator, client: httpx.Client) -> None:
    emu.inject("/api/2.0/mlflow/transition-requests/*", "status", status=500, method="post")
    assert client.get(GET_MODEL, params=MODEL).status_code == 200
    assert client.get(LIST_REQUESTS, params={"name": "m", "version": "1"}).status_code == 200
    created = client.post(CREATE_REQUEST, json={"name": "m", "version": "1", "stage": "Staging"})
    assert created.status_code == 500


def test_clear_faults_restores_normal_service(emu: Emulator, client: httpx.Client) -> None:
    emu.inject("*", "status", status=500)
    emu.rate_limit("*", per_second=0.001, burst=1)
    assert client.get(GET_MODEL, params=MODEL).status_code == 500
    emu.clear_faults()
    assert [client.get(GET_MODEL, params=MODEL).status_code for _ in range(3)] == [200, 200, 200]


def test_oauth_routes_can_fail_too(emu: Emulator) -> None:
    emu.inject("/oidc/v1/token", "status", status=503, times=1)
    assert (
        httpx.post(emu.url + "/oidc/v1/token", data={"grant_type": "client_credentials"}).status_code == 503
    )


# ---- rate limits


def test_rate_limit_bucket_answers_429_with_retry_after(emu: Emulator, client: httpx.Client) -> None:
    limit = emu.rate_limit("/api/2.0/mlflow/databricks/*", per_second=0.01, burst=2)
    statuses = [client.get(GET_MODEL, params=MODEL) for _ in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    refused = statuses[-1]
    assert refused.json()["error_code"] == "REQUEST_LIMIT_EXCEEDED"
    assert 1 <= int(refused.headers["Retry-After"]) <= 100
    assert limit.hits == 1
    assert client.get(LIST_REQUESTS, params={"name": "m", "version": "1"}).status_code == 200  # other routes


def test_rate_limit_with_fixed_retry_after(emu: Emulator, client: httpx.Client) -> None:
    emu.rate_limit(GET_MODEL, per_second=0.01, burst=1, retry_after=3)
    client.get(GET_MODEL, params=MODEL)
    assert client.get(GET_MODEL, params=MODEL).headers["Retry-After"] == "3"


def test_token_bucket_refills_with_time() -> None:
    now = [100.0]
    faults = FaultSet(clock=lambda: now[0])
    limit = faults.add_rate_limit(RateLimit("/p", per_second=2, burst=2))
    admitted = [faults.before_handler("GET", "/p")[1] is None for _ in range(3)]
    assert admitted == [True, True, False]
    refused = faults.before_handler("GET", "/p")[1]
    assert refused is not None and ("Retry-After", "1") in refused.headers
    now[0] += 0.5  # one token back
    assert [faults.before_handler("GET", "/p")[1] is None for _ in range(2)] == [True, False]
    now[0] += 60  # refills only up to the burst
    assert [faults.before_handler("GET", "/p")[1] is None for _ in range(3)] == [True, True, False]
    assert faults.before_handler("GET", "/other") == (0.0, None)
    assert limit.hits == 4


# ---- validation of fault definitions and the command-line forms


def test_bad_fault_definitions_are_rejected() -> None:
    with pytest.raises(ValueError, match="kind"):
        Fault("*", "explode")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="times"):
        Fault("*", "status", times=0)
    with pytest.raises(ValueError, match="latency"):
        Fault("*", "latency")
    with pytest.raises(ValueError, match="body"):
        Fault("*", "body")
    with pytest.raises(ValueError, match="seconds"):
        Fault("*", "stale_reads")
    with pytest.raises(ValueError, match="per_second"):
        RateLimit("*", per_second=0, burst=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/api/*=429:5x3", {"kind": "status", "status": 429, "retry_after": 5, "times": 3}),
        ("/api/*=503", {"kind": "status", "status": 503, "retry_after": None, "times": None}),
        ("/api/*=429:Wed, 21 Oct 2015 07:28:00 GMT", {"retry_after": "Wed, 21 Oct 2015 07:28:00 GMT"}),
        ("POST /api/2.0/*=drop_afterx2", {"kind": "drop_after", "method": "POST", "times": 2}),
        ("/x=drop_before", {"kind": "drop_before", "pattern": "/x"}),
        ("*=latency:0.25", {"kind": "latency", "latency": 0.25, "pattern": "*"}),
        ("/x=html:504x1", {"kind": "html", "status": 504, "times": 1}),
        ("/x=empty", {"kind": "empty", "status": None}),
        ("/x=status:418", {"kind": "status", "status": 418}),
        ("/x=truncate:cut", {"kind": "truncate", "cut_connection": True}),
        ('/x=body:{"a": "x"}x2', {"kind": "body", "body": {"a": "x"}, "times": 2}),
        ("/api/2.0/permissions/*=stale_reads:5", {"kind": "stale_reads", "seconds": 5.0}),
    ],
)
def test_parse_fault_option(text: str, expected: dict[str, Any]) -> None:
    fault = parse_fault_option(text)
    assert {key: getattr(fault, key) for key in expected} == expected


@pytest.mark.parametrize(
    "text", ["nopattern", "/x=", "=503", "/x=explode", "/x=latency", "/x=drop_before:1", "/x=stale_reads"]
)
def test_parse_fault_option_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="fault"):
        parse_fault_option(text)


def test_parse_rate_limit_option() -> None:
    limit = parse_rate_limit_option("GET /api/2.0/permissions/*=5:10")
    assert (limit.pattern, limit.method, limit.per_second, limit.burst) == (
        "/api/2.0/permissions/*",
        "GET",
        5,
        10,
    )
    assert parse_rate_limit_option("/x=0.5").burst == 1
    for bad in ("/x=fast", "/x=0", "/x"):
        with pytest.raises(ValueError, match="rate-limit"):
            parse_rate_limit_option(bad)


def test_format_retry_after() -> None:
    assert format_retry_after(2) == "2"
    assert format_retry_after(1.01) == "2"
    assert format_retry_after("soon") == "soon"
    naive = datetime(2030, 1, 2, 3, 4, 5)
    assert format_retry_after(naive) == "Wed, 02 Jan 2030 03:04:05 GMT"


def test_cli_faults_and_rate_limits_apply() -> None:
    script = Path(sys.executable).with_name("databricks-mlflow")
    command = (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from databricks_mlflow_client.cli import main; main()"]
    )
    process = subprocess.Popen(
        [
            *command,
            "emulator",
            "--port",
            "0",
            "--fault",
            f"{GET_MODEL}=503:2x1",
            "--rate-limit",
            "/api/2.0/mlflow/transition-requests/*=0.01:1",
            "--latency",
            "0.001",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().removeprefix("listening on ").strip()
        token = process.stdout.readline().removeprefix("token: ").strip()
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as http:
            first = http.get(GET_MODEL, params={"name": "x"})
            assert (first.status_code, first.headers.get("Retry-After")) == (503, "2")
            assert http.get(GET_MODEL, params={"name": "x"}).status_code == 404
            listed = [http.get(LIST_REQUESTS, params={"name": "x", "version": "1"}) for _ in range(2)]
            assert [r.status_code for r in listed][1] == 429
    finally:
        process.terminate()
        process.wait(timeout=10)


# ---- eventual consistency


def model_acl(client: httpx.Client, model_id: str) -> dict[str, str]:
    response = client.get(f"/api/2.0/permissions/registered-models/{model_id}")
    assert response.status_code == 200, response.text
    return {
        entry.get("user_name") or entry.get("group_name"): entry["all_permissions"][0]["permission_level"]
        for entry in response.json()["access_control_list"]
    }


def test_stale_reads_answer_the_state_before_the_write(emu: Emulator, client: httpx.Client) -> None:
    emu.add_user("bob@example.com")
    model_id = client.get(GET_MODEL, params=MODEL).json()["registered_model_databricks"]["id"]
    path = f"/api/2.0/permissions/registered-models/{model_id}"
    before = model_acl(client, model_id)
    fault = emu.inject("/api/2.0/permissions/*", "stale_reads", seconds=600)
    grant = {"access_control_list": [{"user_name": "bob@example.com", "permission_level": "CAN_READ"}]}
    written = client.patch(path, json=grant)
    assert written.status_code == 200 and "bob@example.com" in written.text  # the write itself answers fresh
    assert model_acl(client, model_id) == before  # but reads lag behind it
    assert model_acl(client, model_id) == before
    assert fault.hits == 2
    other = emu.create_registered_model("other")
    assert "bob@example.com" not in model_acl(client, other)  # other objects are not affected
    emu.clear_faults()
    assert model_acl(client, model_id)["bob@example.com"] == "CAN_READ"


def test_a_stale_window_closes_after_its_seconds() -> None:
    now = [100.0]
    faults = FaultSet(clock=lambda: now[0])
    fault = faults.add(Fault("/p/*", "stale_reads", seconds=5))
    assert faults.stale_fault("GET", "/p/1") is None and faults.stale_fault("PUT", "/q") is None
    assert faults.stale_fault("PUT", "/p/1") is fault
    old = Reply(200, b'{"v": 1}')
    faults.remember_before_write("/p/1", old, fault)
    now[0] = 104.9
    assert faults.stale_read("GET", "/p/1") is old
    assert faults.stale_read("PUT", "/p/1") is None
    now[0] = 105.0
    assert faults.stale_read("GET", "/p/1") is None
