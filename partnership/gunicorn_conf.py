"""gunicorn's settings for ``make serve`` (``gunicorn -c python:partnership.gunicorn_conf``).

BIND              address to listen on (default 127.0.0.1:8000; 0.0.0.0:8000 behind a proxy).
WEB_CONCURRENCY   worker processes (default: twice the cores, plus one).
GUNICORN_TIMEOUT  seconds a request may take before its worker is restarted (default 30).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# The app logs each request itself, with its request id (partnership.logs).
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "partnership.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
    "root": {"level": "WARNING", "handlers": []},
}
