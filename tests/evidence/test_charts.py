"""Charts are drawn on the server: the SVG carries its values as text, the PNG is an image."""

import datetime as dt
import struct

from evidence.charts import ChartPoint, kpi_chart_png, kpi_chart_svg, points_for
from evidence.models import KpiValue
from tests.evidence.builders import make_indicator, make_value

POINTS = [ChartPoint("Jan–Sep 2019", 501, "501"), ChartPoint("Jan–Sep 2020", 682, "682")]


def test_svg_chart_contains_the_values_and_period_labels_as_text():
    svg = kpi_chart_svg("Concerns about under-ones", POINTS, "Number")
    assert svg.lstrip().startswith("<?xml")
    assert "<svg" in svg
    for text in ("501", "682", "Jan–Sep 2019", "Jan–Sep 2020", "Concerns about under-ones"):
        assert f">{text}<" in svg, text


def test_svg_chart_is_the_same_for_the_same_data():
    assert kpi_chart_svg("A", POINTS) == kpi_chart_svg("A", POINTS)


def test_png_chart_is_a_png_of_a_sensible_size():
    png = kpi_chart_png("Concerns about under-ones", POINTS, "Number")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1050, 540)
    assert 5_000 < len(png) < 200_000


def test_published_points_hide_suppressed_small_numbers(partnership):
    indicator = make_indicator(partnership=partnership, name="Private fostering")
    make_value(indicator=indicator, start=dt.date(2019, 10, 1), end=dt.date(2020, 3, 31), value=60)
    make_value(indicator=indicator, start=dt.date(2020, 4, 1), end=dt.date(2020, 9, 30), value=3)
    values = KpiValue.objects.filter(indicator=indicator).select_related("indicator")
    published = points_for(values, published=True)
    assert [(p.value, p.text) for p in published] == [(60, "60"), (None, "fewer than 5")]
    svg = kpi_chart_svg(indicator.name, published)
    assert ">fewer than 5<" in svg
    assert ">3<" not in svg


def test_internal_points_show_every_value(partnership):
    indicator = make_indicator(partnership=partnership)
    make_value(indicator=indicator, start=dt.date(2020, 4, 1), end=dt.date(2020, 9, 30), value=3)
    points = points_for(KpiValue.objects.filter(indicator=indicator).select_related("indicator"))
    assert [p.text for p in points] == ["3"]


def test_a_chart_with_no_points_still_draws():
    assert "<svg" in kpi_chart_svg("Nothing yet", [])
    assert kpi_chart_png("Nothing yet", [])[:4] == b"\x89PNG"
