"""No duplicates, nothing lost: bulk creates and ACL updates under seeded random faults, checked against the
emulator's state.

Sequential batch (`make test`): before each operation a seeded RNG picks 0-3 faults (connection dropped
before or after the handler, 503, 429, a short latency, rarely a latency longer than the read timeout) and
injects them on that operation's route only, each for one request. Because the faults of one operation are
known, a model of the emulator's fault rules (`simulate`) predicts what must happen: whether the call
succeeds, whether the server applied it, and how many requests it serves (the client's own count must equal
the emulator's, within the model's range where timing decides). The test checks
every operation against that prediction and against the workspace: each create is applied exactly once
when it reported success, at most once when it reported failure, never twice; each ACL update that reported
success is in the ACL.

Soak (`make soak`): a bigger sequential batch, then a concurrent one through the async client with faults
injected at random times on shared routes (only the invariants are checked there), written to build/soak.md.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest

from databricks_mlflow_client import (
    ApiConnectionError,
    ApiTimeoutError,
    AsyncDatabricksMlflowClient,
    DatabricksError,
    DatabricksMlflowClient,
    ModelId,
    RetryPolicy,
)
from databricks_mlflow_client.emulator import Emulator

BUILD_DIR = Path(__file__).resolve().parents[1] / "build"
COMMENTS_PATH = "/api/2.0/mlflow/comments/create"
REQUESTS_PATH = "/api/2.0/mlflow/transition-requests/create"
PERMISSIONS_PATH = "/api/2.0/permissions/registered-models/{}"
LEVELS = (
    "CAN_READ",
    "CAN_EDIT",
    "CAN_MANAGE_STAGING_VERSIONS",
    "CAN_MANAGE_PRODUCTION_VERSIONS",
    "CAN_MANAGE",
)
COMMENT_MODEL = "dup-comments"
COMMENT_VERSIONS = 5
REQUEST_MODEL = "dup-requests"
REQUEST_STAGES = ("Staging", "Production")
USERS_PER_MODEL = 20

READ_TIMEOUT = 0.3  # the client that meets a "timeout" fault; every other call may wait 10 s
TIMEOUT_LATENCY = 0.45
RETRY = RetryPolicy(timeout=30.0, backoff_initial=0.001, backoff_max=0.01)

FaultName = Literal["drop_before", "drop_after", "503", "429", "latency", "timeout"]
FAULT_WEIGHTS: dict[FaultName, float] = {
    "drop_before": 3,
    "drop_after": 3,
    "503": 3,
    "429": 3,
    "latency": 2,
    "timeout": 0.15,
}
ANSWERING: frozenset[str] = frozenset({"drop_before", "503", "429"})
FAULTY_SHARE = 0.35
MAX_PENDING_FAULTS = 40  # concurrent soak: faults waiting for a request at any moment
REQUESTS_PER_FAULT = 4  # concurrent soak: one fault per this many requests, on average
_CONNECTION = ("ApiConnectionError", "ApiTimeoutError")
_REFUSED = ("TooManyRequests", "RequestLimitExceeded", "TemporarilyUnavailable")


def soak_requested(config: pytest.Config) -> bool:
    """Selected with `-m soak` (make soak); `-m "not soak"` or no -m at all skips it."""
    expression = str(config.getoption("markexpr", default="") or "")
    return "soak" in expression and "not soak" not in expression


@pytest.fixture
def soak_only(request: pytest.FixtureRequest) -> None:
    """Soak tests run only when selected with `-m soak` (make soak), whatever addopts says."""
    if not soak_requested(request.config):
        pytest.skip("soak test: run with `make soak` (-m soak)")


# ------------------------------------------------------------------------------------------ operations


@dataclass
class Op:
    kind: Literal["comment", "request", "grant"]
    key: str  # comment text; "version/stage"; "model_id/user"
    method: str
    path: str
    faults: list[FaultName] = field(default_factory=list)
    # filled in when run
    ok: bool | None = None
    error: str | None = None
    sent: int = 0  # requests the client sent (counted by its transport)
    served: int = 0  # requests the emulator logged meanwhile

    @property
    def idempotent(self) -> bool:
        return self.kind == "grant"


@dataclass
class Batch:
    ops: list[Op]
    grant_level: dict[str, str]  # "model_id/user" -> level
    model_ids: list[str]


def build_batch(emu: Emulator, rng: random.Random, creates: int, acl_updates: int, prefix: str) -> Batch:
    """Seed the workspace and make the operations: creates split between comments and transition requests,
    ACL updates each granting a distinct (model, user) pair, all shuffled together."""
    comments = creates // 2
    requests = creates - comments
    comment_model = f"{prefix}-{COMMENT_MODEL}"
    request_model = f"{prefix}-{REQUEST_MODEL}"
    emu.create_registered_model(comment_model, versions=COMMENT_VERSIONS)
    request_versions = -(-requests // len(REQUEST_STAGES))
    emu.create_registered_model(request_model, versions=request_versions)
    ops: list[Op] = []
    for index in range(comments):
        version = index % COMMENT_VERSIONS + 1
        ops.append(
            Op("comment", f"{comment_model}/{version}/comment {prefix}-{index}", "POST", COMMENTS_PATH)
        )
    for index in range(requests):
        version, stage = index // len(REQUEST_STAGES) + 1, REQUEST_STAGES[index % len(REQUEST_STAGES)]
        ops.append(Op("request", f"{request_model}/{version}/{stage}", "POST", REQUESTS_PATH))
    users = [f"{prefix}-user-{index}@example.com" for index in range(USERS_PER_MODEL)]
    for user in users:
        emu.add_user(user)
    model_ids = [
        emu.create_registered_model(f"{prefix}-acl-{index}")
        for index in range(-(-acl_updates // USERS_PER_MODEL))
    ]
    grant_level: dict[str, str] = {}
    pairs = [(model_id, user) for model_id in model_ids for user in users][:acl_updates]
    for model_id, user in pairs:
        key = f"{model_id}/{user}"
        grant_level[key] = rng.choice(LEVELS)
        ops.append(Op("grant", key, "PATCH", PERMISSIONS_PATH.format(model_id)))
    rng.shuffle(ops)
    return Batch(ops, grant_level, model_ids)


def plan_faults(rng: random.Random, ops: list[Op]) -> None:
    names = list(FAULT_WEIGHTS)
    weights = list(FAULT_WEIGHTS.values())
    for op in ops:
        if rng.random() < FAULTY_SHARE:
            op.faults = rng.choices(names, weights, k=rng.randint(1, 3))


# ------------------------------------------------------------------------------------------ the model


@dataclass(frozen=True)
class Prediction:
    ok: bool
    attempts: tuple[int, int]  # requests the emulator serves: fewest, most
    applied: int  # times the handler ran (creates: at most once, whatever the timing)


def _run_model(faults: list[FaultName], *, idempotent: bool, late_takes_drop: bool) -> tuple[bool, int, int]:
    pending = list(faults)
    attempts = applied = 0
    while True:
        attempts += 1
        timed_out = "timeout" in pending
        pending = [name for name in pending if name not in ("latency", "timeout")]
        answering = next((name for name in pending if name in ANSWERING), None)
        dropped_after = False
        if answering is not None:
            pending.remove(answering)
        else:
            applied += 1
            if "drop_after" in pending and (late_takes_drop or not timed_out):
                pending.remove("drop_after")
                dropped_after = True
        if timed_out or answering == "drop_before" or dropped_after:
            if not idempotent:
                return False, attempts, applied
            continue
        if answering is not None:  # 503 / 429
            continue
        return True, attempts, applied


def simulate(faults: list[FaultName], *, idempotent: bool) -> Prediction:
    """What the emulator and the client do with these faults, each injected for one request, in this order.

    Per request the emulator fires every latency fault, then the first answering fault (drop_before, a
    status); if none answered, the handler runs and the first drop_after fires. The client re-sends after a
    503 or 429 always, and after a dropped connection or a read timeout only when the call is idempotent.

    A request that timed out reaches the handler (and a drop_after) only after its latency, while the client's
    re-sends are already on their way: which of them meets a pending drop_after depends on timing, so the
    number of requests is a range, from "the late request took it" to "a re-send took it". The outcome and,
    for a create, what is applied do not depend on it.
    """
    ok, fewest, applied = _run_model(faults, idempotent=idempotent, late_takes_drop=True)
    ok_late, most, _ = _run_model(faults, idempotent=idempotent, late_takes_drop=False)
    assert ok == ok_late
    return Prediction(ok, (fewest, most), applied)


def inject(emu: Emulator, op: Op, rng: random.Random) -> list[Any]:
    injected = []
    for name in op.faults:
        common: dict[str, Any] = {"method": op.method, "times": 1}
        if name in ("drop_before", "drop_after"):
            injected.append(emu.inject(op.path, name, **common))
        elif name == "latency":
            injected.append(emu.inject(op.path, "latency", latency=rng.uniform(0.001, 0.01), **common))
        elif name == "timeout":
            injected.append(emu.inject(op.path, "latency", latency=TIMEOUT_LATENCY, **common))
        else:
            retry_after = rng.choice([None, 0]) if name == "429" else None
            injected.append(
                emu.inject(op.path, "status", status=int(name), retry_after=retry_after, **common)
            )
    return injected


# ------------------------------------------------------------------------------------------ running


def call(client: DatabricksMlflowClient, op: Op, batch: Batch) -> None:
    if op.kind == "comment":
        model, version, text = op.key.split("/", 2)
        client.comments.create(model, version, text)
    elif op.kind == "request":
        model, version, stage = op.key.split("/")
        client.transition_requests.create(model, version, stage)
    else:
        model_id, user = op.key.split("/", 1)
        level = batch.grant_level[op.key]
        client.permissions.registered_models.grant(ModelId(model_id), level, user_name=user)


async def acall(client: AsyncDatabricksMlflowClient, op: Op, batch: Batch) -> None:
    if op.kind == "comment":
        model, version, text = op.key.split("/", 2)
        await client.comments.create(model, version, text)
    elif op.kind == "request":
        model, version, stage = op.key.split("/")
        await client.transition_requests.create(model, version, stage)
    else:
        model_id, user = op.key.split("/", 1)
        level = batch.grant_level[op.key]
        await client.permissions.registered_models.grant(ModelId(model_id), level, user_name=user)


def _record(op: Op, error: DatabricksError | None) -> None:
    op.ok = error is None
    op.error = None if error is None else type(error).__name__


class CountingTransport(httpx.HTTPTransport):
    """Counts the requests a client hands to the network."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sent = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        return super().handle_request(request)


