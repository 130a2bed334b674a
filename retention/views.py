"""The retention review queue: the business manager sees every record past its date, the
case review group the case records; each is deleted, anonymised or held."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from partnership.access import Access, get_access
from partnership.views import form_page
from retention import services
from retention.forms import DecisionForm, PeriodForm
from retention.models import Disposal, RetentionPeriod, ReviewItem
from retention.schedule import BY_KEY, SCHEDULE


def _queue_access(request, slug) -> Access:
    access = get_access(request, slug)
    access.require(access.can_see_case_reviews)  # the business manager or the group
    return access


def _items(access: Access):
    items = ReviewItem.objects.for_partnership(access.partnership).exclude(
        status=ReviewItem.Status.DISPOSED
    )
    if not access.is_business_manager:
        items = items.filter(record_type__in=[t.key for t in SCHEDULE if t.case_record])
    return items


def queue(request, slug):
    access = _queue_access(request, slug)
    items = list(_items(access))
    schedule = [
        (rule, services.years_for(access.partnership, rule))
        for rule in SCHEDULE
        if access.is_business_manager or rule.case_record
    ]
    return render(
        request,
        "retention/queue.html",
        {
            "access": access,
            "partnership": access.partnership,
            "items": items,
            "schedule": schedule,
            "disposals": Disposal.objects.filter(partnership=access.partnership)[:50],
        },
    )


def decide(request, slug, pk):
    access = _queue_access(request, slug)
    item = get_object_or_404(_items(access), pk=pk)
    back = reverse("retention:queue", args=[slug])
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "hold":
                services.hold(
                    item, reason=data["hold_reason"], until=data["hold_until"], by=request.user
                )
            else:
                services.dispose(item, action=data["action"], by=request.user)
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Done: the decision is recorded.")
            return redirect(back)
    return form_page(
        request,
        access,
        form,
        title=f"{item.rule.label}: record {item.record_id}",
        caption="Retention review",
        intro=f"Past its retention date on {item.due_on:%-d %B %Y}. The schedule says: "
        f"{item.rule.disposal}.",
        back_url=back,
        status=200,
    )


def period_edit(request, slug, key):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    rule = BY_KEY.get(key)
    if rule is None:
        raise Http404("No such record type")
    period = RetentionPeriod.objects.filter(
        partnership=access.partnership, record_type=key
    ).first() or RetentionPeriod(partnership=access.partnership, record_type=key, years=rule.years)
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{rule.label}: kept for {period.years} years.")
        return redirect("retention:queue", slug)
    return form_page(
        request,
        access,
        form,
        title=f"How long to keep: {rule.label.lower()}",
        intro=f"The schedule's default is {rule.years} years. {rule.basis}",
        back_url=reverse("retention:queue", args=[slug]),
    )
