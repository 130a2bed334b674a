"""The assembled report as plain data: what ``reports.assembly.assemble`` returns.

Django-free dataclasses. The renderers (HTML, PDF, DOCX) only walk these; nothing here
queries the database, so a document can be rendered, checked and frozen as it is.

A section holds blocks in order. Each block has a ``kind`` the templates switch on:
``paragraph``, ``markdown`` (sanitised HTML plus its Markdown source for the DOCX
writer), ``list``, ``table``, ``chart``, ``facts`` (label/value pairs) and ``note`` (an
editor's note shown in drafts, e.g. "no records yet"; never published).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal


@dataclass
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass
class Markdown:
    source: str
    html: str
    kind: str = "markdown"


@dataclass
class BulletList:
    items: list[str]
    kind: str = "list"


@dataclass
class Column:
    label: str
    numeric: bool = False


@dataclass
class Table:
    caption: str
    columns: list[Column]
    rows: list[list[str]]
    footer: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Rows that head a group (e.g. "Income") rather than carry figures.
    group_rows: set[int] = field(default_factory=set)
    kind: str = "table"


@dataclass
class Bar:
    label: str  # the period, e.g. "Jan–Sep 2020"
    value: float | None  # None: suppressed or missing, drawn as a gap
    text: str  # written on the bar: "682", or "fewer than 5"


@dataclass
class Chart:
    title: str
    description: str  # the text alternative: what the chart shows, in words
    bars: list[Bar]
    unit: str = ""
    kind: str = "chart"


@dataclass
class Fact:
    label: str
    value: str
    detail: str = ""


@dataclass
class Facts:
    items: list[Fact]
    kind: str = "facts"


@dataclass
class Note:
    """Shown to editors in the draft only: what is missing and where to add it."""

    text: str
    kind: str = "note"


Block = Paragraph | Markdown | BulletList | Table | Chart | Facts | Note


@dataclass
class Subsection:
    title: str
    blocks: list[Block] = field(default_factory=list)
    anchor: str = ""


@dataclass
class Evidence:
    """Where the draft evidences one statutory requirement (see ``reports.checklist``)."""

    requirement: str
    description: str


@dataclass
class PublishedFigure:
    """A figure about people (children, families, cases) that suppression rules apply to."""

    label: str
    value: int | float | Decimal
    where: str


@dataclass
class Section:
    key: str
    title: str
    anchor: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Subsection] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    figures: list[PublishedFigure] = field(default_factory=list)
    is_appendix: bool = False
    number: str = ""

    @property
    def heading(self) -> str:
        if not self.number:
            return self.title
        if self.is_appendix:
            return f"Appendix {self.number}: {self.title}"
        return f"{self.number}. {self.title}"

    def all_blocks(self):
        yield from self.blocks
        for sub in self.subsections:
            yield from sub.blocks

    @property
    def notes(self) -> list[str]:
        return [b.text for b in self.all_blocks() if isinstance(b, Note)]


@dataclass
class Signatory:
    partner: str
    person: str
    signed_on: dt.date
    capacity: str = ""

    @property
    def line(self) -> str:
        """Who signed, in which capacity, for whom and when: the published report's words."""
        capacity = f", {self.capacity.lower()}" if self.capacity else ""
        return f"{self.person}{capacity} for {self.partner}, {_day(self.signed_on)}"


@dataclass
class ReportDocument:
    title: str
    partnership_name: str
    short_name: str
    area: str
    period_start: dt.date
    period_end: dt.date
    months: int
    transitional: bool
    edition: int
    status: str
    sections: list[Section]
    website: str = ""
    signatories: list[Signatory] = field(default_factory=list)
    generated_on: dt.date | None = None

    @property
    def period_label(self) -> str:
        return f"{_day(self.period_start)} to {_day(self.period_end)}"

    @property
    def main_sections(self) -> list[Section]:
        return [s for s in self.sections if not s.is_appendix]

    @property
    def appendices(self) -> list[Section]:
        return [s for s in self.sections if s.is_appendix]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def figures(self) -> list[PublishedFigure]:
        return [f for s in self.sections for f in s.figures]

    def for_publication(self) -> ReportDocument:
        """The document as published: without editors' notes, and without any heading that
        would then have nothing under it (sections are numbered again)."""
        sections = []
        for section in self.sections:
            subsections = [
                dataclasses.replace(sub, blocks=_published_blocks(sub.blocks))
                for sub in section.subsections
            ]
            subsections = [sub for sub in subsections if sub.blocks]
            blocks = _published_blocks(section.blocks)
            if blocks or subsections:
                sections.append(
                    dataclasses.replace(section, blocks=blocks, subsections=subsections)
                )
        number_sections(sections)
        return dataclasses.replace(self, sections=sections)

    def texts(self) -> list[tuple[str, str]]:
        """(where, text) for every piece of text that would be published."""
        out: list[tuple[str, str]] = [("Title", self.title)]
        for section in self.sections:
            out.append((section.heading, section.title))
            places = [(section.heading, section.blocks)] + [
                (f"{section.heading}: {sub.title}", sub.blocks) for sub in section.subsections
            ]
            for where, blocks in places:
                for block in blocks:
                    out.extend((where, t) for t in _block_texts(block))
            out.extend((section.heading, sub.title) for sub in section.subsections)
        return out


