import datetime as dt

import pytest
from django.core.files.storage import storages
from django.utils import timezone

from papers import services
from partnership.models import Role
from tests.factories import make_meeting, make_member


@pytest.fixture
def meeting(subgroup):
    # A Monday: five working days before it is the Monday before.
    return make_meeting(
        subgroup=subgroup, starts_at=timezone.make_aware(dt.datetime(2030, 3, 18, 10, 0))
    )


@pytest.fixture
def agenda(meeting):
    return services.start_agenda(meeting=meeting)


@pytest.fixture
def member(partnership, subgroup):
    return make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)


@pytest.fixture
def stored_files():
    """Every file name in the papers storage now."""

    def names():
        storage = storages["papers"]
        found = []

        def walk(folder):
            try:
                dirs, files = storage.listdir(folder)
            except FileNotFoundError:
                return
            found.extend(f"{folder}/{f}" if folder else f for f in files)
            for d in dirs:
                walk(f"{folder}/{d}" if folder else d)

        walk("")
        return set(found)

    return names


@pytest.fixture(autouse=True)
def papers_storage(settings, tmp_path):
    """Each test's papers in a folder of its own, so what it stored is all it finds."""
    settings.STORAGES = {
        **settings.STORAGES,
        "papers": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "papers")},
        },
    }
