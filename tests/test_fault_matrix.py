"""The fault matrix: every kind of failure a workspace or the network produces, against one operation of each
class (read, idempotent write, create), through the real client and the emulator over loopback HTTP.

Every expected outcome is declared once, in `MATRIX`. The test runs each case, counts the attempts the
emulator actually served (`emu.requests`), checks what the server applied (`emu.workspace`) and that an
error carries the status and the words of the response it came from, then compares observed with expected.
It writes the table to build/fault-matrix.md and prints it (`pytest -s tests/test_fault_matrix.py`).

Retry waits are recorded instead of slept (the client's sleep is replaced), so a Retry-After of 7 s costs
nothing and the table can show that it was honoured.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest

from databricks_mlflow_client import (
    ApiConnectionError,
    ApiTimeoutError,
    BadRequest,
    DatabricksError,
    DatabricksMlflowClient,
    DeadlineExceeded,
    InternalError,
    ModelId,
    ResourceConflict,
    RetryPolicy,
    TemporarilyUnavailable,
)
from databricks_mlflow_client.emulator import Emulator

OpClass = Literal["read", "write", "create"]
CLASSES: tuple[OpClass, ...] = ("read", "write", "create")
OPERATIONS: dict[OpClass, str] = {
    "read": "get_registered_model_permissions (GET)",
    "write": "update_registered_model_permissions (PATCH, idempotent)",
    "create": "create_comment (POST, not idempotent)",
}

MODEL = "fault-matrix-model"
COMMENTS_PATH = "/api/2.0/mlflow/comments/create"
BUILD_DIR = Path(__file__).resolve().parents[1] / "build"

READ_TIMEOUT = 0.2  # only for the read-timeout case; every other case waits up to 10 s for an answer
SLOW_ANSWER = 0.6  # latency of the read-timeout case: longer than READ_TIMEOUT
RETRY_AFTER_SECONDS = 7
RETRY_AFTER_DATE_SECONDS = 30
BACKOFF_MAX = 0.01
GENEROUS = RetryPolicy(timeout=60.0, backoff_initial=0.001, backoff_max=BACKOFF_MAX)
SHORT_BUDGET = RetryPolicy(timeout=0.3, backoff_initial=0.001, backoff_max=BACKOFF_MAX)

UNKNOWN_LEVEL = "CAN_TELEPORT"
UNKNOWN_ACTION = "PIN_COMMENT"
EXTRA_FIELD = "x_future_field"


# ------------------------------------------------------------------------------------------ response rewrites


def _with_unknown_enums(value: Any) -> Any:
    """Every permission level becomes one this client has never heard of; comments gain an unknown action."""
    if isinstance(value, dict):
        out = {key: _with_unknown_enums(item) for key, item in value.items()}
        if "permission_level" in out:
            out["permission_level"] = UNKNOWN_LEVEL
        if isinstance(out.get("available_actions"), list):
            out["available_actions"] = [*out["available_actions"], UNKNOWN_ACTION]
        return out
    if isinstance(value, list):
        return [_with_unknown_enums(item) for item in value]
    return value


def _with_extra_fields(value: Any) -> Any:
    """Every object of the response gains a field the spec does not know."""
    if isinstance(value, dict):
        out = {key: _with_extra_fields(item) for key, item in value.items()}
        out[EXTRA_FIELD] = {"added_in": "a newer server", "values": [1, 2]}
        return out
    if isinstance(value, list):
        return [_with_extra_fields(item) for item in value]
    return value


def _levels(result: Any) -> list[str]:
    return [str(p.permission_level) for acl in result.access_control_list for p in acl.all_permissions]


def _kept_unknown_enums(op: OpClass, result: Any) -> bool:
    if op == "create":
        return UNKNOWN_ACTION in [str(action) for action in result.available_actions]
    levels = _levels(result)
    return bool(levels) and all(level == UNKNOWN_LEVEL for level in levels)


def _kept_extra_fields(op: OpClass, result: Any) -> bool:
    if op == "create":
        return EXTRA_FIELD in result.additional_properties
    return EXTRA_FIELD in result.additional_properties and all(
        EXTRA_FIELD in acl.additional_properties for acl in result.access_control_list
    )


# ------------------------------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Expect:
    """What one operation class must see under one fault.

    attempts: requests the emulator serves (None: as many as the retry budget allows, at least 2).
    error/status/error_code: the exact exception type and what it carries (error None: the call succeeds).
    words: a piece of the response body the error message must quote.
    applied: for write and create, what the workspace holds afterwards (write: 1 if the grant is there;
    create: how many comments with the call's text exist).
    waits: bounds on every retry wait, to show Retry-After is honoured.
    """

    attempts: int | None
    error: type[DatabricksError] | None = None
    status: int | None = None
    error_code: str | None = None
    words: str | None = None
    applied: int | None = None
    waits: tuple[float, float] | None = None
    check: str | None = None  # "unknown enums" | "extra fields": the parsed result must keep them

    def outcome(self) -> str:
        if self.error is None:
            text = "success"
        else:
            text = self.error.__name__
            if self.status is not None:
                text += f" {self.status}"
            if self.error_code is not None:
                text += f" {self.error_code}"
        if self.check is not None:
            text += f", {self.check} kept"
        if self.applied is not None:
            text += f"; applied {self.applied}"
        if self.waits is not None:
            low, high = self.waits
            text += f"; waits {low:g}-{high:g} s"
        return text


@dataclass(frozen=True)
class Case:
    name: str
    fault: dict[str, Any]
    read: Expect
    write: Expect
    create: Expect
    budget: RetryPolicy = GENEROUS
    read_timeout: float = 10.0

    def expect(self, op: OpClass) -> Expect:
        expected: Expect = getattr(self, op)
        return expected


def _http_date_in(seconds: int) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


def ok(attempts: int, *, applied: int | None = None, **extra: Any) -> Expect:
    return Expect(attempts, applied=applied, **extra)


NO_WAIT = (0.0, BACKOFF_MAX)
INJECTED = "Injected fault"  # the message of the emulator's status faults

MATRIX: list[Case] = [
    Case(
        "429 without Retry-After (x2)",
        {"kind": "status", "status": 429, "times": 2},
        read=ok(3, waits=NO_WAIT),
        write=ok(3, applied=1, waits=NO_WAIT),
        create=ok(3, applied=1, waits=NO_WAIT),
    ),
    Case(
        f"429 Retry-After: {RETRY_AFTER_SECONDS}",
        {"kind": "status", "status": 429, "times": 1, "retry_after": RETRY_AFTER_SECONDS},
        read=ok(2, waits=(RETRY_AFTER_SECONDS, RETRY_AFTER_SECONDS)),
        write=ok(2, applied=1, waits=(RETRY_AFTER_SECONDS, RETRY_AFTER_SECONDS)),
        create=ok(2, applied=1, waits=(RETRY_AFTER_SECONDS, RETRY_AFTER_SECONDS)),
    ),
    Case(
        f"429 Retry-After: HTTP-date (+{RETRY_AFTER_DATE_SECONDS} s)",
        {"kind": "status", "status": 429, "times": 1, "retry_after": "date"},
        read=ok(2, waits=(RETRY_AFTER_DATE_SECONDS - 2, RETRY_AFTER_DATE_SECONDS)),
        write=ok(2, applied=1, waits=(RETRY_AFTER_DATE_SECONDS - 2, RETRY_AFTER_DATE_SECONDS)),
        create=ok(2, applied=1, waits=(RETRY_AFTER_DATE_SECONDS - 2, RETRY_AFTER_DATE_SECONDS)),
    ),
    Case(
        "503 (x2)",
        {"kind": "status", "status": 503, "times": 2},
        read=ok(3, waits=NO_WAIT),
        write=ok(3, applied=1, waits=NO_WAIT),
        create=ok(3, applied=1, waits=NO_WAIT),
    ),
    Case(
        "503 Retry-After: 2",
        {"kind": "status", "status": 503, "times": 1, "retry_after": 2},
        read=ok(2, waits=(2, 2)),
        write=ok(2, applied=1, waits=(2, 2)),
        create=ok(2, applied=1, waits=(2, 2)),
    ),
    Case(
        "503 on every attempt (0.3 s budget)",
        {"kind": "status", "status": 503},
        read=Expect(None, TemporarilyUnavailable, 503, "TEMPORARILY_UNAVAILABLE", INJECTED),
        write=Expect(None, TemporarilyUnavailable, 503, "TEMPORARILY_UNAVAILABLE", INJECTED, applied=0),
        create=Expect(None, TemporarilyUnavailable, 503, "TEMPORARILY_UNAVAILABLE", INJECTED, applied=0),
        budget=SHORT_BUDGET,
    ),
    Case(
        "500",
        {"kind": "status", "status": 500, "times": 1},
        read=Expect(1, InternalError, 500, "INTERNAL_ERROR", INJECTED),
        write=Expect(1, InternalError, 500, "INTERNAL_ERROR", INJECTED, applied=0),
        create=Expect(1, InternalError, 500, "INTERNAL_ERROR", INJECTED, applied=0),
    ),
    Case(
        "502",
        {"kind": "status", "status": 502, "times": 1},
        read=ok(2),
        write=ok(2, applied=1),
        create=Expect(1, DatabricksError, 502, "BAD_GATEWAY", INJECTED, applied=0),
    ),
    Case(
        "504",
        {"kind": "status", "status": 504, "times": 1},
        read=ok(2),
        write=ok(2, applied=1),
        create=Expect(1, DeadlineExceeded, 504, "DEADLINE_EXCEEDED", INJECTED, applied=0),
    ),
    Case(
        "connection dropped before handling",
        {"kind": "drop_before", "times": 1},
        read=ok(2),
        write=ok(2, applied=1),
        create=Expect(1, ApiConnectionError, applied=0),
    ),
    Case(
        "connection dropped after handling",
        {"kind": "drop_after", "times": 1},
        read=ok(2),
        write=ok(2, applied=1),
        create=Expect(1, ApiConnectionError, applied=1),
    ),
    Case(
        f"read timeout ({SLOW_ANSWER:g} s answer, {READ_TIMEOUT:g} s timeout)",
        {"kind": "latency", "latency": SLOW_ANSWER, "times": 1},
        read=ok(2),
        write=ok(2, applied=1),
        create=Expect(1, ApiTimeoutError, applied=1),
        read_timeout=READ_TIMEOUT,
    ),
    Case(
        "truncated JSON (200, half the body)",
        {"kind": "truncate", "times": 1},
        read=Expect(1, DatabricksError, 200, words='{"object_id"'),
        write=Expect(1, DatabricksError, 200, words='{"object_id"', applied=1),
        create=Expect(1, DatabricksError, 200, words='{"comment"', applied=1),
    ),
    Case(
        "connection cut mid-body",
        {"kind": "truncate", "times": 1, "cut_connection": True},
        read=ok(2),
        write=ok(2, applied=1),
        create=Expect(1, ApiConnectionError, applied=1),
    ),
    Case(
        "HTML error page (502)",
        {"kind": "html", "times": 1},
        read=ok(2),
        write=ok(2, applied=1),
        create=Expect(1, DatabricksError, 502, "BAD_GATEWAY", "upstream returned 502", applied=0),
    ),
    Case(
        "HTML error page (500)",
        {"kind": "html", "status": 500, "times": 1},
        read=Expect(1, InternalError, 500, "INTERNAL_SERVER_ERROR", "upstream returned 500"),
        write=Expect(1, InternalError, 500, "INTERNAL_SERVER_ERROR", "upstream returned 500", applied=0),
        create=Expect(1, InternalError, 500, "INTERNAL_SERVER_ERROR", "upstream returned 500", applied=0),
    ),
    Case(
        "empty body (503)",
        {"kind": "empty", "times": 1},
        read=ok(2),
        write=ok(2, applied=1),
        create=ok(2, applied=1),
    ),
    Case(
        "empty body (500)",
        {"kind": "empty", "status": 500, "times": 1},
        read=Expect(1, InternalError, 500, words="Internal Server Error"),
        write=Expect(1, InternalError, 500, words="Internal Server Error", applied=0),
        create=Expect(1, InternalError, 500, words="Internal Server Error", applied=0),
    ),
    Case(
        "unknown error_code (400)",
        {
            "kind": "status",
            "status": 400,
            "times": 1,
            "body": {"error_code": "FUTURE_ERROR_CODE", "message": "a failure from the future"},
        },
        read=Expect(1, BadRequest, 400, "FUTURE_ERROR_CODE", "a failure from the future"),
        write=Expect(1, BadRequest, 400, "FUTURE_ERROR_CODE", "a failure from the future", applied=0),
        create=Expect(1, BadRequest, 400, "FUTURE_ERROR_CODE", "a failure from the future", applied=0),
    ),
    Case(
        "plain-text error (409)",
        {"kind": "status", "status": 409, "times": 1, "body": "RESOURCE_CONFLICT: model is being edited"},
        read=Expect(1, ResourceConflict, 409, "RESOURCE_CONFLICT", "model is being edited"),
        write=Expect(1, ResourceConflict, 409, "RESOURCE_CONFLICT", "model is being edited", applied=0),
        create=Expect(1, ResourceConflict, 409, "RESOURCE_CONFLICT", "model is being edited", applied=0),
    ),
    Case(
        "body not decodable (Content-Encoding: gzip, 500)",
        {
            "kind": "status",
            "status": 500,
            "times": 1,
            "headers": {"Content-Encoding": "gzip"},
            "body": b"this is not gzip",
        },
        read=ok(2),
        write=ok(2, applied=1),
        create=Expect(1, ApiConnectionError, applied=0),
    ),
    Case(
        "unknown enum values in the response",
        {"kind": "body", "times": 1, "body": _with_unknown_enums},
        read=ok(1, check="unknown enums"),
        write=ok(1, applied=1, check="unknown enums"),
        create=ok(1, applied=1, check="unknown enums"),
    ),
    Case(
        "extra fields in the response",
        {"kind": "body", "times": 1, "body": _with_extra_fields},
        read=ok(1, check="extra fields"),
        write=ok(1, applied=1, check="extra fields"),
        create=ok(1, applied=1, check="extra fields"),
    ),
]


# ------------------------------------------------------------------------------------------ running a case


@dataclass
class Observed:
    attempts: int
    outcome: str
    problems: list[str] = field(default_factory=list)


@dataclass
class Target:
    emu: Emulator
    model_id: str
    permissions_path: str


@pytest.fixture(scope="module")
def target() -> Iterator[Target]:
    with Emulator() as emu:
        model_id = emu.create_registered_model(MODEL, versions=1)
        yield Target(emu, model_id, f"/api/2.0/permissions/registered-models/{model_id}")


def _route(target: Target, op: OpClass) -> tuple[str, str]:
    if op == "read":
        return "GET", target.permissions_path
    if op == "write":
        return "PATCH", target.permissions_path
    return "POST", COMMENTS_PATH


def _direct_level(target: Target, user: str) -> str | None:
    workspace = target.emu.workspace
    permissions = workspace.handle(
        "get_registered_model_permissions", workspace.admin, {"registered_model_id": target.model_id}
    )
    for acl in permissions.get("access_control_list", []):
        if acl.get("user_name") == user:
            for permission in acl.get("all_permissions", []):
                if not permission.get("inherited"):
                    return str(permission["permission_level"])
    return None


def comment_count(emu: Emulator, text: str) -> int:
    """Comments with exactly this text in the workspace (no API lists comments, so read the state)."""
    state = emu.workspace._state
    return sum(1 for comment in state.comments.values() if comment.activity.comment == text)


def _served(emu: Emulator, method: str, path: str) -> int:
    return sum(1 for record in emu.requests if record.method == method and record.path == path)


def wait_for_served(emu: Emulator, method: str, path: str, at_least: int, deadline: float) -> int:
    """Requests served so far on the route, waiting up to `deadline` seconds for `at_least` of them."""
    give_up = time.monotonic() + deadline
    served = _served(emu, method, path)
    while served < at_least and time.monotonic() < give_up:
        time.sleep(0.01)
        served = _served(emu, method, path)
    return served


def _fault_kwargs(case: Case) -> dict[str, Any]:
    kwargs = dict(case.fault)
    if kwargs.get("retry_after") == "date":
        kwargs["retry_after"] = _http_date_in(RETRY_AFTER_DATE_SECONDS)
    return kwargs


def _describe_error(error: DatabricksError) -> str:
    text = type(error).__name__
    if error.status_code is not None:
        text += f" {error.status_code}"
    if error.error_code is not None:
        text += f" {error.error_code}"
    return text


def run_case(target: Target, case: Case, op: OpClass, index: int) -> Observed:
    emu = target.emu
    emu.clear_faults()
    emu.clear_requests()
    method, path = _route(target, op)
    user = f"matrix-{index}-{op}@example.com"
    text = f"fault matrix case {index} ({case.name})"
    if op == "write":
        emu.add_user(user)
    expected = case.expect(op)
    waits: list[float] = []

    def record_wait(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(min(seconds, BACKOFF_MAX))  # long Retry-After waits are recorded, not slept

    client = DatabricksMlflowClient(
        emu.url,
        emu.token,
        retry=case.budget,
        timeout=httpx.Timeout(10.0, read=case.read_timeout),
    )
    client._core._sleep = record_wait
    emu.inject(path, method=method, **_fault_kwargs(case))
    result: Any = None
    error: DatabricksError | None = None
    untyped: Exception | None = None
    try:
        if op == "read":
            result = client.permissions.registered_models.get(ModelId(target.model_id))
        elif op == "write":
            grant = {"user_name": user, "permission_level": "CAN_READ"}
            result = client.permissions.registered_models.update(ModelId(target.model_id), [grant])
        else:
            result = client.comments.create(MODEL, "1", text)
    except DatabricksError as raised:
        error = raised
    except Exception as raised:  # anything else escaping the client is itself a finding
        untyped = raised
    finally:
        emu.clear_faults()
        client.close()

    # The emulator logs a request before it answers, so only a request the client gave up on while it was in
    # flight (behind a latency fault, or cut short by the end of the budget) can still be missing from the log.
    at_least = expected.attempts if expected.attempts is not None else 2
    if error is not None:
        at_least = max(at_least, error.attempts)
    deadline = 10.0 if case.fault["kind"] == "latency" else 2.0
    attempts = wait_for_served(emu, method, path, at_least, deadline)
    problems: list[str] = []
    if untyped is not None:
        outcome = f"{type(untyped).__module__}.{type(untyped).__name__} escaped (untyped)"
    elif error is None:
        outcome = "success"
        if expected.check is not None:
            kept = _kept_unknown_enums if expected.check == "unknown enums" else _kept_extra_fields
            outcome += f", {expected.check} kept" if kept(op, result) else f", {expected.check} LOST"
    else:
        outcome = _describe_error(error)
        if error.attempts != attempts:
            problems.append(f"error.attempts={error.attempts} but the emulator served {attempts}")
        if expected.words is not None and expected.words not in str(error):
            problems.append(f"the message does not quote the response ({expected.words!r}): {error}")
        if error.status_code is not None and (
            error.response is None or error.response.status_code != error.status_code
        ):
            problems.append("the error does not keep the original response")
    if expected.applied is not None:
        if op == "write":
            applied = 1 if _direct_level(target, user) == "CAN_READ" else 0
        else:
            applied = comment_count(emu, text)
        outcome += f"; applied {applied}"
    if expected.waits is not None:
        low, high = expected.waits
        if waits and all(low - 1e-9 <= wait <= high + 1e-9 for wait in waits):
            outcome += f"; waits {low:g}-{high:g} s"
        else:
            outcome += f"; waits {', '.join(f'{wait:.3f}' for wait in waits) or 'none'} s"
    if expected.attempts is None and attempts < 2:
        problems.append(f"expected retries until the budget was spent, the emulator served {attempts}")
    return Observed(attempts, outcome, problems)


def _expected_attempts(expect: Expect) -> str:
    return "budget" if expect.attempts is None else str(expect.attempts)


def render(rows: list[tuple[Case, OpClass, Observed]]) -> str:
    lines = [
        "# Fault matrix",
        "",
        "Generated by `tests/test_fault_matrix.py` against the emulator over loopback HTTP. Operations: "
        + "; ".join(f"**{op}** = {OPERATIONS[op]}" for op in CLASSES)
        + ". *attempts* = requests the emulator served (expected / observed); *applied* = what the workspace "
        "holds afterwards (write: the grant is there; create: number of comments made). Retry waits are "
        "recorded, not slept.",
        "",
        "| case | class | expected | observed | attempts |",
        "|---|---|---|---|---|",
    ]
    for case, op, observed in rows:
        expect = case.expect(op)
        lines.append(
            f"| {case.name} | {op} | {expect.outcome()} | {observed.outcome} "
            f"| {_expected_attempts(expect)} / {observed.attempts} |"
        )
    return "\n".join(lines) + "\n"


def mismatches(rows: list[tuple[Case, OpClass, Observed]]) -> list[str]:
    found = []
    for case, op, observed in rows:
        expect = case.expect(op)
        if observed.outcome != expect.outcome():
            found.append(f"{case.name} / {op}: expected {expect.outcome()!r}, observed {observed.outcome!r}")
        if expect.attempts is not None and observed.attempts != expect.attempts:
            found.append(
                f"{case.name} / {op}: expected {expect.attempts} attempts, the emulator served {observed.attempts}"
            )
        found.extend(f"{case.name} / {op}: {problem}" for problem in observed.problems)
    return found


def test_fault_matrix(target: Target) -> None:
    rows: list[tuple[Case, OpClass, Observed]] = []
    for index, case in enumerate(MATRIX):
        for op in CLASSES:
            rows.append((case, op, run_case(target, case, op, index)))
    table = render(rows)
    BUILD_DIR.mkdir(exist_ok=True)
    (BUILD_DIR / "fault-matrix.md").write_text(table, encoding="utf-8")
    print("\n" + table)
    problems = mismatches(rows)
    assert not problems, "\n".join(problems)


def test_every_case_covers_every_class_and_the_required_faults() -> None:
    """The table itself: the fault kinds the issue lists are all there, with an expectation per class."""
    kinds = {case.fault["kind"] for case in MATRIX}
    assert kinds >= {"status", "drop_before", "drop_after", "latency", "truncate", "html", "empty", "body"}
    statuses = {case.fault.get("status") for case in MATRIX if case.fault["kind"] == "status"}
    assert statuses >= {429, 500, 502, 503, 504, 400}
    names = [case.name for case in MATRIX]
    assert len(names) == len(set(names))
