"""Records the demo does not hold, made for the permission matrix.

Every object URL is requested with a record of Worcestershire, and with one of Walsall for
the cross-partnership check. The demo tells each partnership's story from its seed, so
Walsall keeps no budget, training or section 11 records and Worcestershire's report is
still a draft. The records here fill those gaps with plain, made-up values; they live only
inside the test package's transaction.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

from partnership.models import ArrangementsUpdate, Organisation, Partnership, User
from reports.demo import sign_off_and_publish
from reports.services import open_report
from tests.evidence import builders as evidence
from tests.factories import make_item, make_meeting
from tests.reviews import builders as reviews
from tests.trust import matrix as m


def complete(home: Partnership, other: Partnership) -> None:
    _other_partnerships_records(other)
    _draft_minutes(other)
    _published_report(home)
    _section_comment(home)
    for partnership in (home, other):
        _papers(partnership)
    for partnership in (home, other):
        _restricted_access_log(partnership)
        _retention_item(partnership)
    _sign_in_records()


def _other_partnerships_records(p: Partnership) -> None:
    from evidence.models import Inspection, Section11Return
    from evidence.models.inspections import Rating
    from reviews.models import LearningBriefing, Milestone
    from scrutiny.models import CommitteeAction, CommitteeSubmission

    police = Organisation.objects.filter(partnership=p).order_by("pk").first()
    cycle = evidence.make_s11_cycle(partnership=p)
    Section11Return.objects.create(cycle=cycle, organisation=police)
    evidence.make_school_audit(partnership=p)
    evidence.make_session(course=evidence.make_course(partnership=p))
    evidence.make_budget(partnership=p)
    Inspection.objects.create(
        partnership=p,
        organisation=police,
        inspectorate=Inspection.Inspectorate.HMICFRS,
        title="Child protection inspection",
        published_on=dt.date(2019, 6, 1),
        overall_rating=Rating.GOOD,
        key_findings="Made up for the test.",
    )
    ArrangementsUpdate.objects.create(
        partnership=p, date=dt.date(2020, 1, 1), title="Update", description="Made up."
    )
    incident = m.incident_with_rapid_review(p) or reviews.make_incident(partnership=p)
    practice = reviews.make_practice_review(incident=incident)
    Milestone.objects.create(
        practice_review=practice, title="Draft report", due_on=dt.date(2020, 3, 1)
    )
    reviews.make_recommendation(review=practice)
    reviews.make_legacy_review(partnership=p)
    reviews.make_national_review(partnership=p)
    LearningBriefing.objects.create(
        partnership=p, title="Briefing", published_on=dt.date(2020, 2, 1)
    )
    submission = CommitteeSubmission.objects.filter(partnership=p).order_by("pk").first()
    if submission is not None:
        CommitteeAction.objects.create(submission=submission, description="Made up.")


def _draft_minutes(p: Partnership) -> None:
    """An item in the minutes of the first sub-group's latest draft meeting."""
    if m.draft_item(p) is not None:
        return
    meeting = m.draft_meeting(p) or make_meeting(
        subgroup=m.qapp(p), starts_at=timezone.make_aware(dt.datetime(2020, 3, 2, 10))
    )
    make_item(meeting=meeting, title="Audit of strategy discussions", minutes="Draft.")


