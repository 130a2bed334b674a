"""Scrutiny and public pages: search, browsing, feeds, committee submissions, public reports."""
