"""The idle timeout, without writing the session on every request.

A session ends ``SESSION_COOKIE_AGE`` seconds (30 minutes) after it was last saved. Saving
it on every request (Django's ``SESSION_SAVE_EVERY_REQUEST``) costs a database write per
page; this middleware saves it when it was last saved more than ``TOUCH_EVERY`` seconds
ago, so the deadline still follows the user's activity, to within a minute.
"""

from __future__ import annotations

import time

TOUCHED = "_idle_touched"


class IdleTimeoutMiddleware:
    TOUCH_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if now - session.get(TOUCHED, 0) >= self.TOUCH_EVERY:
                session[TOUCHED] = now  # saved, with a new expiry, by SessionMiddleware
        return response