def _papers(p: Partnership) -> None:
    """A published agenda of the QAPP meeting: a public, a partnership-only and a
    restricted paper, a declaration, a registered interest, and the packs bound."""
    from papers import services
    from papers.models import Agenda, AgendaChange, Declaration, Interest
    from papers.tasks import build_packs
    from partnership.models import Person
    from tests.papers import files

    subgroup = m.qapp(p)
    services.save_agenda_settings(
        subgroup=subgroup,
        deadline=5,
        items=[("Welcome and apologies", 5, False), ("Any other business", 10, True)],
    )
    meeting = make_meeting(
        subgroup=subgroup, starts_at=timezone.make_aware(dt.datetime(2021, 6, 7, 10))
    )
    agenda = services.start_agenda(meeting=meeting)
    bm = User.objects.get(username=f"bm.{'worcs' if p.slug == 'worcestershire' else p.slug}")
    for level in ("public", "partnership", "restricted"):
        item = services.add_item(
            meeting=meeting,
            title=f"A {level} item",
            presenter=None,
            confidentiality=level,
            minutes_allowed=15,
        )
        data = files.pdf_bytes(text=f"The {level} paper")
        upload = files.upload(f"{level}.pdf", data)
        services.add_paper(
            item=item,
            title=f"The {level} paper",
            confidentiality=level,
            upload=upload,
            checked=checks_for(data),
            filename=f"{level}.pdf",
            by=bm,
        )
    Agenda.objects.filter(pk=agenda.pk).update(
        status=Agenda.Status.PUBLISHED, published_at=timezone.now()
    )
    agenda.refresh_from_db()
    AgendaChange.objects.create(
        agenda=agenda,
        kind=AgendaChange.Kind.LATE_PAPER,
        description="Paper added to item 3: The partnership paper",
        confidentiality="partnership",
    )
    person = Person.objects.filter(partnership=p, user__isnull=False).order_by("pk").first()
    member = m.papers_person(p) or person
    Interest.objects.create(person=member, kind="employment", description="Trustee of a charity")
    Declaration.objects.create(
        item=meeting.items.get(title="A partnership item"),
        person=member,
        interest="Trustee of a charity the audit names",
        left_room=True,
    )
    build_packs.call(agenda.pk)


def checks_for(data: bytes):
    import io

    from papers import checks

    return checks.check_upload(
        io.BytesIO(data),
        name="x.pdf",
        size=len(data),
        max_bytes=10**8,
        max_unpacked_bytes=10**8,
        max_ratio=200,
    )


def _published_report(home: Partnership) -> None:
    """An earlier Worcestershire report, taken through sign-off and published (the demo's
    own is a draft)."""
    report = open_report(
        partnership=home,
        title="Annual Report 2018 to 2019",
        period_start=dt.date(2018, 4, 1),
        period_end=dt.date(2019, 3, 31),
        by=User.objects.get(username=m.ROLE_USERS[m.BM]),
    )
    sign_off_and_publish(report, chair="chair.worcs", business_manager="bm.worcs")


def _section_comment(home: Partnership) -> None:
    """The independent chair's comment on a section of the draft report, and the reply."""
    from partnership.models import Person
    from reports.models import CommentReply, Report, SectionComment

    comment = SectionComment.objects.create(
        report=Report.objects.filter(partnership=home).order_by("pk").first(),
        section_key="foreword",
        section_title="Foreword",
        author=Person.objects.get(partnership=home, user__username=m.ROLE_USERS[m.IND_CHAIR]),
        text="Say more about the impact on families.",
    )
    CommentReply.objects.create(
        comment=comment,
        author=Person.objects.get(partnership=home, user__username=m.ROLE_USERS[m.BM]),
        text="Added a paragraph on what families told the audit.",
    )


def _retention_item(p: Partnership) -> None:
    """An action past its retention date, waiting in the review queue."""
    from retention.models import ReviewItem
    from subgroups.models import Action

    action = Action.objects.filter(partnership=p).order_by("pk").first()
    ReviewItem.objects.create(
        partnership=p,
        record_type="action",
        record_id=action.pk,
        due_on=action.due_on,
        found_on=dt.date.today(),
    )


def _restricted_access_log(p: Partnership) -> None:
    from reviews.models import RestrictedAccessLog

    RestrictedAccessLog.objects.create(
        partnership=p,
        username=f"bm.{p.slug}",
        action=RestrictedAccessLog.Action.VIEW,
        record_type="incident",
        record_label="Made up",
    )


def _sign_in_records() -> None:
    from axes.models import AccessAttempt, AccessFailureLog

    Group.objects.create(name="Made up")
    AccessAttempt.objects.create(
        username="someone", ip_address="127.0.0.1", user_agent="test", failures_since_start=1
    )
    AccessFailureLog.objects.create(username="someone", ip_address="127.0.0.1", user_agent="test")