def wait_for_log(emu: Emulator, count: int, deadline: float = 5.0) -> int:
    """The emulator logs a request once answered; one behind a latency fault may outlive its client."""
    give_up = time.monotonic() + deadline
    while len(emu.requests) < count and time.monotonic() < give_up:
        time.sleep(0.005)
    return len(emu.requests)


def run_sequential(emu: Emulator, batch: Batch, rng: random.Random) -> int:
    """Run every operation with its own faults; returns how many faults fired.

    Before the next operation starts, every request of this one has been answered (a request that timed out
    is still in the emulator for a while), so no request can meet another operation's faults."""
    fired = 0
    counter, hasty_counter = CountingTransport(), CountingTransport()
    patient = DatabricksMlflowClient(emu.url, emu.token, retry=RETRY, timeout=10.0, transport=counter)
    hasty = DatabricksMlflowClient(
        emu.url,
        emu.token,
        retry=RETRY,
        timeout=httpx.Timeout(10.0, read=READ_TIMEOUT),
        transport=hasty_counter,
    )
    try:
        for op in batch.ops:
            logged, sent = len(emu.requests), counter.sent + hasty_counter.sent
            injected = inject(emu, op, rng)
            client = hasty if "timeout" in op.faults else patient
            try:
                call(client, op, batch)
            except DatabricksError as error:
                _record(op, error)
            else:
                _record(op, None)
            op.sent = counter.sent + hasty_counter.sent - sent
            op.served = wait_for_log(emu, logged + op.sent) - logged
            fired += sum(fault.hits for fault in injected)
            emu.clear_faults()
    finally:
        patient.close()
        hasty.close()
    return fired


