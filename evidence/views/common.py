"""The steps every evidence form page takes, written once."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render

from evidence import access as rules
from partnership.access import Access, get_access


def posted(request):
    """The submitted data, bound even when empty, so an empty POST shows its errors."""
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None


def reader(request, slug: str) -> Access:
    """The user's access, refusing (403) those who may not read evidence records."""
    access = get_access(request, slug)
    access.require(rules.can_read_evidence(access))
    return access


def context(access: Access, **extra) -> dict:
    return {
        "access": access,
        "partnership": access.partnership,
        "can_edit_qa": rules.can_edit_quality_assurance(access),
        "is_bm": access.is_business_manager,
        **extra,
    }


def save_form(
    request,
    form,
    *,
    save: Callable[[object], object],
    success: str,
    redirect_to: Callable[[object], str] | str,
) -> object | None:
    """Validate and save in one transaction. Returns a redirect, or None to re-show the form.

    A model's ValidationError (a refused status move, say) is shown on the form; a
    database conflict the form could not foresee becomes a form error, never a 500.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        with transaction.atomic():
            obj = save(form)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errs in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            form.add_error(None, error)
        return None
    except IntegrityError:
        form.add_error(
            None, "This would duplicate a record that already exists. Check and try again."
        )
        return None
    messages.success(request, success)
    return redirect(redirect_to(obj) if callable(redirect_to) else redirect_to)


def form_page(
    request, access: Access, form, *, title: str, back_url: str, caption: str = "", intro: str = ""
):
    return render(
        request,
        "evidence/form_page.html",
        context(access, form=form, title=title, back_url=back_url, caption=caption, intro=intro),
    )
