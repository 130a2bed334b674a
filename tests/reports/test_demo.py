"""The demo reports: Worcestershire's transitional report with the published report's sections
and figures, and Walsall's report with its own structure, published."""

from evidence import demo as evidence_demo
from partnership import demo as partnership_demo
from reports import demo as reports_demo
from reports.assembly import assemble
from reports.checklist import checklist
from reports.document import Facts, Table
from reports.models import PublishedReport, Report
from reviews import demo as reviews_demo
from subgroups import demo as subgroups_demo


def text_of(section) -> str:
    from reports.document import ReportDocument

    doc = ReportDocument("", "", "", "", None, None, 0, False, 1, "", [section])
    return " ".join(t for _w, t in doc.texts())


def test_demo_reports_assemble_with_the_seed_structure_and_figures(db):
    for module in (partnership_demo, subgroups_demo, reviews_demo, evidence_demo, reports_demo):
        module.load()

    worcs = Report.objects.get(partnership__slug="worcestershire", period_end__year=2020)
    assert worcs.is_transitional and worcs.months == 18
    doc = assemble(worcs)
    assert [s.heading for s in doc.sections] == [
        "1. Foreword",
        "2. Executive Summary",
        "3. Introduction",
        "4. Key Facts about Worcestershire",
        "5. Background",
        "6. The Worcestershire Safeguarding Children Partnership Executive Group",
        "7. The Wider Partnership",
        "8. The GET SAFE Partnership Group",
        "9. The Quality Assurance Practice and Procedures Group",
        "10. The Child Safeguarding Practice Review Group",
        "11. Child Safeguarding Practice Reviews",
        "12. Updates to Published Arrangements",
        "13. The Head Teachers Safeguarding Group",
        "14. Conclusion",
        "Appendix A: WSCP Budget Details (2019 to 2020)",
        "Appendix B: Key Performance Indicators",
        "Appendix C: Attendance by Agency",
    ]
    assert all(item.status == "evidenced" for item in checklist(doc))

    budget = next(b for b in doc.section("appendix_budget").blocks if isinstance(b, Table))
    rows = {r[0]: r[-1] for r in budget.rows + budget.footer}
    assert rows["Worcestershire County Council"] == "£82,442"
    assert rows["NHS Herefordshire and Worcestershire Clinical Commissioning Group"] == "£68,704"
    assert rows["West Mercia Police"] == "£20,611"
    assert rows["Total income"] == "£171,757"
    assert rows["Total expenditure"] == "£135,162"
    assert rows["Net position"] == "£36,594"
    assert rows["Surplus or deficit"] == "surplus"
    assert rows["Holding account at 30 September 2020"] == "£208,040"

    facts = next(b for b in doc.section("key_facts").blocks if isinstance(b, Table))
    under_ones = next(r for r in facts.rows if r[0].startswith("Concerns about children under one"))
    assert under_ones[1:] == ["682", "Jan–Sep 2020", "+36% on Jan–Sep 2019"]

    reviews = doc.section("case_reviews")
    counts = {
        f.label: f.value for f in next(b for b in reviews.blocks if isinstance(b, Facts)).items
    }
    assert counts["Rapid reviews completed"] == "fewer than 5"
    assert counts["Local practice reviews in progress at the end of the period"] == "fewer than 5"
    assert all(name in text_of(reviews) for name in ("Hetty", "Isaac", "Harry"))
    assert "Head Teachers Safeguarding Group" in text_of(doc.section("arrangements_updates"))

    walsall = Report.objects.get(partnership__slug="walsall")
    assert walsall.status == Report.Status.PUBLISHED
    headings = [s.heading for s in assemble(walsall).sections]
    assert headings[0] == "1. A message from the Independent Chair"
    assert "5. Progress on our priorities" in headings
    assert "11. Our evaluation: how safe are children in Walsall?" in headings
    published = PublishedReport.objects.get(report=walsall)
    assert bytes(published.pdf).startswith(b"%PDF") and len(published.pdf_sha256) == 64
    assert published.distribution_tasks.count() == 2
