"""Logs as one JSON object a line on stdout, each carrying the id of its request.

Every request gets an id: the ``X-Request-ID`` its proxy sent (when it looks like one),
else a new one. It is sent back in the response's ``X-Request-ID`` and added to every log
line written while the request is handled, so the lines of one request, across the app
and its proxy, can be found together. One line per request (``partnership.requests``)
says what was asked, the answer and how long it took.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import time
import uuid

REQUEST_ID = contextvars.ContextVar("request_id", default="")
VALID_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")
HEADER = "HTTP_X_REQUEST_ID"

requests_logger = logging.getLogger("partnership.requests")

# What every LogRecord has: anything else on a record was passed in ``extra``.
STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on each record (blank outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", ""):
            line["request_id"] = record.request_id
        for name, value in vars(record).items():
            if name not in STANDARD and not name.startswith("_"):
                line[name] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.META.get(HEADER, "")
        request_id = sent if VALID_ID.fullmatch(sent) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            requests_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            REQUEST_ID.reset(token)