def _published_blocks(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if not isinstance(b, Note)]


def number_sections(sections: list[Section]) -> None:
    """1, 2, 3… for the main sections, A, B… for the appendices; anchors made unique."""
    main = 0
    appendix = 0
    seen: set[str] = set()
    for section in sections:
        if section.is_appendix:
            section.number = chr(ord("A") + appendix)
            appendix += 1
        else:
            main += 1
            section.number = str(main)
        # Anchors must be unique in the page even if a key repeats.
        while section.anchor in seen:
            section.anchor += "-2"
        seen.add(section.anchor)


def _block_texts(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Markdown):
        return [block.source]
    if isinstance(block, BulletList):
        return list(block.items)
    if isinstance(block, Table):
        cells = [block.caption, *block.notes, *(c.label for c in block.columns)]
        for row in [*block.rows, *block.footer]:
            cells.extend(row)
        return cells
    if isinstance(block, Chart):
        return [
            block.title,
            block.description,
            *(b.label for b in block.bars),
            *(b.text for b in block.bars),
        ]
    if isinstance(block, Facts):
        return [t for f in block.items for t in (f.label, f.value, f.detail)]
    return []


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- freezing: a document as plain JSON data and back ----------------------------------
# What the independent chair approves is kept as data, so the leads read, sign and the
# business manager publishes exactly that, whatever the records say later.

_BLOCKS = {cls.kind: cls for cls in (Paragraph, Markdown, BulletList, Table, Chart, Facts, Note)}
#: Fields that describe the document's state rather than its content: not part of the
#: checksum, and filled in afresh when a frozen document is shown.
STATE_FIELDS = ("status", "signatories", "generated_on")


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def document_data(document: ReportDocument) -> dict:
    """The document as JSON-ready data (dates as ISO text, Decimals as text)."""
    return _plain(asdict(document))


def content_data(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in STATE_FIELDS}


def checksum(data: dict) -> str:
    """SHA-256 of the document's content (not its state: status, signatures, build day)."""
    canonical = json.dumps(content_data(data), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _date(text):
    return dt.date.fromisoformat(text) if text else None


def _block(data: dict) -> Block:
    data = dict(data)
    cls = _BLOCKS[data["kind"]]
    if cls is Table:
        data["columns"] = [Column(**c) for c in data["columns"]]
        data["group_rows"] = set(data["group_rows"])
    elif cls is Chart:
        data["bars"] = [Bar(**b) for b in data["bars"]]
    elif cls is Facts:
        data["items"] = [Fact(**f) for f in data["items"]]
    return cls(**data)


def _section(data: dict) -> Section:
    data = dict(data)
    data["blocks"] = [_block(b) for b in data["blocks"]]
    data["subsections"] = [
        Subsection(title=s["title"], anchor=s["anchor"], blocks=[_block(b) for b in s["blocks"]])
        for s in data["subsections"]
    ]
    data["evidence"] = [Evidence(**e) for e in data["evidence"]]
    data["figures"] = [
        PublishedFigure(
            f["label"],
            Decimal(f["value"]) if isinstance(f["value"], str) else f["value"],
            f["where"],
        )
        for f in data["figures"]
    ]
    return Section(**data)


def document_from_data(data: dict) -> ReportDocument:
    data = dict(data)
    data["sections"] = [_section(s) for s in data["sections"]]
    data["signatories"] = [
        Signatory(s["partner"], s["person"], _date(s["signed_on"])) for s in data["signatories"]
    ]
    for name in ("period_start", "period_end", "generated_on"):
        data[name] = _date(data[name])
    return ReportDocument(**data)


@dataclass
class Changes:
    """What differs between an approved document and the records now, by section title."""

    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed or self.other)

    def lines(self) -> list[str]:
        return (
            [f"Changed: {t}" for t in self.changed]
            + [f"New section: {t}" for t in self.added]
            + [f"No longer in the report: {t}" for t in self.removed]
            + self.other
        )


def changes_between(approved: dict, now: dict) -> Changes:
    """Sections of ``now`` that differ from ``approved`` (both from ``document_data``)."""
    changes = Changes()
    before = {s["key"]: s for s in approved["sections"]}
    after = {s["key"]: s for s in now["sections"]}
    for key, section in after.items():
        if key not in before:
            changes.added.append(section["title"])
        elif _section_content(before[key]) != _section_content(section):
            changes.changed.append(section["title"])
    changes.removed = [s["title"] for k, s in before.items() if k not in after]
    for name, label in (
        ("title", "The title"),
        ("period_start", "The period"),
        ("period_end", "The period"),
    ):
        if approved.get(name) != now.get(name) and f"{label} changed" not in changes.other:
            changes.other.append(f"{label} changed")
    return changes


def _section_content(section: dict) -> dict:
    # Numbering follows position; a section that only moved has not changed.
    return {k: v for k, v in section.items() if k != "number"}
