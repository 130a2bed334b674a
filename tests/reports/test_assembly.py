"""Assembly: each section's content comes from its records; structure is per partnership."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnership.models import ArrangementsUpdate
from reports.assembly import DEFAULT_SECTIONS, assemble
from reports.document import Chart, Facts, Markdown, Note, Section, Subsection, Table
from reports.models import Report, ReportNarrative, ReportSectionConfig
from reports.services import ensure_sections
from subgroups.models import Meeting
from tests.factories import make_decision, make_item, make_meeting
from tests.reports.helpers import add_evidence, add_meetings, add_reviews, make_world


@pytest.fixture
def world(partnership):
    return make_world(partnership)


def texts(section):
    if isinstance(section, Subsection):
        section = Section(key="x", title=section.title, anchor="x", subsections=[section])
    return " ".join(t for _w, t in _doc_texts(section))


def _doc_texts(section):
    from reports.document import ReportDocument

    doc = ReportDocument(
        "", "", "", "", dt.date.today(), dt.date.today(), 12, False, 1, "", [section]
    )
    return doc.texts()


def sub(section, title):
    return next(s for s in section.subsections if s.title == title)


def test_default_structure_follows_the_domain_order(world):
    doc = assemble(world.report)
    keys = [s.key for s in doc.sections]
    assert keys[:7] == [
        "foreword",
        "executive_summary",
        "introduction",
        "key_facts",
        "background",
        "executive",
        "wider_partnership",
    ]
    assert "subgroup:quality" in keys
    assert keys[-3:] == ["appendix_budget", "appendix_kpis", "appendix_attendance"]
    assert [s.heading for s in doc.appendices][0] == "Appendix A: Budget"
    assert doc.section("introduction").heading == "3. Introduction"


def test_assembly_writes_nothing(world):
    with CaptureQueriesContext(connection) as queries:
        assemble(world.report)
    writes = [
        q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []


def test_introduction_names_the_partners_by_their_names_on_the_last_day(world):
    section = assemble(world.report).section("introduction")
    table = next(b for b in section.blocks if isinstance(b, Table))
    partners = [row[0] for row in table.rows]
    assert partners == ["Testshire County Council", "NHS Testshire CCG", "Testshire Police"]
    assert [row[2] for row in table.rows] == ["Lara Council", "Hana Health", "Pat Police"]
    assert "Ian Chair is the independent chair" in texts(section)


def test_a_transitional_report_says_why_it_covers_more_than_a_year(world):
    p = world.partnership
    p.predecessor_board = "Testshire Safeguarding Children Board"
    p.transition_date = dt.date(2019, 9, 30)
    p.save()
    report = Report.objects.create(
        partnership=p,
        title="First",
        period_start=dt.date(2019, 4, 1),
        period_end=dt.date(2020, 9, 30),
    )
    text = texts(assemble(report).section("introduction"))
    assert "18 months. It is a transitional report" in text
    assert "Testshire Safeguarding Children Board handed over" in text


def test_narrative_is_rendered_from_markdown_and_sanitised(world):
    ReportNarrative.objects.create(
        report=world.report,
        key="foreword",
        body="A *good* year.\n\n<img src=x onerror=alert(1)>",
        signed_as="Ian Chair, Independent Chair",
    )
    section = assemble(world.report).section("foreword")
    html = next(b for b in section.blocks if isinstance(b, Markdown)).html
    assert "<em>good</em>" in html
    assert "onerror" not in html and "<img" not in html
    assert "Ian Chair, Independent Chair" in texts(section)


def test_unwritten_narrative_is_an_editor_note_not_text(world):
    section = assemble(world.report).section("conclusion")
    assert isinstance(section.blocks[0], Note)


def test_subgroup_section_shows_chair_meetings_and_predecessors(world):
    add_meetings(world, 3)
    make_meeting(
        subgroup=world.predecessor, starts_at=timezone.make_aware(dt.datetime(2019, 10, 15, 10))
    )
    section = assemble(world.report).section("subgroup:quality")
    facts = {f.label: f for f in next(b for b in section.blocks if isinstance(b, Facts)).items}
    assert facts["Chair"].value == "Quinn Quality"
    assert facts["Meetings in the period"].value == "3"
    transition = section.subsections[0]
    assert "Old Audit Group met 1 time on 15 October 2019" in texts(section)
    assert "handed its work to the QG on 30 November 2019" in " ".join(
        b.text for b in transition.blocks
    )


def test_predecessor_groups_have_no_section_of_their_own(world):
    keys = [s.key for s in assemble(world.report).sections]
    assert "subgroup:old-audit" not in keys


def test_executive_section_lists_only_public_decisions_of_confirmed_minutes(world):
    first = make_meeting(
        subgroup=world.executive, starts_at=timezone.make_aware(dt.datetime(2020, 1, 10, 10))
    )
    later = make_meeting(
        subgroup=world.executive, starts_at=timezone.make_aware(dt.datetime(2020, 2, 10, 10))
    )
    make_decision(
        item=make_item(meeting=first, confidentiality="public"), text="RESOLVED: adopt the plan."
    )
    make_decision(
        item=make_item(meeting=first, confidentiality="restricted"), text="RESOLVED: secret."
    )
    first.circulate(on=dt.date(2020, 1, 12))
    first.confirm(at_meeting=later)
    text = texts(assemble(world.report).section("executive"))
    assert "RESOLVED: adopt the plan." in text
    assert "secret" not in text


def test_wider_partnership_lists_relevant_agencies_and_the_groups_they_attended(world):
    add_meetings(world, 1)
    section = assemble(world.report).section("wider_partnership")
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.rows == [["Testshire Schools Forum", "Education", "QG"]]


def test_arrangements_updates_come_from_dated_updates_in_the_period(world):
    ArrangementsUpdate.objects.create(
        partnership=world.partnership, date=dt.date(2021, 1, 1), title="Too late", description="x"
    )
    section = assemble(world.report).section("arrangements_updates")
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert [row[1] for row in table.rows] == ["Schools group joins"]
    assert section.evidence[0].requirement == "arrangements"


def test_attendance_appendix_counts_meetings_attended_by_each_agency(world):
    add_meetings(world, 4)
    section = assemble(world.report).section("appendix_attendance")
    table = next(b for b in section.blocks if isinstance(b, Table))
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["Meetings held"] == ["4", ""]
    assert rows["Testshire Schools Forum"] == ["4", "0"]
    assert rows["Testshire Police"] == ["0", "4"]


def test_activity_entries_appear_under_the_report_headings(world):
    add_evidence(world)
    section = assemble(world.report).section("subgroup:quality")
    titles = [s.title for s in section.subsections]
    for heading in [
        "Progress and achievements",
        "Evidence of impact",
        "Voice of the child and family",
        "Areas for development",
        "Next steps",
    ]:
        assert heading in titles
    assert "Plans for neglected children improved" in texts(sub(section, "Evidence of impact"))


def test_quality_assurance_group_shows_audits_training_and_feedback(world):
    add_evidence(world)
    # The default structure has a section of its own for quality assurance...
    section = assemble(world.report).section("quality_assurance")
    assert "Multi-agency audits" not in [
        s.title for s in assemble(world.report).section("subgroup:quality").subsections
    ]
    # ...and without it, the partnership's quality assurance group shows the work.
    ensure_sections(world.partnership)
    ReportSectionConfig.objects.filter(key="quality_assurance").update(hidden=True)
    section = assemble(world.report).section("subgroup:quality")
    assert "Strategy discussions" in texts(sub(section, "Multi-agency audits"))
    training = texts(sub(section, "Learning and development"))
    assert "Levels of need" in training and "12" in training and "90% satisfied" in training
    assert "We now write back to every family." in texts(
        sub(section, "What children and families told us")
    )


def test_training_shows_the_sessions_of_the_period_and_their_attendance_added_up(world):
    """Counted in the query: two sessions in the period (12 and 5 attending the first, no one
    recorded at the second) make 2 sessions and 17; a session outside it counts for nothing,
    and a course with only such a session is not listed."""
    from evidence.models import Course, SessionAttendance, TrainingSession

    def course_with(title, *days):
        course = Course.objects.create(
            partnership=world.partnership, title=title, delivery_mode="virtual"
        )
        return course, [
            TrainingSession.objects.create(course=course, date=day, delivery_mode="virtual")
            for day in days
        ]

    _, (first, _second, before) = course_with(
        "Neglect toolkit", dt.date(2019, 11, 4), dt.date(2020, 2, 3), dt.date(2019, 9, 30)
    )
    SessionAttendance.objects.create(session=first, organisation=world.agency, count=12)
    SessionAttendance.objects.create(session=first, organisation=world.police, count=5)
    SessionAttendance.objects.create(session=before, organisation=world.police, count=100)
    _, (earlier,) = course_with("Last year's course", dt.date(2019, 3, 1))
    SessionAttendance.objects.create(session=earlier, organisation=world.police, count=40)

    section = assemble(world.report).section("quality_assurance")
    table = next(b for b in sub(section, "Learning and development").blocks if isinstance(b, Table))
    assert [row[:4] for row in table.rows] == [["Neglect toolkit", "Virtual (online)", "2", "17"]]


def test_review_recommendations_count_their_completed_actions(world):
    from reviews.models import Recommendation
    from tests.factories import make_action, make_person

    add_reviews(world, n=1)
    recommendation = Recommendation.objects.get(partnership=world.partnership)
    owner = make_person(partnership=world.partnership)
    for status in ["completed", "open", "completed", "cancelled"]:
        done = dt.date(2020, 2, 1) if status == "completed" else None
        recommendation.actions.add(
            make_action(
                partnership=world.partnership, owner=owner, status=status, completed_on=done
            )
        )
    Recommendation.objects.create(
        partnership=world.partnership,
        practice_review=recommendation.practice_review,
        text="Train the front door.",
    )
    section = assemble(world.report).section("case_reviews")
    table = next(
        b for b in sub(section, "Actions on review recommendations").blocks if isinstance(b, Table)
    )
    assert [row[-1] for row in table.rows] == ["2 of 4 completed", "None recorded"]


def test_a_predecessor_group_gives_the_span_of_its_meetings_not_counting_cancelled_ones(world):
    at = lambda *a: timezone.make_aware(dt.datetime(*a))  # noqa: E731
    make_meeting(subgroup=world.predecessor, starts_at=at(2019, 10, 15, 10))
    make_meeting(subgroup=world.predecessor, starts_at=at(2019, 11, 20, 10))
    make_meeting(
        subgroup=world.predecessor,
        starts_at=at(2019, 11, 27, 10),
        status=Meeting.Status.CANCELLED,
    )
    section = assemble(world.report).section("subgroup:quality")
    assert "Old Audit Group met 2 times between October 2019 and November 2019" in texts(section)


def test_key_facts_show_the_latest_value_with_its_change_and_a_chart(world):
    from evidence.models import KpiValue

    add_evidence(world, n=2)
    latest = KpiValue.objects.order_by("-period_end").first()
    section = assemble(world.report).section("key_facts")
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.rows[0][:2] == ["Contacts to the front door", f"{int(latest.value)}"]
    # The values rise by one each time: a small rise on the previous period.
    assert re.match(r"\+\d+(\.\d)?% on ", table.rows[0][3]), table.rows[0][3]
    assert any(isinstance(b, Chart) for b in section.blocks)


def test_small_counts_are_shown_as_fewer_than_five(world):
    from evidence.models import Indicator, KpiValue

    indicator = Indicator.objects.create(
        partnership=world.partnership, name="Private fostering", direction="neither"
    )
    KpiValue.objects.create(indicator=indicator, period_start=START_Q, period_end=END_Q, value=3)
    section = assemble(world.report).section("key_facts")
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.rows[0][1] == "fewer than 5"
    assert section.figures == []


START_Q, END_Q = dt.date(2020, 1, 1), dt.date(2020, 3, 31)


def test_background_lists_inspections(world):
    add_evidence(world)
    section = assemble(world.report).section("background")
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.rows[0][:2] == [
        "Testshire Police",
        "HM Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)",
    ]
    assert "Protects vulnerable people well." in texts(section)


def test_budget_appendix_computes_totals_and_the_net_position(world):
    add_evidence(world, n=3)
    section = assemble(world.report).section("appendix_budget")
    table = next(b for b in section.blocks if isinstance(b, Table))
    rows = {row[0]: row[1:] for row in table.rows + table.footer}
    assert rows["Total income"] == ["£301", "£301"]
    assert rows["Total expenditure"] == ["£151", "£151"]
    assert rows["Net position"] == ["£151", "£151"]
    assert rows["Surplus or deficit"] == ["surplus", "surplus"]
    assert rows["NHS Testshire CCG"] == ["£100", "£100"]  # the CCG's name on the last day


def test_case_reviews_use_pseudonyms_and_never_identifying_details(world):
    add_reviews(world)
    section = assemble(world.report).section("case_reviews")
    text = texts(section)
    assert "Robin" in text and "Hazel" in text
    assert "Zebedee" not in text
    assert "Paused 23 March 2020: Covid-19 pressure on services." in text
    assert "Share risk information" in texts(sub(section, "Actions on review recommendations"))
    facts = {
        f.label: f.value for f in next(b for b in section.blocks if isinstance(b, Facts)).items
    }
    assert facts["Rapid reviews completed"] == "fewer than 5"
    assert facts["Local practice reviews in progress at the end of the period"] == "fewer than 5"


def test_a_partnership_can_rename_reorder_hide_and_add_sections(world):
    ReportSectionConfig.objects.bulk_create(
        [
            ReportSectionConfig(
                partnership=world.partnership, key="conclusion", title="Looking ahead", order=1
            ),
            ReportSectionConfig(
                partnership=world.partnership, key="subgroup:quality", title="Quality", order=2
            ),
            ReportSectionConfig(
                partnership=world.partnership, key="custom:voice", title="Young inspectors", order=3
            ),
            ReportSectionConfig(
                partnership=world.partnership,
                key="introduction",
                title="Intro",
                order=4,
                hidden=True,
            ),
            ReportSectionConfig(
                partnership=world.partnership, key="subgroups", title="Others", order=5
            ),
        ]
    )
    ReportNarrative.objects.create(
        report=world.report, key="custom:voice", body="Young people inspected services."
    )
    doc = assemble(world.report)
    assert [s.heading for s in doc.sections] == [
        "1. Looking ahead",
        "2. Quality",
        "3. Young inspectors",
    ]
    assert "Young people inspected services." in texts(doc.sections[2])


def test_another_partnership_has_its_own_structure(world, other_partnership):
    ReportSectionConfig.objects.create(
        partnership=other_partnership, key="foreword", title="Chair's message"
    )
    assert assemble(world.report).sections[0].title == DEFAULT_SECTIONS[0].title


def _count_queries(report):
    with CaptureQueriesContext(connection) as queries:
        assemble(report)
    return len(queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_amount_of_data(world, django_assert_num_queries):
    add_meetings(world, 2)
    add_evidence(world, n=1)
    add_reviews(world, n=1)
    ReportNarrative.objects.create(report=world.report, key="foreword", body="Hello")
    _count_queries(world.report)  # warm Django's own caches (content types and the like)
    small = _count_queries(world.report)
    add_meetings(world, 6)
    add_evidence(world, n=5)
    add_reviews(world, n=4)
    for meeting in Meeting.objects.all()[:3]:
        make_decision(item=make_item(meeting=meeting, confidentiality="public"))
    with django_assert_num_queries(small):
        assemble(world.report)


def test_the_decisions_quoted_are_those_of_meetings_held_in_the_period_in_local_time(world):
    """The first and last days of the period count whole, in local time: a meeting at
    half past midnight on its first day (the evening before in UTC, in summer) is in it,
    and one at half past midnight the day after its last is not."""
    start, end = world.report.period_start, world.report.period_end
    later = make_meeting(
        subgroup=world.executive,
        starts_at=timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=9), dt.time(10))),
    )
    for day, text in [
        (start, "RESOLVED: on the first day."),
        (end, "RESOLVED: on the last day."),
        (end + dt.timedelta(days=1), "RESOLVED: the day after."),
    ]:
        meeting = make_meeting(
            subgroup=world.executive,
            starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(0, 30))),
        )
        make_decision(item=make_item(meeting=meeting, confidentiality="public"), text=text)
        meeting.circulate(on=day)
        meeting.confirm(at_meeting=later)
    text = texts(assemble(world.report).section("executive"))
    assert "on the first day" in text and "on the last day" in text
    assert "the day after" not in text
