import django.contrib.postgres.indexes
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

from scrutiny.search.operations import AddIndexOnPostgres, RemoveIndexOnPostgres


class Migration(migrations.Migration):
    """Every search runs inside one partnership: one GIN index over (partnership, search
    vector) finds a partnership's matches without reading every partnership's. btree_gin
    lets a GIN index hold the partnership column; it is a trusted extension (PostgreSQL 13
    and later), so the database owner may create it."""

    dependencies = [
        ("scrutiny", "0002_submission_report"),
    ]

    operations = [
        BtreeGinExtension(),
        AddIndexOnPostgres(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["partnership", "search_vector"], name="search_entry_partner_vector"
            ),
        ),
        RemoveIndexOnPostgres(model_name="searchentry", name="search_entry_vector_gin"),
    ]
