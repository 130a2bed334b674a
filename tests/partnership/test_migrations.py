"""Working Together 2023: existing records are migrated, not rebuilt. Statutory partner leads
become delegated safeguarding partners; relevant agencies get their Schedule category."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("partnership", "0003_records_version")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_statutory_partner_lead_becomes_the_partners_delegated_safeguarding_partner():
    old = migrate(BEFORE)
    Partnership = old.get_model("partnership", "Partnership")
    Organisation = old.get_model("partnership", "Organisation")
    Person = old.get_model("partnership", "Person")
    Role = old.get_model("partnership", "Role")
    p = Partnership.objects.create(name="Oldshire", short_name="OSCP", slug="oldshire", area="")
    police = Organisation.objects.create(
        partnership=p, name="Oldshire Police", kind="police", category="police_justice"
    )
    lead = Person.objects.create(partnership=p, name="Olive Lead", organisation=police)
    chair = Person.objects.create(partnership=p, name="Ian Chair")
    Role.objects.create(
        person=lead,
        kind="partner_lead",
        organisation=police,
        title="Delegated lead for the police",
        valid_from=dt.date(2019, 9, 29),
    )
    Role.objects.create(person=chair, kind="independent_chair", valid_from=dt.date(2019, 9, 29))
    Organisation.objects.create(
        partnership=p, name="Oldshire schools", kind="relevant_agency", category="education"
    )
    Organisation.objects.create(
        partnership=p, name="Oldshire Youth Trust", kind="relevant_agency", category="voluntary"
    )

    new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    try:
        Role = new.get_model("partnership", "Role")
        migrated = Role.objects.get(person__name="Olive Lead")
        assert migrated.kind == "delegated_partner"
        assert migrated.organisation.name == "Oldshire Police"
        assert migrated.title == "Delegated lead for the police"
        assert migrated.valid_from == dt.date(2019, 9, 29) and migrated.valid_to is None
        assert Role.objects.get(person__name="Ian Chair").kind == "independent_chair"
        assert new.get_model("partnership", "Partnership").objects.get().sign_off_rule == "edition"
        # Relevant agencies get the Schedule heading of their sector, dated from June 2018.
        categories = new.get_model("partnership", "AgencyCategory").objects.order_by(
            "organisation__name"
        )
        assert [(c.organisation.name, c.category, c.valid_from) for c in categories] == [
            ("Oldshire Youth Trust", "miscellaneous", dt.date(2018, 6, 29)),
            ("Oldshire schools", "education_childcare", dt.date(2018, 6, 29)),
        ]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
