"""Papers are not in the admin: its file widgets link to storage addresses, and papers
are served only through ``papers.views``, which checks the reader's access each time."""
