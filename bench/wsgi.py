"""The app as gunicorn serves it in the load test, with every view imported up front.

Django resolves its URLconf lazily, on the first request each worker handles; with
``--preload`` the import happens once in the master instead, so no worker spends its
first seconds importing while it is being measured.
"""

from django.urls import get_resolver

from partnership.wsgi import application

get_resolver().url_patterns  # noqa: B018 - imports every view module

__all__ = ["application"]
