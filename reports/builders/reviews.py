"""The case reviews section: rapid reviews, local practice reviews in progress and published,
the predecessor board's reviews, national reviews considered, learning, and the actions
taken on recommendations.

Only pseudonyms are used. Identifying details, incident summaries and rapid-review
rationales are never read here: they stay with the case review group.
"""

from __future__ import annotations

from reports.builders.common import SectionSpec, day_text, new_section, plural, published_count
from reports.document import (
    BulletList,
    Column,
    Evidence,
    Fact,
    Facts,
    Note,
    Paragraph,
    Section,
    Subsection,
    Table,
)


def _month(day) -> str:
    return f"{day:%B %Y}" if day else ""


def _source_name(recommendation) -> str:
    source = recommendation.source()
    if source is None:
        return ""
    if hasattr(source, "rapid_review"):  # a practice review
        return f"Practice review “{source.rapid_review.incident.pseudonym}”"
    if hasattr(source, "incident"):  # a rapid review
        return f"Rapid review “{source.incident.pseudonym}”"
    if hasattr(source, "pseudonym"):  # a legacy review
        return f"{source.get_kind_display()} “{source.pseudonym}”"
    return f"National review: {source.title}"


def build_case_reviews(ctx, spec: SectionSpec) -> list[Section]:
    src = ctx.src
    section = new_section(spec)
    group = next((g for g in src.subgroups if g.handles_case_reviews), None)
    rapid = src.rapid_reviews
    practice = src.practice_reviews
    in_progress = [r for r in practice if not r.published_on or r.published_on > src.end]
    published = [r for r in practice if r.published_on and r.published_on <= src.end]
    commissioned = [r for r in practice if src.start <= r.decision_on <= src.end]

    intro = (
        "When a child dies or is seriously harmed and abuse or neglect is known or suspected, "
        "the partners hold a rapid review and decide whether a local child safeguarding "
        "practice review would bring learning. Reviews are not about blame: they find what "
        "agencies can do better. Children are named only by a pseudonym."
    )
    if group:
        intro += f" The {group.name} oversees this work for the partnership."
    section.blocks.append(Paragraph(intro))
    counts = [
        ("Serious incidents notified to the national Panel", src.incidents_notified),
        ("Rapid reviews completed", len(rapid)),
        ("Local practice reviews commissioned", len(commissioned)),
        ("Local practice reviews in progress at the end of the period", len(in_progress)),
        ("Local practice reviews published in the period", len(published)),
    ]
    # The same rule as every other figure: a count under 5 is published as "fewer than 5".
    section.blocks.append(Facts([Fact(label, published_count(n)) for label, n in counts]))
    small = [f"{label}: {n}" for label, n in counts if published_count(n) != f"{n:,}"]
    if small:
        section.blocks.append(
            Note(
                "Shown as “fewer than 5” when published, so no child can be identified: "
                + "; ".join(small)
                + "."
            )
        )

    if rapid:
        section.subsections.append(
            Subsection(
                "Rapid reviews",
                [
                    Paragraph(
                        f"The partners completed {published_count(len(rapid), 'rapid review')} "
                        "and sent them to the national Panel."
                    ),
                    Table(
                        caption="Rapid reviews sent to the national Panel in the period",
                        columns=[Column("Review"), Column("Sent to the Panel"), Column("Outcome")],
                        rows=[
                            [
                                r.incident.pseudonym,
                                day_text(r.sent_to_panel_on),
                                r.get_decision_display() or "Not decided",
                            ]
                            for r in rapid
                        ],
                    ),
                ],
                anchor=f"{section.anchor}-rapid",
            )
        )

    blocks = []
    for review in practice:
        pseudonym = review.rapid_review.incident.pseudonym
        text = f"“{pseudonym}”: commissioned {day_text(review.decision_on)}"
        if review.reviewer:
            text += ", independent reviewer appointed"
        if review.published_on and review.published_on <= src.end:
            text += f"; published {day_text(review.published_on)}."
        else:
            text += f"; {review.get_status_display().lower()}."
        blocks.append(Paragraph(text))
        for hold in review.holds.all():
            line = f"Paused {day_text(hold.held_on)}: {hold.reason}"
            if hold.resumed_on:
                line += f" Resumed {day_text(hold.resumed_on)}: {hold.resumption_reason}"
            blocks.append(Paragraph(line))
        if review.planned_publication_on and not review.published_on:
            blocks.append(
                Paragraph(f"Publication is planned for {_month(review.planned_publication_on)}.")
            )
        if review.publication_url and review.published_on:
            blocks.append(Paragraph(f"The review: {review.publication_url}"))
    if not practice:
        blocks.append(
            Paragraph(
                "No local child safeguarding practice review was in progress or published "
                "in the period."
            )
        )
    section.subsections.append(
        Subsection(
            "Local child safeguarding practice reviews", blocks, anchor=f"{section.anchor}-cspr"
        )
    )
    # With no practice review, the rapid reviews' decisions are what the partners did on
    # reviews; a period with neither has nothing to show yet.
    if practice:
        section.evidence.append(
            Evidence(
                "cspr",
                f"{plural(len(in_progress), 'review')} in progress, {len(published)} published",
            )
        )
    elif rapid:
        section.evidence.append(
            Evidence("cspr", f"{plural(len(rapid), 'rapid review')}; no local review in progress")
        )

    if src.legacy_reviews:
        items = []
        for review in src.legacy_reviews:
            line = (
                f"{review.get_kind_display()} “{review.pseudonym}”, published "
                f"{day_text(review.published_on)}"
            )
            if review.learning:
                line += f". Learning: {review.learning}"
            if review.publication_url:
                line += f" ({review.publication_url})"
            items.append(line)
            section.evidence.append(Evidence("cspr", f"Learning from “{review.pseudonym}”"))
        board = src.partnership.predecessor_board or "the predecessor board"
        section.subsections.append(
            Subsection(
                f"Reviews completed by {board}",
                [BulletList(items)],
                anchor=f"{section.anchor}-legacy",
            )
        )

    learning = []
    for briefing in src.briefings:
        line = f"{briefing.title} ({_month(briefing.published_on)})"
        if briefing.summary:
            line += f": {briefing.summary}"
        learning.append(line)
    if learning:
        section.subsections.append(
            Subsection(
                "Sharing the learning", [BulletList(learning)], anchor=f"{section.anchor}-learning"
            )
        )
        section.evidence.append(Evidence("cspr", f"{plural(len(learning), 'learning briefing')}"))

    if src.national_reviews:
        items = [
            f"{n.title} (considered {_month(n.considered_on)})"
            + (f": {n.implications}" if n.implications else "")
            for n in src.national_reviews
        ]
        section.subsections.append(
            Subsection(
                "National reviews considered",
                [BulletList(items)],
                anchor=f"{section.anchor}-national",
            )
        )
        section.evidence.append(
            Evidence("review_actions", f"{plural(len(items), 'national review')} considered")
        )

    if src.recommendations:
        rows = []
        for rec in src.recommendations:
            rows.append(
                [
                    _source_name(rec),
                    (f"{rec.number}. " if rec.number else "") + rec.text,
                    rec.get_status_display(),
                    rec.progress or "",
                    f"{rec.actions_done} of {rec.actions_total} completed"
                    if rec.actions_total
                    else "None recorded",
                ]
            )
        section.subsections.append(
            Subsection(
                "Actions on review recommendations",
                [
                    Table(
                        caption="Recommendations of local and national reviews, and the actions "
                        "taken",
                        columns=[
                            Column("Review"),
                            Column("Recommendation"),
                            Column("Status"),
                            Column("Progress"),
                            Column("Actions"),
                        ],
                        rows=rows,
                    )
                ],
                anchor=f"{section.anchor}-recommendations",
            )
        )
        section.evidence.append(
            Evidence("review_actions", f"{plural(len(rows), 'recommendation')} with their actions")
        )
        for rec in src.recommendations:
            if rec.impact_evidence:
                section.evidence.append(Evidence("impact", f"Recommendation: {rec.text[:80]}"))
    return [section]
