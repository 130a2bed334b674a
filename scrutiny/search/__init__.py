"""Search across minutes, decisions, actions and published reports.

``scrutiny.search.index`` keeps the index table in step with the records;
``scrutiny.search.query`` searches it with the reader's permissions applied.
"""
