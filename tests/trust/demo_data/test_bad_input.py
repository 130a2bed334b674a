"""Hostile input to every form in the product: never a 500, never stored script that runs.

Forms are found by walking the URL configuration: every URL whose page, requested by the
role the permission matrix allows (the business manager first), holds a POST form. Field
names come from that form; hypothesis fills them with random text, huge strings, odd
unicode, HTML and script, impossible dates and out-of-range numbers.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.trust import matrix as m
from tests.trust.demo_data.helpers import build_url, case_for, request, url_names
from tests.trust.html_forms import main_form

SCRIPT = "<script>alert('x')</script>"
NASTY = [
    "",
    " ",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "x" * 20_000,
    "\x00",
    "Zoë 👩‍👧 \u202eevil\u202c ﷽",
    "31/02/2020",
    "2020-13-45",
    "0000-00-00",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "3.14159",
    "../../etc/passwd",
    "Robert'); DROP TABLE partnership_partnership;--",
]
value = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))

# Roles tried in this order: the first the matrix allows to GET the page fills its form.
PREFERENCE = [m.BM, m.CHAIR, m.CASE_REVIEW, m.MEMBER, m.IND_CHAIR, m.SCRUTINY]
# Forms whose POST signs the user out or changes how they sign in.
SKIP = {"logout", "login", "otp_setup", "otp_verify"}


def form_urls() -> list[str]:
    names = []
    for name in url_names():
        if name.startswith("admin:") or name in SKIP or name not in m.MATRIX:
            continue
        case = m.MATRIX[name]
        if any(
            case.get.expected(r) == m.OK and case.post_rule.expected(r) == m.OK for r in PREFERENCE
        ):
            names.append(name)
    return names


def role_for(case: m.Case) -> str:
    return next(
        r for r in PREFERENCE if case.get.expected(r) == m.OK and case.post_rule.expected(r) == m.OK
    )


def fields_of(client, url):
    response = client.get(url)
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return None
    return main_form(response.content.decode())


@pytest.mark.parametrize("name", form_urls())
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # a failure is reported as found, unshrunk
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_input_never_breaks_a_form(name, data, demo, as_role):
    case = case_for(name)
    url = build_url(name, case, demo["home"])
    client = as_role(role_for(case))
    form = fields_of(client, url)
    if form is None or not form.fields:
        return  # no form on this page (a read-only page or a download)
    sent = form.data()
    for field in form.fields:
        if (
            field.kind in {"hidden", "submit", "button", "file"}
            or field.name == "csrfmiddlewaretoken"
        ):
            continue
        if field.kind in {"select", "radio", "checkbox"} and field.options:
            sent[field.name] = data.draw(st.one_of(st.sampled_from(field.options), value))
        else:
            sent[field.name] = data.draw(value, label=field.name)
    # The form may post elsewhere (a detail page's "add" form): send it where it goes.
    response, _ = request(client, "POST", form.action or url, sent)
    assert response.status_code < 500
    page = response.content.decode(errors="replace")
    assert SCRIPT not in page, "script was echoed unescaped"
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        assert "govuk-error" in page or "govuk-notification-banner" in page, (
            f"{name}: the input was neither saved nor refused with a message"
        )


def test_stored_script_is_escaped_where_it_is_shown(demo, as_role):
    """Minutes saved with a script tag come back as text, not as a script."""
    case = case_for("subgroups:item_edit")
    url = build_url("subgroups:item_edit", case, demo["home"])
    client = as_role(m.CHAIR)
    sent = fields_of(client, url).data()
    sent["minutes"] = f"Noted. {SCRIPT}"
    response = client.post(url, sent)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Noted. &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert SCRIPT not in page
