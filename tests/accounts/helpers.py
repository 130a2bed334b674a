"""Reading the links out of the emails the real SMTP server received."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LINK = re.compile(r"https?://\S+")


def text_of(message) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content()


def link_in(message, contains: str = "/accounts/") -> str:
    """The path of the first link in the email's text that contains ``contains``."""
    for url in LINK.findall(text_of(message)):
        if contains in url:
            parts = urlsplit(url)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    raise AssertionError(f"no link with {contains!r} in: {text_of(message)}")


def last_email_to(mail_server, address: str):
    found = mail_server.inbox.to(address)
    assert found, f"no email to {address}; inbox: {[m['To'] for m in mail_server.inbox.messages]}"
    return found[-1]