# ------------------------------------------------------------------------------------------ the state


@dataclass
class Tally:
    operations: int = 0
    succeeded: int = 0
    failed: int = 0
    failed_but_applied: int = 0
    duplicates: int = 0
    lost: int = 0
    problems: list[str] = field(default_factory=list)


def applied_counts(emu: Emulator, batch: Batch) -> dict[str, int]:
    """For every operation's key, what the workspace holds: comments with the text, open requests for the
    version and stage, 1 if the user's direct level on the model is the one granted."""
    workspace = emu.workspace
    admin = workspace.admin
    comments: Counter[str] = Counter()
    state = workspace._state  # no API lists comments; the state is the ground truth
    for comment in state.comments.values():
        comments[f"{comment.version.model_name}/{comment.version.version}/{comment.activity.comment}"] += 1
    counts: dict[str, int] = {}
    request_cache: dict[tuple[str, str], Counter[str]] = {}
    acl_cache: dict[str, dict[str, str]] = {}
    for op in batch.ops:
        if op.kind == "comment":
            counts[op.key] = comments[op.key]
        elif op.kind == "request":
            model, version, stage = op.key.split("/")
            if (model, version) not in request_cache:
                listed = workspace.handle(
                    "list_transition_requests", admin, {"name": model, "version": version}
                )
                request_cache[(model, version)] = Counter(r["to_stage"] for r in listed.get("requests", []))
            counts[op.key] = request_cache[(model, version)][stage]
        else:
            model_id, user = op.key.split("/", 1)
            if model_id not in acl_cache:
                permissions = workspace.handle(
                    "get_registered_model_permissions", admin, {"registered_model_id": model_id}
                )
                acl_cache[model_id] = {
                    acl["user_name"]: permission["permission_level"]
                    for acl in permissions.get("access_control_list", [])
                    if "user_name" in acl
                    for permission in acl.get("all_permissions", [])
                    if not permission.get("inherited")
                }
            counts[op.key] = 1 if acl_cache[model_id].get(user) == batch.grant_level[op.key] else 0
    return counts


