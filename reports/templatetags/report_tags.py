from django import template

from reports import text
from reports.renderers.charts import chart_data_uri

register = template.Library()


@register.filter
def chart_uri(chart) -> str:
    return chart_data_uri(chart)


@register.filter
def is_group_row(table, index) -> bool:
    return index in table.group_rows


@register.filter
def at(sequence, index):
    try:
        return sequence[index]
    except (IndexError, TypeError):
        return None


@register.filter
def attr_numeric(column) -> bool:
    return bool(column and column.numeric)


@register.filter
def with_the(title: str) -> str:
    return text.with_the(title)
