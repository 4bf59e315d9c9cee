from __future__ import annotations

import pickle
from typing import Any

import httpx
import pytest

from databricks_mlflow_client import _errors as errors
from databricks_mlflow_client._errors import (
    DatabricksError,
    error_from_response,
    parse_retry_after,
    redact_text,
)

URL = "https://adb-1.azuredatabricks.net/api/2.0/mlflow/registered-models/get"


def response(
    status: int, body: Any = None, *, method: str = "GET", headers: dict[str, str] | None = None
) -> httpx.Response:
    request = httpx.Request(method, URL, headers={"Authorization": "Bearer dapiSECRET123"})
    if isinstance(body, dict | list):
        return httpx.Response(status, json=body, headers=headers, request=request)
    if isinstance(body, bytes):
        return httpx.Response(status, content=body, headers=headers, request=request)
    return httpx.Response(status, text=body or "", headers=headers, request=request)


@pytest.mark.parametrize(
    ("error_code", "status", "expected", "parent"),
    [
        ("INVALID_STATE", 400, errors.InvalidState, errors.BadRequest),
        ("INVALID_PARAMETER_VALUE", 400, errors.InvalidParameterValue, errors.BadRequest),
        ("RESOURCE_DOES_NOT_EXIST", 404, errors.ResourceDoesNotExist, errors.NotFound),
        ("ABORTED", 409, errors.Aborted, errors.ResourceConflict),
        ("ALREADY_EXISTS", 409, errors.AlreadyExists, errors.ResourceConflict),
        ("RESOURCE_ALREADY_EXISTS", 400, errors.ResourceAlreadyExists, errors.ResourceConflict),
        ("RESOURCE_EXHAUSTED", 429, errors.ResourceExhausted, errors.TooManyRequests),
        ("REQUEST_LIMIT_EXCEEDED", 429, errors.RequestLimitExceeded, errors.TooManyRequests),
        ("UNKNOWN", 500, errors.Unknown, errors.InternalError),
        ("DATA_LOSS", 500, errors.DataLoss, errors.InternalError),
    ],
)
def test_error_code_selects_the_class(
    error_code: str, status: int, expected: type[DatabricksError], parent: type[DatabricksError]
) -> None:
    err = error_from_response(response(status, {"error_code": error_code, "message": "m"}))
    assert type(err) is expected
    assert isinstance(err, parent)
    assert err.error_code == error_code
    assert err.status_code == status


def test_error_code_wins_over_status() -> None:
    # RESOURCE_DOES_NOT_EXIST served with 400 (as some MLflow endpoints do) is still a NotFound.
    err = error_from_response(response(400, {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "no model"}))
    assert type(err) is errors.ResourceDoesNotExist
    assert not isinstance(err, errors.BadRequest)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, errors.BadRequest),
        (401, errors.Unauthenticated),
        (403, errors.PermissionDenied),
        (404, errors.NotFound),
        (409, errors.ResourceConflict),
        (429, errors.TooManyRequests),
        (499, errors.Cancelled),
        (500, errors.InternalError),
        (501, errors.NotImplemented),
        (503, errors.TemporarilyUnavailable),
        (504, errors.DeadlineExceeded),
    ],
)
def test_status_selects_the_class_when_the_code_is_not_mapped(
    status: int, expected: type[DatabricksError]
) -> None:
    err = error_from_response(response(status, {"error_code": "SOMETHING_NEW", "message": "m"}))
    assert type(err) is expected
    assert err.error_code == "SOMETHING_NEW"


@pytest.mark.parametrize("status", [402, 418, 502, 520])
def test_unmapped_code_and_status_give_the_base_class(status: int) -> None:
    err = error_from_response(response(status, {"error_code": "BRAND_NEW_CODE", "message": "new"}))
    assert type(err) is DatabricksError
    assert err.error_code == "BRAND_NEW_CODE"
    assert err.message == "new"


def test_str_names_code_message_status_method_path_and_attempts() -> None:
    request = httpx.Request("PATCH", "https://h/api/2.0/permissions/registered-models/123")
    resp = httpx.Response(
        403,
        json={
            "error_code": "PERMISSION_DENIED",
            "message": "user u@x lacks CAN_MANAGE on registered model 123",
        },
        request=request,
    )
    err = error_from_response(resp)
    assert str(err) == (
        "PERMISSION_DENIED: user u@x lacks CAN_MANAGE on registered model 123 "
        "(403 PATCH /api/2.0/permissions/registered-models/123, 1 attempt)"
    )
    assert str(error_from_response(resp, attempts=4)).endswith(", 4 attempts)")


@pytest.mark.parametrize("status", [401, 403])
def test_auth_errors_do_not_carry_the_credential(status: int) -> None:
    err = error_from_response(
        response(status, {"error_code": "PERMISSION_DENIED", "message": "Invalid access token."})
    )
    assert (
        str(err)
        == f"PERMISSION_DENIED: Invalid access token. ({status} GET /api/2.0/mlflow/registered-models/get, 1 attempt)"
    )
    assert "dapiSECRET123" not in str(err)
    assert "dapiSECRET123" not in repr(err)


def test_json_fields_details_and_retry_after() -> None:
    details = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "X"}, "not-an-object"]
    err = error_from_response(
        response(
            429,
            {"error_code": "REQUEST_LIMIT_EXCEEDED", "message": "slow down", "details": details},
            headers={"Retry-After": "7"},
        )
    )
    assert err.message == "slow down"
    assert err.details == [details[0]]
    assert err.retry_after == 7.0
    assert err.raw_body is None
    assert err.method == "GET"
    assert err.path == "/api/2.0/mlflow/registered-models/get"


def test_json_without_message_says_request_failed() -> None:
    err = error_from_response(response(500, {"error_code": "INTERNAL_ERROR"}))
    assert type(err) is errors.InternalError
    assert err.message == "request failed"