def tally(batch: Batch, counts: dict[str, int]) -> Tally:
    """The invariants: nothing applied more than once (duplicates), every success applied (nothing lost);
    failures are counted, and those the server applied anyway (a connection dropped after it answered)."""
    result = Tally(operations=len(batch.ops))
    for op in batch.ops:
        applied = counts[op.key]
        if applied > 1:
            result.duplicates += 1
            result.problems.append(f"{op.kind} {op.key!r}: applied {applied} times")
        if op.ok:
            result.succeeded += 1
            if applied == 0:
                result.lost += 1
                result.problems.append(f"{op.kind} {op.key!r}: reported success, not in the workspace")
        else:
            result.failed += 1
            if applied:
                result.failed_but_applied += 1
    return result


def wait_until_quiet(emu: Emulator, quiet: float = 1.0, deadline: float = 30.0) -> int:
    """Requests served, once no new one has been logged for `quiet` seconds (stacked latency faults can hold a
    request in the emulator after its client has given up)."""
    give_up = time.monotonic() + deadline
    served = len(emu.requests)
    while time.monotonic() < give_up:
        time.sleep(quiet)
        now = len(emu.requests)
        if now == served:
            break
        served = now
    return served


def run_checked_batch(seed: int, creates: int, acl_updates: int) -> tuple[Tally, int, int, float]:
    """A sequential batch, checked operation by operation against `simulate` and then against the state.
    Returns the tally, faults fired, requests served and seconds taken."""
    rng = random.Random(seed)
    started = time.monotonic()
    with Emulator(request_log_size=10 * (creates + acl_updates) + 1000) as emu:
        batch = build_batch(emu, rng, creates, acl_updates, f"s{seed}")
        plan_faults(rng, batch.ops)
        fired = run_sequential(emu, batch, rng)
        predictions = {id(op): simulate(op.faults, idempotent=op.idempotent) for op in batch.ops}
        served = len(emu.requests)
        counts = applied_counts(emu, batch)
    result = tally(batch, counts)
    for op in batch.ops:
        predicted = predictions[id(op)]
        fewest, most = predicted.attempts
        if not (op.served == op.sent and fewest <= op.sent <= most):
            result.problems.append(
                f"{op.kind} {op.key!r} with faults {op.faults}: sent {op.sent} requests, the emulator served "
                f"{op.served}, predicted {fewest}-{most}"
            )
        if op.ok != predicted.ok:
            result.problems.append(
                f"{op.kind} {op.key!r} with faults {op.faults}: "
                f"{'succeeded' if op.ok else f'failed ({op.error})'}, predicted {predicted}"
            )
        elif not op.ok and op.error not in _CONNECTION:
            result.problems.append(f"{op.kind} {op.key!r} failed with {op.error}, not a connection error")
        if not op.idempotent and counts[op.key] != min(predicted.applied, 1):
            result.problems.append(
                f"{op.kind} {op.key!r} with faults {op.faults}: the workspace holds {counts[op.key]}, "
                f"predicted {predicted.applied}"
            )
    if served != sum(op.sent for op in batch.ops):
        result.problems.append(
            f"the emulator served {served} requests, the client sent {sum(o.sent for o in batch.ops)}"
        )
    return result, fired, served, time.monotonic() - started


