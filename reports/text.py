"""Narrative text: Markdown in, sanitised HTML out. Django-free.

Writers use a small Markdown: paragraphs, lists, emphasis, links, subheadings. The
output is cleaned with nh3 so nothing written in the product can inject script, styles
or event handlers into the page, the PDF or the stored published copy.
"""

from __future__ import annotations

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h3",
    "h4",
    "code",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}

_CLASSES = {
    "<p>": '<p class="govuk-body">',
    "<ul>": '<ul class="govuk-list govuk-list--bullet">',
    "<ol>": '<ol class="govuk-list govuk-list--number">',
    "<h3>": '<h3 class="govuk-heading-s">',
    "<h4>": '<h4 class="govuk-heading-s">',
    "<a ": '<a class="govuk-link" ',
}


def render_markdown(source: str) -> str:
    """Sanitised HTML for a Markdown text, with GOV.UK classes on the common elements.

    Markdown headings are shifted down to h3/h4: a narrative sits under its section's h2.
    """
    shifted = re.sub(r"^(#{1,2})(?=\s)", "###", source or "", flags=re.MULTILINE)
    html = markdown.markdown(shifted, extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    for plain, with_class in _CLASSES.items():
        clean = clean.replace(plain, with_class)
    return clean


_INLINE = re.compile(r"(\*\*|__|\*|_|`)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def plain_inline(text: str) -> str:
    """Markdown inline markup removed (for DOCX paragraphs): links keep text and address."""
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    return _INLINE.sub("", text)


def markdown_blocks(source: str) -> list[tuple[str, str]]:
    """Split Markdown into ("heading"|"bullet"|"number"|"paragraph", plain text) pieces.

    Enough structure for a document writer to use real styles without an HTML parser.
    """
    pieces: list[tuple[str, str]] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            pieces.append(("paragraph", plain_inline(" ".join(paragraph))))
            paragraph.clear()

    for raw in (source or "").splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif m := re.match(r"^#{1,6}\s+(.*)$", line):
            flush()
            pieces.append(("heading", plain_inline(m.group(1))))
        elif m := re.match(r"^[-*+]\s+(.*)$", line):
            flush()
            pieces.append(("bullet", plain_inline(m.group(1))))
        elif m := re.match(r"^\d+[.)]\s+(.*)$", line):
            flush()
            pieces.append(("number", plain_inline(m.group(1))))
        else:
            paragraph.append(line)
    flush()
    return pieces


def with_the(title: str, *, capital: bool = False) -> str:
    """A section title led by "the" in a sentence: "the foreword", and "the impact of
    covid-19" for "The impact of covid-19" (never "the the"). ``capital`` starts a sentence."""
    first = title.split(" ", 1)[0]
    # An acronym keeps its capitals ("the GET SAFE group").
    lowered = title if len(first) > 1 and first.isupper() else title[:1].lower() + title[1:]
    phrase = lowered if lowered.startswith("the ") else f"the {lowered}"
    return phrase[:1].upper() + phrase[1:] if capital else phrase


def without_lead(text: str, lead: str) -> str:
    """``text`` without a leading "<lead>: " (a checklist line under its own heading)."""
    prefix = f"{lead}: "
    return text[len(prefix) :] if lead and text.startswith(prefix) else text