def test_legacy_error_key_overrides_the_message() -> None:
    err = error_from_response(
        response(400, {"error_code": "INVALID_PARAMETER_VALUE", "message": "m", "error": "legacy text"})
    )
    assert type(err) is errors.InvalidParameterValue
    assert err.message == "legacy text"


def test_scim_body() -> None:
    err = error_from_response(
        response(404, {"detail": "User not found", "status": "404", "scimType": "invalidValue"})
    )
    assert type(err) is errors.NotFound
    assert err.error_code == "SCIM_404"
    assert err.message == "invalidValue User not found"


def test_plain_text_error_code_and_message() -> None:
    err = error_from_response(response(400, "INVALID_PARAMETER_VALUE: bad id"))
    assert type(err) is errors.InvalidParameterValue
    assert err.error_code == "INVALID_PARAMETER_VALUE"
    assert err.message == "bad id"


def test_html_pre_page() -> None:
    page = "<html><head><title>Error 404</title></head><body><pre>Endpoint &lt;x&gt; not found</pre></body></html>"
    err = error_from_response(response(404, page))
    assert type(err) is errors.NotFound
    assert err.error_code == "NOT_FOUND"
    assert err.message == "Endpoint <x> not found"


def test_html_title_page() -> None:
    err = error_from_response(
        response(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
    )
    assert type(err) is DatabricksError
    assert err.error_code == "BAD_GATEWAY"
    assert err.message == "502 Bad Gateway"


def test_empty_body_uses_the_reason_phrase() -> None:
    err = error_from_response(response(503, ""))
    assert type(err) is errors.TemporarilyUnavailable
    assert err.error_code is None
    assert err.message == "Service Unavailable"
    assert str(err) == "Service Unavailable (503 GET /api/2.0/mlflow/registered-models/get, 1 attempt)"


@pytest.mark.parametrize(
    "body", ["<<<not json, not html>>>", b"\xff\xfe\x00garbage", '["a", "json", "list"]']
)
def test_unparseable_body_is_kept_and_classed_by_status(body: str | bytes) -> None:
    err = error_from_response(response(500, body))
    assert type(err) is errors.InternalError
    assert err.raw_body is not None
    assert err.error_code is None
    assert "unparseable" in str(err)


def test_unparseable_body_is_truncated_and_redacted_in_str() -> None:
    body = "token=abc123 " + "x" * 5000
    err = error_from_response(response(500, body))
    assert err.raw_body == body
    text = str(err)
    assert len(text) < 1000
    assert "more characters" in text
    assert "abc123" not in text


def test_never_raises_on_odd_responses() -> None:
    no_request = httpx.Response(500, text="boom")
    err = error_from_response(no_request)
    assert type(err) is errors.InternalError
    assert err.method is None
    assert str(err).endswith("(500, 1 attempt)")

    def never_read() -> Any:
        yield b"{}"

    streamed = httpx.Response(404, content=never_read(), request=httpx.Request("GET", URL))
    assert type(error_from_response(streamed)) is errors.NotFound


def test_message_text_is_redacted_in_str_repr_and_args() -> None:
    err = error_from_response(
        response(400, {"error_code": "BAD", "message": "header was Authorization: Bearer dapiLEAK"})
    )
    for shown in (str(err), repr(err), repr(err.args), err.message):
        assert "dapiLEAK" not in shown


def test_pickle_keeps_class_and_fields() -> None:
    err = error_from_response(
        response(404, {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "gone"}), attempts=2
    )
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is errors.ResourceDoesNotExist
    assert (copy.error_code, copy.message, copy.status_code, copy.attempts) == (
        "RESOURCE_DOES_NOT_EXIST",
        "gone",
        404,
        2,
    )
    assert copy.response is None
    assert str(copy) == str(err)


def test_connection_errors_are_databricks_errors() -> None:
    err = errors.ApiTimeoutError("ReadTimeout", method="POST", path="/api/2.0/x", attempts=3)
    assert isinstance(err, errors.ApiConnectionError)
    assert isinstance(err, DatabricksError)
    assert str(err) == "ReadTimeout (POST /api/2.0/x, 3 attempts)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 3.0),
        ("1.5", 1.5),
        ("-4", 0.0),
        (" 10 ", 10.0),
        ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),
        (None, None),
        ("", None),
        ("soon", None),
        ("nan", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    now = 1445412480.0  # Wed, 21 Oct 2015 07:28:00 GMT
    assert parse_retry_after(value, now=lambda: now) == expected


def test_redact_text_json_form_and_bearer() -> None:
    assert redact_text('{"name": "m", "http_url_spec": {"secret": "s3", "authorization": "Bearer x"}}') == (
        '{"name":"m","http_url_spec":{"secret":"**REDACTED**","authorization":"**REDACTED**"}}'
    )
    assert redact_text("grant_type=client_credentials&client_secret=cs1&scope=all-apis") == (
        "grant_type=client_credentials&client_secret=**REDACTED**&scope=all-apis"
    )
    assert redact_text('{"access_token": "abc", "trunca') == '{"access_token": "**REDACTED**", "trunca'
    assert "dapiX" not in redact_text("sent Authorization: Bearer dapiX")
    assert "dapiY" not in redact_text('{"message": "had Authorization: Bearer dapiY"}')
    assert (
        redact_text('{"next_page_token": "p1", "Password": "pw"}')
        == '{"next_page_token":"p1","Password":"**REDACTED**"}'
    )


def test_hand_raised_error_str_is_the_message() -> None:
    assert str(errors.NotFound("no such model", error_code="RESOURCE_DOES_NOT_EXIST")) == (
        "RESOURCE_DOES_NOT_EXIST: no such model"
    )
