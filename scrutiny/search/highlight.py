"""Query words and highlighted snippets, without Django or a database.

Used by the SQLite search and to turn PostgreSQL's headlines into safe HTML. Every
piece of record text is HTML-escaped; only the ``<mark>`` tags this module adds are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

# PostgreSQL's ts_headline marks matches with these; they cannot occur in indexed text
# because ``clean_text`` removes them, so after escaping they become <mark> tags safely.
START_SEL = "\x02"
STOP_SEL = "\x03"

MAX_TERMS = 8
_STOPWORDS = {"a", "an", "and", "or", "the", "of", "to", "in", "on", "for", "is", "be", "by"}
_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')
MARK_OPEN = '<mark class="app-highlight">'
_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


@dataclass
class ParsedQuery:
    terms: list[str] = field(default_factory=list)  # lower case; a phrase is one term
    excluded: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms)


def clean_text(text: str) -> str:
    """Record text as stored in the index: no control characters used as markers."""
    return (text or "").replace(START_SEL, "").replace(STOP_SEL, "").replace("\x00", "")


def parse_query(q: str) -> ParsedQuery:
    """Words, "quoted phrases" and -excluded words, as a web search box reads them."""
    parsed = ParsedQuery()
    for minus_phrase, phrase, minus_word, word in _TOKEN.findall(q or ""):
        negative = bool(minus_phrase or minus_word)
        raw = phrase if phrase else word
        term = " ".join(_EDGE_PUNCTUATION.sub("", part) for part in raw.split()).strip().lower()
        if not term or (term in _STOPWORDS and not phrase):
            continue
        target = parsed.excluded if negative else parsed.terms
        if term not in target and len(parsed.terms) + len(parsed.excluded) < MAX_TERMS:
            target.append(term)
    return parsed


def _pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    alternatives = sorted((re.escape(t) for t in terms), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def mark_all(text: str, terms: list[str]) -> str:
    """The whole text, escaped, with every occurrence of a term in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"{MARK_OPEN}{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def snippet(text: str, terms: list[str], width: int = 240) -> str:
    """About ``width`` characters around the first match, escaped and marked."""
    text = " ".join((text or "").split())
    pattern = _pattern(terms)
    first = pattern.search(text) if pattern else None
    if first is None:
        cut = text[:width]
        return escape(cut) + (" …" if len(text) > width else "")
    start = max(0, first.start() - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", first.end(), end)
        end = space if space > first.end() else end
    body = mark_all(text[start:end], terms)
    return ("… " if start else "") + body + (" …" if end < len(text) else "")


def headline_to_html(headline: str) -> str:
    """PostgreSQL headline text (with START_SEL/STOP_SEL markers) as safe HTML."""
    return escape(headline or "").replace(START_SEL, MARK_OPEN).replace(STOP_SEL, "</mark>")
