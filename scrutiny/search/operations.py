"""Migration operations for indexes that exist only on PostgreSQL.

GIN indexes (and the btree_gin extension that lets one hold the partnership column next
to the search vector) are PostgreSQL's; on SQLite the search falls back to LIKE and these
operations change only the migration state.
"""

from django.db import migrations


class PostgresOnly:
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddIndexOnPostgres(PostgresOnly, migrations.AddIndex):
    pass


class RemoveIndexOnPostgres(PostgresOnly, migrations.RemoveIndex):
    pass
