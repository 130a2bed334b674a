"""What every case-review view shares: the access rule and the form-page pattern."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from partnership.access import Access, get_access
from reviews.models import RestrictedAccessLog
from reviews.services import log_restricted_access


def review_access(request: HttpRequest, slug: str, *, reading: bool = False) -> Access:
    """Case reviews exist only for the case review group, the business manager and, to
    read by pseudonym and case number (``reading``), the scrutineers.

    Everyone else gets 404, not 403: a refusal would confirm that the records exist. A
    scrutineer asking to edit, or for the identifying details, gets 403.
    """
    access = get_access(request, slug)
    if not access.reads_case_reviews:
        raise Http404("No such page")
    if not reading:
        access.require(access.can_see_case_reviews)
    return access


def posted(request: HttpRequest):
    """Form data for a POST (even an empty one, for forms with only a button), else None."""
    return request.POST if request.method == "POST" else None


def context(access: Access, **extra) -> dict:
    return {"access": access, "partnership": access.partnership, **extra}


def add_validation_errors(form, error: ValidationError) -> None:
    """Put a model's ValidationError next to the field it names, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def form_page(
    request: HttpRequest,
    access: Access,
    form,
    *,
    title: str,
    record=None,
    back_url: str,
    save: Callable[[object], object],
    success: str,
    intro: str = "",
) -> HttpResponse:
    """Validate, save inside one transaction, redirect with a message; errors stay on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = save(form)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            edited = record if record is not None else saved
            if edited is not None and edited._meta.app_label == "reviews":
                log_restricted_access(
                    request.user,
                    edited,
                    RestrictedAccessLog.Action.EDIT,
                    partnership=access.partnership,
                )
            messages.success(request, success)
            url = saved.get_absolute_url() if hasattr(saved, "get_absolute_url") else back_url
            return redirect(url)
    if record is not None and request.method == "GET":
        log_restricted_access(request.user, record, partnership=access.partnership)
    return render(
        request,
        "reviews/record_form.html",
        context(access, form=form, title=title, record=record, back_url=back_url, intro=intro),
    )
