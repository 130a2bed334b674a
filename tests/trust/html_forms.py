"""Read the fields of the forms on a page, to post back what a browser would."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, radio, checkbox, hidden, number, date, file, email...
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Form:
    method: str
    action: str
    enctype: str
    fields: list[Field] = field(default_factory=list)

    def data(self) -> dict:
        """What a browser would send if the user pressed the button without changing anything."""
        out: dict = {}
        for f in self.fields:
            if f.kind in {"submit", "button", "file", "image", "reset"}:
                continue
            if f.kind in {"radio", "checkbox"}:
                if f.checked:
                    out.setdefault(f.name, []).append(f.value or "on")
                continue
            out.setdefault(f.name, []).append(f.value)
        return {k: (v[0] if len(v) == 1 else v) for k, v in out.items()}

    def names(self, *kinds: str) -> list[str]:
        return list(dict.fromkeys(f.name for f in self.fields if not kinds or f.kind in kinds))


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: Field | None = None
        self._option_value: str | None = None
        self._option_selected = False
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.forms.append(
                Form(a.get("method", "get").lower(), a.get("action", ""), a.get("enctype", ""))
            )
            return
        if not self.forms or "name" not in a:
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        form = self.forms[-1]
        if tag == "input":
            kind = a.get("type", "text").lower()
            form.fields.append(Field(a["name"], kind, a.get("value", ""), checked="checked" in a))
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            form.fields.append(self._textarea)
        elif tag == "select":
            self._select = Field(a["name"], "select")
            form.fields.append(self._select)

    def _option(self, a):
        value = a.get("value", "")
        self._select.options.append(value)
        if "selected" in a or (not self._select.value and len(self._select.options) == 1):
            self._select.value = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_on(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def main_form(html: str) -> Form | None:
    """The page's own POST form (not the sign-out button in the header)."""
    candidates = [
        f
        for f in forms_on(html)
        if f.method == "post" and not f.action.endswith("/accounts/logout/")
    ]
    return max(candidates, key=lambda f: len(f.fields), default=None)
