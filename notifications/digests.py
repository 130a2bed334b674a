"""Daily digests: the messages a person chose to receive once a day, as one email."""

from __future__ import annotations

from itertools import groupby

from django.db import transaction

from notifications.email import send_email
from notifications.models import Message


def send_all() -> int:
    """One digest per address holding messages; each message goes in exactly one digest."""
    sent = 0
    addresses = (
        Message.objects.filter(status=Message.Status.FOR_DIGEST)
        .order_by("to")
        .values_list("to", flat=True)
        .distinct()
    )
    for address in list(addresses):
        with transaction.atomic():
            held = list(
                # Only the messages are locked: the user and partnership may be missing
                # (PostgreSQL refuses to lock the nullable side of an outer join).
                Message.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(status=Message.Status.FOR_DIGEST, to=address)
                .select_related("user", "partnership")
                .order_by("partnership_id", "created_at", "pk")
            )
            if not held:
                continue
            for partnership, messages in groupby(held, key=lambda m: m.partnership):
                messages = list(messages)
                first = messages[0]
                name = first.user.get_full_name() if first.user else ""
                send_email(
                    to=address,
                    kind="digest",
                    subject=f"Your daily digest: {len(messages)} update"
                    f"{'s' if len(messages) != 1 else ''}"
                    + (f" from {partnership.short_name}" if partnership else ""),
                    template="digest",
                    context={"name": name or address, "messages": messages},
                    partnership=partnership,
                    user=first.user,
                )
                sent += 1
            Message.objects.filter(pk__in=[m.pk for m in held]).update(
                status=Message.Status.IN_DIGEST
            )
    return sent
