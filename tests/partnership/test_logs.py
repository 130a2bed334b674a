"""Logs: one JSON object a line, each with its request's id, and one line per request."""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest

from partnership.logs import JsonFormatter, RequestIdFilter


@pytest.fixture
def json_lines():
    """What the app logs while the test runs, through the production formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    logging.getLogger("partnership.requests").setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


@pytest.mark.django_db
def test_each_request_gets_an_id_in_its_answer_and_its_log_line(client, json_lines):
    response = client.get("/healthz")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    (line,) = [line for line in json_lines() if line["logger"] == "partnership.requests"]
    assert line["request_id"] == request_id
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept_and_a_forged_one_replaced(client, json_lines):
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c2e-0001"})
    assert kept["X-Request-ID"] == "lb-7f3a9c2e-0001"
    forged = client.get("/healthz", headers={"X-Request-ID": 'x" \n{"level": "ERROR"}'})
    assert forged["X-Request-ID"] != 'x" \n{"level": "ERROR"}'
    ids = [line["request_id"] for line in json_lines()]
    assert ids == ["lb-7f3a9c2e-0001", forged["X-Request-ID"]]


def test_a_failure_is_one_line_with_its_traceback_inside():
    formatter = JsonFormatter()
    try:
        raise ValueError("bad value")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "it failed: %s", ("here",), exc_info=True
        )
        record.exc_info = sys.exc_info()
    line = formatter.format(record)
    assert "\n" not in line
    found = json.loads(line)
    assert found["message"] == "it failed: here"
    assert "ValueError: bad value" in found["exception"]