# ------------------------------------------------------------------------------------------ the tests


@pytest.mark.parametrize(
    ("faults", "idempotent", "expected"),
    [
        ([], False, Prediction(True, (1, 1), 1)),
        (["503", "429"], False, Prediction(True, (3, 3), 1)),
        (["drop_after"], False, Prediction(False, (1, 1), 1)),
        (["drop_after"], True, Prediction(True, (2, 2), 2)),
        (["drop_before"], False, Prediction(False, (1, 1), 0)),
        (["503", "drop_after"], False, Prediction(False, (2, 2), 1)),
        (["drop_after", "503"], False, Prediction(False, (2, 2), 1)),  # the 503 answers first
        (["timeout", "503"], False, Prediction(False, (1, 1), 0)),  # gave up before the 503 came
        (["timeout", "503"], True, Prediction(True, (2, 2), 1)),
        (["timeout", "drop_after"], False, Prediction(False, (1, 1), 1)),
        (["timeout", "drop_after"], True, Prediction(True, (2, 3), 2)),  # who meets the drop is timing
        (["latency", "drop_before", "drop_after"], True, Prediction(True, (3, 3), 2)),
    ],
)
def test_the_model_of_fault_rules(faults: list[FaultName], idempotent: bool, expected: Prediction) -> None:
    assert simulate(faults, idempotent=idempotent) == expected


def test_the_model_agrees_with_the_emulator_on_one_create(databricks_emulator: Emulator) -> None:
    """`simulate` is only worth as much as its agreement with the emulator: one hand-checked case."""
    emu = databricks_emulator
    emu.create_registered_model("m", versions=1)
    emu.inject(COMMENTS_PATH, "status", status=503, times=1)
    emu.inject(COMMENTS_PATH, "drop_after", times=1)
    with DatabricksMlflowClient(emu.url, emu.token, retry=RETRY) as client, pytest.raises(ApiConnectionError):
        client.comments.create("m", "1", "once")
    predicted = simulate(["503", "drop_after"], idempotent=False)
    assert [r.status for r in emu.requests] == [503, 0]
    assert (len(emu.requests), len(emu.requests)) == predicted.attempts
    assert sum(1 for c in emu.workspace._state.comments.values() if c.activity.comment == "once") == 1


