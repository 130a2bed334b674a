"""The review list, the deadlines page, incidents, identifying details and rapid reviews."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from partnership.page_cache import cached_page
from partnership.subject_access import build_zip
from reviews import services
from reviews.forms import (
    CommissionForm,
    IdentifyingDetailsForm,
    IncidentForm,
    NotifyForm,
    PanelResponseForm,
    RapidReviewForm,
    SendToPanelForm,
)
from reviews.models import (
    IdentifyingDetails,
    LearningBriefing,
    LegacyReview,
    NationalReviewConsidered,
    RapidReview,
    SeriousIncident,
)
from reviews.services import case_export_data
from reviews.shared_text import matching_records
from reviews.views.common import context, form_page, posted, review_access


def _incident(access, pk: int) -> SeriousIncident:
    return get_object_or_404(
        SeriousIncident.objects.for_partnership(access.partnership).with_reviews(), pk=pk
    )


def review_list(request, slug):
    access = review_access(request, slug, reading=True)
    partnership = access.partnership
    today = dt.date.today()
    incidents = list(SeriousIncident.objects.for_partnership(partnership).with_reviews())
    rows = []
    for incident in incidents:
        outstanding = [d for d in incident.deadlines(today) if d.is_outstanding]
        rows.append(
            {"incident": incident, "next": min(outstanding, key=lambda d: d.due_on, default=None)}
        )
    services.log_restricted_access(request.user, None, partnership=partnership)
    return render(
        request,
        "reviews/review_list.html",
        context(
            access,
            rows=rows,
            legacy_reviews=LegacyReview.objects.for_partnership(partnership),
            national_reviews=NationalReviewConsidered.objects.for_partnership(partnership),
            briefings=LearningBriefing.objects.filter(partnership=partnership).select_related(
                "legacy_review", "practice_review__rapid_review__incident"
            ),
        ),
    )


def _log_list_view(request, partnership_id: int) -> None:
    services.log_restricted_access(request.user, None, partnership=partnership_id)


# Logged on every view, the cached ones included.
@cached_page(every_time=_log_list_view)
def deadlines(request, slug):
    access = review_access(request, slug, reading=True)
    today = dt.date.today()
    items = [
        d
        for incident in SeriousIncident.objects.for_partnership(access.partnership).with_reviews()
        for d in incident.deadlines(today)
        if d.is_outstanding
    ]
    items.sort(key=lambda d: (d.due_on, str(d.record)))
    overdue = sum(1 for d in items if d.state == "overdue")
    return render(
        request,
        "reviews/deadlines.html",
        context(access, deadlines=items, overdue=overdue, today=today),
    )


def incident_detail(request, slug, pk):
    access = review_access(request, slug, reading=True)
    incident = _incident(access, pk)
    rapid = getattr(incident, "rapid_review", None)
    services.log_restricted_access(request.user, incident, partnership=access.partnership)
    return render(
        request,
        "reviews/incident_detail.html",
        context(
            access,
            incident=incident,
            rapid=rapid,
            practice=getattr(rapid, "practice_review", None) if rapid else None,
            deadlines=incident.deadlines(dt.date.today()),
            has_details=IdentifyingDetails.objects.filter(incident=incident).exists(),
            recommendations=rapid.recommendations.all() if rapid else [],
        ),
    )


def incident_create(request, slug):
    access = review_access(request, slug)
    incident = SeriousIncident(partnership=access.partnership)
    form = IncidentForm(posted(request), instance=incident, partnership=access.partnership)
    return form_page(
        request,
        access,
        form,
        title="Record a serious incident",
        intro="Use the pseudonym only. The child's name and other identifying details go on "
        "their own page once the incident is recorded.",
        back_url=reverse("reviews:review_list", args=[slug]),
        save=lambda f: f.save(),
        success="The incident has been recorded.",
    )


def incident_edit(request, slug, pk):
    access = review_access(request, slug)
    incident = _incident(access, pk)
    form = IncidentForm(posted(request), instance=incident, partnership=access.partnership)
    return form_page(
        request,
        access,
        form,
        title=f"Edit {incident}",
        record=incident,
        back_url=incident.get_absolute_url(),
        save=lambda f: f.save(),
        success="The incident has been updated.",
    )


def incident_notify(request, slug, pk):
    access = review_access(request, slug)
    incident = _incident(access, pk)
    form = NotifyForm(posted(request))

    def save(f):
        incident.notify(
            on=f.cleaned_data["notified_on"],
            reference=f.cleaned_data["panel_reference"],
            late_reason=f.cleaned_data["late_notification_reason"],
        )
        return incident

    return form_page(
        request,
        access,
        form,
        title=f"Notification to the Panel: {incident}",
        intro=f"Due by {incident.notification_due():%-d %B %Y} "
        "(5 working days from the date the local authority became aware).",
        record=incident,
        back_url=incident.get_absolute_url(),
        save=save,
        success="The notification to the Panel has been recorded.",
    )


@never_cache
def identifying_details(request, slug, pk):
    access = review_access(request, slug)
    incident = _incident(access, pk)
    details = IdentifyingDetails.objects.filter(incident=incident).first()
    matches = []
    if details is not None:
        services.log_restricted_access(request.user, details, partnership=access.partnership)
        # Records written before the case was added are not refused until edited.
        matches = matching_records(access.partnership, details.kinded_terms())
    return render(
        request,
        "reviews/identifyingdetails_detail.html",
        context(access, incident=incident, details=details, matches=matches),
    )


@never_cache
def identifying_details_edit(request, slug, pk):
    access = review_access(request, slug)
    incident = _incident(access, pk)
    details = IdentifyingDetails.objects.filter(incident=incident).first() or IdentifyingDetails(
        incident=incident
    )
    form = IdentifyingDetailsForm(posted(request), instance=details)

    def save(f):
        saved = f.save()
        services.log_restricted_access(
            request.user,
            saved,
            services.RestrictedAccessLog.Action.EDIT,
            partnership=access.partnership,
        )
        return incident

    if request.method == "GET" and details.pk:
        services.log_restricted_access(request.user, details, partnership=access.partnership)
    return form_page(
        request,
        access,
        form,
        title=f"Identifying details: {incident}",
        intro="Seen only by the case review group and the business manager. Every view is logged.",
        back_url=reverse("reviews:identifying_details", args=[slug, incident.pk]),
        save=save,
        success="The identifying details have been saved. Their page lists any existing "
        "records that hold them.",
    )


def rapid_review_edit(request, slug, pk):
    access = review_access(request, slug)
    incident = _incident(access, pk)
    rapid = getattr(incident, "rapid_review", None) or RapidReview(incident=incident)
    if rapid.pk and rapid.status != RapidReview.Status.IN_PROGRESS:
        messages.error(
            request, "The rapid review has been sent to the Panel and can no longer be edited."
        )
        return redirect(incident)
    form = RapidReviewForm(posted(request), instance=rapid, partnership=access.partnership)
    return form_page(
        request,
        access,
        form,
        title=f"Rapid review: {incident}",
        intro=f"Due to the Panel by {incident.rapid_review_due():%-d %B %Y}."
        if incident.rapid_review_due()
        else "",
        record=rapid if rapid.pk else None,
        back_url=incident.get_absolute_url(),
        save=lambda f: (f.save(), incident)[1],
        success="The rapid review has been saved.",
    )


def _rapid(access, pk):
    incident = _incident(access, pk)
    rapid = getattr(incident, "rapid_review", None)
    if rapid is None:
        from django.http import Http404

        raise Http404("No rapid review yet")
    return incident, rapid


def rapid_review_send(request, slug, pk):
    access = review_access(request, slug)
    incident, rapid = _rapid(access, pk)
    form = SendToPanelForm(posted(request))

    def save(f):
        rapid.send_to_panel(on=f.cleaned_data["sent_to_panel_on"])
        return incident

    return form_page(
        request,
        access,
        form,
        title=f"Send the rapid review to the Panel: {incident}",
        record=rapid,
        back_url=incident.get_absolute_url(),
        save=save,
        success="The rapid review is recorded as sent to the Panel.",
    )


def rapid_review_response(request, slug, pk):
    access = review_access(request, slug)
    incident, rapid = _rapid(access, pk)
    form = PanelResponseForm(posted(request))

    def save(f):
        rapid.record_panel_response(
            on=f.cleaned_data["panel_responded_on"], response=f.cleaned_data["panel_response"]
        )
        return incident

    return form_page(
        request,
        access,
        form,
        title=f"The Panel's response: {incident}",
        record=rapid,
        back_url=incident.get_absolute_url(),
        save=save,
        success="The Panel's response has been recorded.",
    )


def practice_review_commission(request, slug, pk):
    access = review_access(request, slug)
    incident, rapid = _rapid(access, pk)
    form = CommissionForm(posted(request), partnership=access.partnership)
    return form_page(
        request,
        access,
        form,
        title=f"Commission a practice review: {incident}",
        record=rapid,
        back_url=incident.get_absolute_url(),
        save=lambda f: services.commission_practice_review(rapid_review=rapid, **f.cleaned_data),
        success="The practice review has been commissioned.",
    )


def case_export(request, slug, pk):
    """The whole case, identifying details included, for a subject access request made for
    the child: the case review group and the business manager only; logged as an export."""
    access = review_access(request, slug)
    incident = _incident(access, pk)
    content = build_zip(
        f"case-{incident.case_number}",
        f"Case {incident.case_number}: everything {access.partnership.name} holds",
        case_export_data(incident),
    )
    services.log_restricted_access(
        request.user,
        incident,
        services.RestrictedAccessLog.Action.EXPORT,
        partnership=access.partnership,
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="case-{incident.pk}.zip"'
    return response
