"""Narrative Markdown: rendered with GOV.UK classes, sanitised, and split for the DOCX writer."""

from reports.text import markdown_blocks, render_markdown


def test_markdown_becomes_govuk_paragraphs_and_lists():
    html = render_markdown("Hello **world**.\n\n- one\n- two")
    assert '<p class="govuk-body">Hello <strong>world</strong>.</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html


def test_scripts_styles_and_event_handlers_are_removed():
    html = render_markdown(
        '<script>x()</script><p style="color:red" onclick="y()">Hi</p>[a](javascript:z)'
    )
    assert "<script" not in html and "style=" not in html and "onclick" not in html
    assert "javascript:" not in html


def test_headings_sit_below_the_section_heading():
    assert '<h3 class="govuk-heading-s">Title</h3>' in render_markdown("# Title")


def test_markdown_is_split_into_pieces_for_word():
    assert markdown_blocks("### Head\n\nSome *text*\nmore\n\n- a\n1. b") == [
        ("heading", "Head"),
        ("paragraph", "Some text more"),
        ("bullet", "a"),
        ("number", "b"),
    ]
