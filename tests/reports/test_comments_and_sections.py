"""Comments that last (anchored by key, answered, resolved, holding approval back), no empty
headings, a default structure that follows the partnership, and checklist gaps that link to
the page that fills them."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from evidence.models import Course, CourseEvaluation, TrainingSession
from reports.assembly import assemble
from reports.checklist import checklist
from reports.models import CommentReply, Report, ReportSectionConfig, SectionComment
from reports.renderers import render_docx, render_html
from reports.renderers.pdf import render_pdf_html
from reports.services import ensure_sections
from tests.factories import make_partnership, make_subgroup
from tests.reports.helpers import make_world


@pytest.fixture
def world(partnership):
    return make_world(partnership)


def url(world, name, *extra):
    return reverse(f"reports:{name}", args=[world.partnership.slug, world.report.pk, *extra])


def comment_on(world, login, key="introduction", text="Name the leads."):
    world.report.submit(by=world.bm)
    login(world.chair).post(url(world, "comment_add"), {"section": key, "text": text})
    return SectionComment.objects.get()


# --- comments -----------------------------------------------------------------------
def test_a_comment_follows_its_section_when_sections_move_and_are_renamed(login, world):
    ensure_sections(world.partnership)
    comment = comment_on(world, login)
    assert comment.section_key == "introduction" and comment.section_title == "Introduction"
    config = ReportSectionConfig.objects.get(partnership=world.partnership, key="introduction")
    config.title = "About this report"
    config.order = 1  # now the first section
    config.save()
    page = login(world.bm).get(world.report.get_absolute_url()).content.decode()
    assert '<a class="govuk-link" href="#introduction">About this report</a>' in page
    assert "3. Introduction" not in page


def test_the_business_manager_answers_and_the_chair_resolves_a_comment(login, world, client):
    comment = comment_on(world, login)
    reply = url(world, "comment_reply", comment.pk)
    resolve = url(world, "comment_resolve", comment.pk)
    assert login(world.bm).post(reply, {"text": "Added the leads' names."}).status_code == 302
    assert CommentReply.objects.get().text == "Added the leads' names."
    assert client.post(resolve).status_code == 403  # the business manager does not resolve
    assert not SectionComment.objects.get().resolved
    client.logout()
    assert login(world.chair).post(resolve).status_code == 302
    comment.refresh_from_db()
    assert comment.resolved and comment.resolved_at and comment.resolved_by.name == "Ian Chair"
    page = client.get(world.report.get_absolute_url()).content.decode()
    assert "Added the leads&#x27; names." in page and "Resolved by Ian Chair" in page


def test_an_empty_reply_is_refused_and_nothing_is_written(login, world):
    comment = comment_on(world, login)
    response = login(world.bm).post(url(world, "comment_reply", comment.pk), {"text": " "})
    assert response.status_code == 400
    assert "Reply: enter your reply." in response.content.decode()
    assert not CommentReply.objects.exists()


def test_a_lead_cannot_answer_and_another_partnership_gets_404(login, world, outsider):
    comment = comment_on(world, login)
    assert (
        login(world.leads["la"]).post(url(world, "comment_reply", comment.pk), {"text": "x"})
    ).status_code == 403
    assert (login(outsider).post(url(world, "comment_resolve", comment.pk))).status_code == 404
    assert not CommentReply.objects.exists() and not SectionComment.objects.get().resolved


def test_approval_with_unresolved_comments_is_refused_unless_the_chair_says_so(login, world):
    comment_on(world, login)
    client = login(world.chair)
    refused = client.post(url(world, "report_decide"), {"decision": "approve"})
    assert refused.status_code == 400
    assert "1 comment is not resolved" in refused.content.decode()
    assert Report.objects.get(pk=world.report.pk).status == Report.Status.SUBMITTED
    assert not world.report.versions.exists()
    response = client.post(
        url(world, "report_decide"), {"decision": "approve", "despite_comments": "on"}
    )
    assert response.status_code == 302
    assert Report.objects.get(pk=world.report.pk).status == Report.Status.APPROVED


# --- no empty headings --------------------------------------------------------------
def test_a_heading_with_only_a_to_do_note_is_left_out_of_published_output(world):
    document = assemble(world.report)
    group = document.section("subgroup:quality")
    empty = [sub.title for sub in group.subsections if all(b.kind == "note" for b in sub.blocks)]
    assert "Evidence of impact" in empty  # the draft shows the heading with its To-do
    published = document.for_publication()
    titles = [sub.title for sub in published.section("subgroup:quality").subsections]
    assert "Evidence of impact" not in titles
    html = render_html(document, published=True)
    assert ">Evidence of impact</h3>" not in html
    assert ">Evidence of impact</h3>" in render_pdf_html(document, draft=True)
    assert ">Evidence of impact</h3>" not in render_pdf_html(document)
    docx = Document(io.BytesIO(render_docx(document)))
    assert "Evidence of impact" not in [p.text for p in docx.paragraphs]
    numbers = [s.number for s in published.main_sections]
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]


# --- the default structure follows the partnership ----------------------------------
def test_the_executive_section_is_in_the_default_structure_only_with_an_executive_group(
    world,
):
    assert "executive" in [s.key for s in assemble(world.report).sections]
    other = make_partnership(name="Nowhere Partnership", slug="nowhere")
    make_subgroup(partnership=other, name="Learning Group", slug="learning")
    report = Report.objects.create(
        partnership=other,
        title="Yearly report",
        period_start=dt.date(2021, 4, 1),
        period_end=dt.date(2022, 3, 31),
    )
    keys = [s.key for s in assemble(report).sections]
    assert "executive" not in keys
    assert "priorities" in keys and "quality_assurance" in keys
    assert "executive" not in {c.key for c in ensure_sections(other)}


def test_training_recorded_is_evidenced_by_the_default_structure(world):
    course = Course.objects.create(
        partnership=world.partnership, title="Neglect toolkit", delivery_mode="virtual"
    )
    TrainingSession.objects.create(course=course, date=dt.date(2020, 2, 3), delivery_mode="virtual")
    CourseEvaluation.objects.create(
        course=course, collected_on=dt.date(2020, 3, 1), what_changed="Plans name the neglect."
    )
    impact = next(i for i in checklist(assemble(world.report)) if i.key == "impact")
    assert "training and its effect" not in impact.missing_parts
    assert any("Quality assurance" in p.section for p in impact.places)


def test_each_checklist_gap_links_to_the_page_that_fills_it(login, world):
    page = login(world.bm).get(world.report.get_absolute_url()).content.decode()
    training = reverse("evidence:course_list", args=[world.partnership.slug])
    assert f'href="{training}">Record training courses, sessions and evaluations</a>' in page
    feedback = reverse("evidence:feedback_list", args=[world.partnership.slug])
    assert f'href="{feedback}">' in page


def test_a_gap_whose_section_is_missing_says_to_add_the_section(login, world):
    ensure_sections(world.partnership)
    ReportSectionConfig.objects.filter(
        partnership=world.partnership, key="quality_assurance"
    ).delete()
    items = {i.key: i for i in checklist(assemble(world.report))}
    assert [f.text for f in items["impact"].fixes if "Quality" in f.text] == [
        "Add the “Quality assurance” section to the report"
    ]
    page = login(world.bm).get(world.report.get_absolute_url()).content.decode()
    sections = reverse("reports:section_list", args=[world.partnership.slug])
    assert f'href="{sections}">Add the “Quality assurance” section to the report</a>' in page