def test_bulk_creates_and_acl_updates_under_random_faults() -> None:
    """500 creates (comments + transition requests) and 1000 ACL updates: exactly once, or reported failed."""
    result, fired, _served, _seconds = run_checked_batch(seed=7, creates=500, acl_updates=1000)
    assert result.operations == 1500
    assert fired > 300, "the batch must actually meet faults"
    assert result.failed > 0, "some creates must have met a connection fault and been reported failed"
    assert not result.problems, "\n".join(result.problems[:50])
    assert (result.duplicates, result.lost) == (0, 0)


def test_calls_queued_past_their_deadline_are_reported_not_sent_and_never_applied(
    databricks_emulator: Emulator,
) -> None:
    """A bulk gather far beyond max_concurrency with a short deadline. The deadline is wall time from the
    call (issue #13 item 15), so the tail of the queue runs out of it before being sent: each such call is
    reported as not sent, none of them is applied, and every call that returned is applied exactly once."""
    emu = databricks_emulator
    emu.create_registered_model("m", versions=1)
    emu.inject(COMMENTS_PATH, "latency", latency=0.01)  # every request takes 10 ms; 400 of them, 2 at a time

    async def run() -> list[DatabricksError | None]:
        budget = RetryPolicy(timeout=1.0, backoff_initial=0.001, backoff_max=0.01)
        async with AsyncDatabricksMlflowClient(emu.url, emu.token, retry=budget, max_concurrency=2) as client:

            async def one(index: int) -> DatabricksError | None:
                try:
                    await client.comments.create("m", "1", f"queued {index}")
                except DatabricksError as error:
                    return error
                return None

            return await asyncio.gather(*(one(index) for index in range(400)))

    outcomes = asyncio.run(run())
    not_sent = {
        f"queued {i}"
        for i, e in enumerate(outcomes)
        if isinstance(e, ApiTimeoutError) and "not sent" in str(e)
    }
    succeeded = {f"queued {i}" for i, outcome in enumerate(outcomes) if outcome is None}
    assert len(not_sent) > 100, "400 x 10 ms at 2 at a time takes ~2 s: the tail must outlive a 1 s deadline"
    texts = Counter(c.activity.comment for c in emu.workspace._state.comments.values())
    assert set(texts.values()) == {1}, "nothing applied twice"
    assert succeeded <= set(texts), "nothing returned is lost"
    assert not (not_sent & set(texts)), "nothing reported as not sent was applied"
    # The rest were sent with the end of the deadline near: timed out, reported, applied at most once.
    assert all(isinstance(e, ApiTimeoutError) for e in outcomes if e is not None)


# ------------------------------------------------------------------------------------------ soak


CONCURRENCY = 16


async def _concurrent_batch(emu: Emulator, batch: Batch, rng: random.Random, seconds: float) -> int:
    """Every operation at once (one gather, bounded by the client's max_concurrency) while faults are injected
    on the shared routes at random moments; returns how many faults fired."""
    routes = [(op.method, op.path) for op in batch.ops]  # faults land on routes in proportion to traffic
    injected: list[Any] = []
    done = asyncio.Event()

    async def chaos() -> None:
        # One fault per REQUESTS_PER_FAULT requests served (on average), so the fault rate follows the traffic
        # instead of the clock: a client slowed down by 429s does not meet ever more of them.
        next_at = 0
        while not done.is_set():
            served = len(emu.requests)
            if served < next_at or len(emu.faults.faults) >= MAX_PENDING_FAULTS:
                await asyncio.sleep(0.001)
                continue
            next_at = served + rng.randint(1, 2 * REQUESTS_PER_FAULT - 1)
            method, path = rng.choice(routes)
            name = rng.choices(list(FAULT_WEIGHTS), list(FAULT_WEIGHTS.values()))[0]
            injected.extend(inject(emu, Op("grant", "", method, path, [name]), rng))

    async def one(client: AsyncDatabricksMlflowClient, op: Op) -> None:
        try:
            await acall(client, op, batch)
        except DatabricksError as error:
            _record(op, error)
        else:
            _record(op, None)

    client = AsyncDatabricksMlflowClient(
        emu.url,
        emu.token,
        retry=RETRY,
        timeout=httpx.Timeout(10.0, read=READ_TIMEOUT),
        max_concurrency=CONCURRENCY,
    )
    async with client:
        chaos_task = asyncio.create_task(chaos())
        everything = asyncio.gather(*(one(client, op) for op in batch.ops))
        await asyncio.wait_for(everything, timeout=seconds)
        done.set()
        await chaos_task
    emu.clear_faults()
    return sum(fault.hits for fault in injected)


