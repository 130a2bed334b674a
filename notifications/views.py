"""A person's own notifications and choices; the business manager's delivery failures."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from notifications import email
from notifications.forms import PreferencesForm
from notifications.models import Message
from notifications.registry import labels
from partnership.access import get_access

PAGE_SIZE = 50


def my_notifications(request):
    """Every email sent to the signed-in person, newest first."""
    found = (
        Message.objects.filter(user=request.user)
        .select_related("partnership")
        .only(
            "kind",
            "subject",
            "link",
            "status",
            "created_at",
            "sent_at",
            "partnership__name",
            "partnership__short_name",
        )
    )
    page = _labelled(Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")))
    return render(request, "notifications/my_notifications.html", {"page": page})


def _labelled(page):
    names = labels()
    for message in page.object_list:
        message.kind_label = names.get(message.kind, message.kind.replace("_", " ").capitalize())
    return page


def preferences(request):
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, "Your choices are saved.")
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def failures(request, slug):
    """Messages of the partnership that could not be delivered after every attempt."""
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    found = Message.objects.filter(
        partnership=access.partnership, status=Message.Status.FAILED
    ).order_by("-created_at", "-pk")
    page = _labelled(Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")))
    return render(
        request,
        "notifications/failures.html",
        {"access": access, "partnership": access.partnership, "page": page},
    )


@require_POST
def failure_retry(request, slug, pk):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    message = get_object_or_404(
        Message, pk=pk, partnership=access.partnership, status=Message.Status.FAILED
    )
    with transaction.atomic():
        email.retry(message)
    messages.success(request, f"The email to {message.to} will be tried again.")
    return redirect("notifications:failures", slug=access.partnership.slug)
