"""The identifying-details check others call before publishing or exporting, and the access log."""

import datetime as dt

import pytest

from reviews import textcheck
from reviews.models import RestrictedAccessLog
from reviews.services import find_identifying_details, log_restricted_access
from tests.reviews.builders import make_details, make_incident


@pytest.mark.parametrize(
    "text",
    [
        "Tallulah Quennell was seen at home.",
        "the QUENNELL family",
        "tallulah attended",
        "born 7 March 2015",
        "DOB 07/03/2015",
        "DOB 7/3/15",
        "born 2015-03-07",
        "born 7th March 2015",
        "born March 7, 2015",
        "born 7 Mar 2015",
        "lives at 14 Larkspur Row",
        "postcode WR10 9ZZ",
        "attends Brambleford Primary School",
        "Morwenna was spoken to",
        "Dezmond  Quennell (stepfather)",
        "Tallulah\nQuennell",
    ],
)
def test_identifying_details_are_found_in_many_forms(details, partnership, text):
    assert find_identifying_details(partnership, text)


@pytest.mark.parametrize(
    "text",
    [
        "Child K (WS-2026-01) was seen at home.",
        "The annual report for 2015.",
        "Larkspurs and quenelles",  # parts of words do not count
        "7 March 2016",
        "",
    ],
)
def test_text_using_only_the_pseudonym_passes(details, partnership, text):
    assert find_identifying_details(partnership, text) == []


def test_matches_are_returned_as_written_in_the_text_longest_first(details, partnership):
    found = find_identifying_details(
        partnership, "We met tallulah quennell at Brambleford Primary School."
    )
    assert found[0] in ("Brambleford Primary School", "tallulah quennell")
    assert "tallulah quennell" in found
    assert "Morwenna" not in found


def test_another_partnerships_cases_are_not_checked(details, other_partnership):
    assert find_identifying_details(other_partnership, "Tallulah Quennell") == []


def test_every_case_of_the_partnership_is_checked(partnership, details):
    other = make_incident(partnership=partnership)
    make_details(
        incident=other,
        child_name="Bartholomew Ffoulkes",
        date_of_birth=None,
        address="",
        school="",
        family_members="",
    )
    assert find_identifying_details(partnership, "about Bartholomew") == ["Bartholomew"]


def test_short_name_parts_are_not_searched_alone():
    assert textcheck.name_terms("Jo Li Smithers") == ["Jo Li Smithers", "Smithers"]


def test_date_forms_cover_the_common_ways_of_writing_a_date():
    forms = textcheck.date_forms(dt.date(2015, 3, 7))
    for expected in ["7 March 2015", "07/03/2015", "2015-03-07", "7th March 2015", "07.03.2015"]:
        assert expected in forms


def test_log_restricted_access_records_who_what_when(partnership, business_manager, incident):
    entry = log_restricted_access(business_manager, incident, RestrictedAccessLog.Action.EXPORT)
    assert entry.partnership == partnership
    assert entry.username == business_manager.username
    assert entry.action == "export"
    assert entry.record_label == "Child K (WS-2026-01)"
    assert entry.record_type == "reviews.SeriousIncident"
    assert entry.at is not None


def test_log_of_identifying_details_names_only_the_case(partnership, business_manager, details):
    entry = log_restricted_access(business_manager, details)
    assert "Quennell" not in entry.record_label
    assert entry.partnership == partnership
