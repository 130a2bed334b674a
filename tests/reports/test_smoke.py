from reports.assembly import assemble
from reports.renderers import render_docx, render_html, render_pdf
from tests.reports.helpers import add_meetings, make_world


def test_smoke(partnership):
    w = make_world(partnership)
    add_meetings(w, 3)
    doc = assemble(w.report)
    html = render_html(doc)
    assert "Quality Group" in html
    pdf = render_pdf(doc)
    assert pdf.startswith(b"%PDF")
    open("/tmp/r5_smoke.pdf", "wb").write(pdf)
    open("/tmp/r5_smoke.html", "w").write(html)
    docx = render_docx(doc)
    open("/tmp/r5_smoke.docx", "wb").write(docx)