@pytest.mark.soak
@pytest.mark.usefixtures("soak_only")
def test_soak_no_duplicates_nothing_lost() -> None:
    sections: list[str] = []
    totals = Tally()
    all_problems: list[str] = []
    faults_total = requests_total = 0
    for seed in (11, 12, 13):
        result, fired, served, seconds = run_checked_batch(seed=seed, creates=2000, acl_updates=4000)
        sections.append(
            f"| sequential, seed {seed} | {result.operations} | {fired} | {served} | {result.failed} "
            f"| {result.failed_but_applied} | {result.duplicates} | {result.lost} | {seconds:.1f} |"
        )
        _add(totals, result)
        faults_total += fired
        requests_total += served
        all_problems += result.problems

    rng = random.Random(21)
    started = time.monotonic()
    with Emulator(request_log_size=200_000) as emu:
        batch = build_batch(emu, rng, 1000, 2000, "async")
        fired = asyncio.run(_concurrent_batch(emu, batch, rng, seconds=900))
        served = wait_until_quiet(emu)
        counts = applied_counts(emu, batch)
    result = tally(batch, counts)
    for op in batch.ops:
        if op.ok or op.error in _CONNECTION:
            continue
        # Out of budget behind 429s/503s: the server refused every attempt, so nothing may be applied.
        if op.error not in _REFUSED:
            result.problems.append(f"{op.kind} {op.key!r} failed with {op.error}")
        elif counts[op.key] and op.kind != "grant":
            result.problems.append(f"{op.kind} {op.key!r} failed with {op.error} but was applied")
    sections.append(
        f"| concurrent (async, {CONCURRENCY} in flight), seed 21 | {result.operations} | {fired} | {served} "
        f"| {result.failed} | {result.failed_but_applied} | {result.duplicates} | {result.lost} "
        f"| {time.monotonic() - started:.1f} |"
    )
    _add(totals, result)
    faults_total += fired
    requests_total += served
    all_problems += result.problems

    report = "\n".join(
        [
            "# Fault soak",
            "",
            "Generated by `make soak` (`tests/test_no_duplicates.py::test_soak_no_duplicates_nothing_lost`).",
            "Creates are comments and transition requests; ACL updates are PATCH grants, one per (model, user).",
            "*failed* = reported to the caller as an error; *failed but applied* = a create whose connection "
            "dropped after the server applied it (reported, never re-sent); *duplicates* = applied more than "
            "once; *lost* = reported success but not in the workspace.",
            "",
            "| batch | operations | faults injected | requests served | failed | failed but applied "
            "| duplicates | lost | seconds |",
            "|---|---|---|---|---|---|---|---|---|",
            *sections,
            f"| **total** | {totals.operations} | {faults_total} | {requests_total} | {totals.failed} "
            f"| {totals.failed_but_applied} | {totals.duplicates} | {totals.lost} | |",
            "",
        ]
    )
    BUILD_DIR.mkdir(exist_ok=True)
    (BUILD_DIR / "soak.md").write_text(report, encoding="utf-8")
    print("\n" + report)
    assert not all_problems, "\n".join(all_problems[:50])
    assert (totals.duplicates, totals.lost) == (0, 0)


def _add(totals: Tally, result: Tally) -> None:
    totals.operations += result.operations
    totals.succeeded += result.succeeded
    totals.failed += result.failed
    totals.failed_but_applied += result.failed_but_applied
    totals.duplicates += result.duplicates
    totals.lost += result.lost
