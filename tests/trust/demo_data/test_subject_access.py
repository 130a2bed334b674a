"""Subject access: for a member of staff, a ZIP of JSON and a readable PDF of everything
held about them; for a child, the case review group exports the case."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from partnership.models import Person, Role
from reports.models import SectionComment, SignOff
from reviews.models import IdentifyingDetails, RestrictedAccessLog, SeriousIncident
from scrutiny.models import FeedToken
from subgroups.models import Action, ActionUpdate, AgendaItem, Attendance
from tests.trust import matrix as m

pytestmark = pytest.mark.django_db


def _unzip(response) -> dict[str, bytes]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name) for name in archive.namelist()}


def _pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def _pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("username", [m.ROLE_USERS[m.MEMBER], m.ROLE_USERS[m.IND_CHAIR]])
def test_a_subject_access_export_lists_every_record_naming_the_person(demo, as_role, username):
    home = demo["home"]
    person = Person.objects.get(partnership=home, user__username=username)
    user = person.user
    log = AccessLog.objects.create(
        username=user.username, ip_address="127.0.0.1", user_agent="test"
    )
    ActionUpdate.objects.create(
        action=Action.objects.filter(partnership=home).first(),
        note="Checked the figures.",
        date=timezone.localdate(),
        status_from="open",
        status_to="open",
        author=user,
    )
    response = as_role(m.BM).get(
        reverse("partnership:subject_access_export", args=[home.slug, person.pk])
    )
    files = _unzip(response)
    stem = f"subject-access-{person.pk}"
    assert sorted(files) == [f"{stem}.json", f"{stem}.pdf"]
    data = json.loads(files[f"{stem}.json"])
    exported = {label: {row["pk"] for row in rows} for label, rows in data["records"].items()}

    expected = {
        "partnership.Role": _pks(Role.objects.filter(person=person)),
        "subgroups.Attendance": _pks(
            Attendance.objects.filter(Q(person=person) | Q(substitute_for=person))
        ),
        "subgroups.Action": _pks(Action.objects.filter(owner=person)),
        "subgroups.ActionUpdate": _pks(ActionUpdate.objects.filter(author=user)),
        "subgroups.AgendaItem": _pks(AgendaItem.objects.filter(presenter=person)),
        "reports.SectionComment": _pks(SectionComment.objects.filter(author=person)),
        "reports.SignOff": _pks(SignOff.objects.filter(person=person)),
        "reviews.RestrictedAccessLog": _pks(
            RestrictedAccessLog.objects.filter(user=user, partnership=home)
        ),
        "scrutiny.FeedToken": _pks(FeedToken.objects.filter(user=user, partnership=home)),
    }
    for label, pks in expected.items():
        assert exported.get(label, set()) == pks, label
    assert expected["partnership.Role"] and expected["subgroups.Attendance"]
    assert data["person"]["fields"]["name"] == person.name
    sign_ins = {(row["model"], row["pk"]) for row in data["sign_in_log"]}
    assert sign_ins == {
        (model._meta.label_lower, pk)
        for model in (AccessLog, AccessAttempt, AccessFailureLog)
        for pk in model.objects.filter(username=user.username).values_list("pk", flat=True)
    }
    assert ("axes.accesslog", log.pk) in sign_ins

    text = files[f"{stem}.json"].decode()
    assert user.password not in text and "password" not in data["account"]["fields"]
    assert "token_hash" not in text
    pdf = _pdf_text(files[f"{stem}.pdf"])
    assert person.name in pdf and "subgroups.Attendance" in pdf and "Checked the figures." in pdf


def test_nobody_but_the_business_manager_exports_a_person(demo, as_role):
    home = demo["home"]
    person = Person.objects.filter(partnership=home).first()
    url = reverse("partnership:subject_access_export", args=[home.slug, person.pk])
    assert as_role(m.IND_CHAIR).get(url).status_code == 403
    assert as_role(m.OUTSIDER).get(url).status_code == 404
    other = Person.objects.filter(partnership=demo["other"]).first()
    url = reverse("partnership:subject_access_export", args=[home.slug, other.pk])
    assert as_role(m.BM).get(url).status_code == 404


def test_the_case_review_group_exports_a_childs_case_and_the_export_is_logged(demo, as_role):
    home = demo["home"]
    incident = SeriousIncident.objects.filter(
        partnership=home, identifying_details__isnull=False
    ).first()
    details = incident.identifying_details
    since = timezone.now()
    files = _unzip(
        as_role(m.CASE_REVIEW).get(reverse("reviews:case_export", args=[home.slug, incident.pk]))
    )
    stem = f"case-{incident.case_number}"
    data = json.loads(files[f"{stem}.json"])
    assert data["records"]["reviews.SeriousIncident"][0]["pk"] == incident.pk
    assert [r["pk"] for r in data["records"]["reviews.IdentifyingDetails"]] == [details.pk]
    assert details.child_name in _pdf_text(files[f"{stem}.pdf"])
    assert RestrictedAccessLog.objects.filter(
        record_type="reviews.SeriousIncident",
        record_id=incident.pk,
        action="export",
        at__gte=since,
    ).exists()
    # The scrutineers read the case by pseudonym, but never export its details.
    url = reverse("reviews:case_export", args=[home.slug, incident.pk])
    assert as_role(m.IND_CHAIR).get(url).status_code == 403
    assert as_role(m.MEMBER).get(url).status_code == 404
    assert IdentifyingDetails.objects.filter(pk=details.pk).exists()
