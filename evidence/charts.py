"""KPI charts drawn on the server with matplotlib: SVG for pages and PDF, PNG for DOCX.

The functions take plain data so the report can draw charts from its own dataclasses.
SVG text stays text (``svg.fonttype = 'none'``), so the values on the bars can be read,
searched and checked.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

BAR = "#1d70b8"  # GOV.UK blue
LATEST = "#0b0c0c"
TEXT = "#0b0c0c"


@dataclass(frozen=True)
class ChartPoint:
    label: str  # the period, e.g. "Jan–Sep 2020"
    value: Decimal | float | int | None  # None: suppressed or missing, drawn as a gap
    text: str  # what is written on the bar, e.g. "682" or "fewer than 5"


def points_for(values, *, published: bool = False) -> list[ChartPoint]:
    """Chart points from KpiValue rows; ``published`` hides suppressed small numbers."""
    points = []
    for v in values:
        if published and v.suppressed_in_publication:
            points.append(ChartPoint(v.period_label, None, v.published_text()))
        else:
            points.append(ChartPoint(v.period_label, v.value, v.indicator.format_value(v.value)))
    return points


def _figure(title: str, points: Sequence[ChartPoint], unit_label: str) -> Figure:
    fig = Figure(figsize=(7, 3.6), dpi=100)
    ax = fig.add_subplot()
    labels = [p.label for p in points]
    heights = [float(p.value) if p.value is not None else 0.0 for p in points]
    colours = [BAR] * len(points)
    if colours:
        colours[-1] = LATEST
    bars = ax.bar(range(len(points)), heights, color=colours, width=0.6)
    top = max(heights, default=0) or 1
    for bar, point in zip(bars, points, strict=True):
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            bar.get_height() + top * 0.02,
            point.text,
            ha="center",
            va="bottom",
            fontsize=10,
            color=TEXT,
        )
    ax.set_xticks(range(len(points)), labels, fontsize=9)
    ax.set_ylim(0, top * 1.18)
    ax.set_ylabel(unit_label, fontsize=9)
    ax.set_title(title, fontsize=11, loc="left", color=TEXT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=TEXT)
    fig.tight_layout()
    return fig


def kpi_chart_svg(title: str, points: Sequence[ChartPoint], unit_label: str = "") -> str:
    """An SVG bar chart, one bar per period, each labelled with its value as text."""
    fig = _figure(title, points, unit_label)
    buffer = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kpi"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def kpi_chart_png(
    title: str, points: Sequence[ChartPoint], unit_label: str = "", dpi: int = 150
) -> bytes:
    """The same chart as a PNG (for DOCX), about 1050 by 540 pixels at the default dpi."""
    fig = _figure(title, points, unit_label)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
