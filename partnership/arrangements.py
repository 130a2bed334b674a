"""What changed between two versions of the published arrangements, section by section.

Plain Python: sections are compared by heading; a section whose heading is in both
versions but whose text differs has changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class VersionChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def summary(self) -> str:
        parts = []
        for verb, headings in (
            ("added", self.added),
            ("changed", self.changed),
            ("removed", self.removed),
        ):
            if headings:
                parts.append(f"{verb}: " + ", ".join(f"“{h}”" for h in headings))
        text = "; ".join(parts)
        return text[0].upper() + text[1:] if text else "No section changed."


def compare(before: list[tuple[str, str]], after: list[tuple[str, str]]) -> VersionChanges:
    """``before`` and ``after``: (heading, text) of each section, in order."""
    old = {heading: text.strip() for heading, text in before}
    new = {heading: text.strip() for heading, text in after}
    return VersionChanges(
        added=[h for h, _ in after if h not in old],
        removed=[h for h, _ in before if h not in new],
        changed=[h for h, _ in after if h in old and old[h] != new[h]],
    )
