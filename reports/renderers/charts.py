"""Charts for the renderers: SVG (embedded as a data URI) for HTML and PDF, PNG for DOCX.

Drawn by the evidence app's matplotlib functions from the document's plain data.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from reports.document import Chart


def _key(chart: Chart):
    return (chart.title, chart.unit, tuple((b.label, b.value, b.text) for b in chart.bars))


@lru_cache(maxsize=128)
def _svg(key) -> str:
    from evidence.charts import ChartPoint, kpi_chart_svg

    title, unit, bars = key
    return kpi_chart_svg(title, [ChartPoint(*b) for b in bars], unit)


@lru_cache(maxsize=128)
def _png(key) -> bytes:
    from evidence.charts import ChartPoint, kpi_chart_png

    title, unit, bars = key
    return kpi_chart_png(title, [ChartPoint(*b) for b in bars], unit)


def chart_svg(chart: Chart) -> str:
    return _svg(_key(chart))


def chart_data_uri(chart: Chart) -> str:
    """An <img> source: the page's Content-Security-Policy forbids inline SVG styles."""
    encoded = base64.b64encode(chart_svg(chart).encode()).decode()
    return f"data:image/svg+xml;base64,{encoded}"


def chart_png(chart: Chart) -> bytes:
    return _png(_key(chart))
