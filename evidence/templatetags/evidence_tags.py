from decimal import Decimal

from django import template

from evidence.budget import whole_pounds

register = template.Library()


@register.filter
def pounds(amount) -> str:
    """Whole pounds with separators: 171756.60 → "171,757"; negatives keep a minus sign."""
    if amount is None or amount == "":
        return ""
    value = whole_pounds(Decimal(amount))
    return f"−{abs(value):,}" if value < 0 else f"{value:,}"


@register.filter
def signed(value) -> str:
    """+36.1 or −12 (a true minus sign), for changes."""
    if value is None:
        return ""
    number = Decimal(value)
    text = f"{abs(number):,}"
    if number > 0:
        return f"+{text}"
    if number < 0:
        return f"−{text}"
    return text


@register.filter
def absolute(value):
    return abs(value) if value is not None else None


@register.filter
def number(value) -> str:
    """4012.00 → "4,012"; 47.90 → "47.9"; None → ""."""
    if value is None or value == "":
        return ""
    n = Decimal(value)
    if n == n.to_integral_value():
        return f"{int(n):,}"
    return f"{n.normalize():,f}"


@register.filter
def signed_number(value) -> str:
    """Like ``number`` with a plus or a true minus sign: +181, −14.6."""
    if value is None:
        return ""
    n = Decimal(value)
    text = number(abs(n))
    return f"+{text}" if n > 0 else (f"−{text}" if n < 0 else text)
