"""Every form page of the product, as the role that fills it in on the demo data: dates are
the GOV.UK three boxes (never a browser date picker or a one-box date), and no text box
carries a ``maxlength`` that would cut pasted text without a word."""

from __future__ import annotations

import re

import pytest

from tests.trust.demo_data.helpers import build_url, case_for
from tests.trust.demo_data.test_bad_input import fields_of, form_urls, role_for

ONE_BOX_DATE = re.compile(r'<input[^>]*name="[a-z_]*(_on|date|_from|_to|_start|_end)"', re.I)


@pytest.mark.parametrize("name", form_urls())
def test_every_form_page_has_one_kind_of_date_input_and_no_silent_limit(name, demo, as_role):
    case = case_for(name)
    url = build_url(name, case, demo["home"])
    client = as_role(role_for(case))
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return
    if fields_of(client, url) is None:
        return
    page = response.content.decode()
    assert 'type="date"' not in page, f"{name} has a browser date picker"
    assert "maxlength=" not in page, f"{name} cuts pasted text at a limit without a word"
    one_box = [m.group(0) for m in ONE_BOX_DATE.finditer(page) if 'type="hidden"' not in m.group(0)]
    assert not one_box, f"{name} has a one-box date: {one_box}"
