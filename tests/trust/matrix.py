"""The permission matrix: every URL of the product × every role → allowed, 403, 404 or sign-in.

One entry per URL name. ``tests/trust/test_permission_matrix.py`` walks the URL
configuration, requests every URL as every role (GET and POST) with a real record of the
demo data, and checks the answer against this table; a URL without an entry fails.
``docs/permissions.md`` is generated from this module:

    SECRET_KEY=x python -m tests.trust.matrix      # rewrites the table in docs/permissions.md

Roles are the demo users of Worcestershire (see ``ROLE_USERS``). Records are taken from
the QAPP sub-group where the record belongs to a sub-group, so "chair of this sub-group"
is the QAPP chair and "chair of another sub-group" is the GET SAFE chair.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# --- roles ------------------------------------------------------------------------------
ANON = "anonymous"
PUBLIC = "public"  # signed in, but holds no role in any partnership
SCRUTINY = "scrutiny"
MEMBER = "member"
CHAIR = "chair"
OTHER_CHAIR = "other_chair"
CASE_REVIEW = "case_review"
IND_CHAIR = "independent_chair"
LEAD = "delegated_partner"
LSP = "lead_partner"
BM = "business_manager"
OUTSIDER = "other_partnership"
SUPERUSER = "superuser"

ROLES = [
    ANON,
    PUBLIC,
    SCRUTINY,
    MEMBER,
    CHAIR,
    OTHER_CHAIR,
    CASE_REVIEW,
    IND_CHAIR,
    LEAD,
    LSP,
    BM,
    OUTSIDER,
    SUPERUSER,
]

ROLE_LABELS = {
    ANON: "Anonymous (not signed in)",
    PUBLIC: "Public: signed in, no role",
    SCRUTINY: "Scrutiny panel member",
    MEMBER: "Sub-group member",
    CHAIR: "Chair of this sub-group",
    OTHER_CHAIR: "Chair of another sub-group",
    CASE_REVIEW: "Case review group member",
    IND_CHAIR: "Independent chair",
    LEAD: "Delegated safeguarding partner",
    LSP: "Lead safeguarding partner",
    BM: "Business manager (staff)",
    OUTSIDER: "User of another partnership",
    SUPERUSER: "Django superuser (no role)",
}

# Demo usernames (partnership/demo.py); PUBLIC and SUPERUSER are made by the test.
ROLE_USERS = {
    SCRUTINY: "scrutiny.worcs",
    MEMBER: "member.qapp.worcs",
    CHAIR: "chair.qapp.worcs",
    OTHER_CHAIR: "chair.getsafe.worcs",
    CASE_REVIEW: "member.cspr.worcs",
    IND_CHAIR: "chair.worcs",
    LEAD: "lead.police.worcs",
    LSP: "lsp.police.worcs",
    BM: "bm.worcs",
    OUTSIDER: "bm.walsall",
}

MEMBERS = frozenset({SCRUTINY, MEMBER, CHAIR, OTHER_CHAIR, CASE_REVIEW, IND_CHAIR, LEAD, LSP, BM})
NOT_SCRUTINY = MEMBERS - {SCRUTINY}
READ_EVERYTHING = frozenset({IND_CHAIR, LEAD, LSP, BM})
CASE_REVIEWERS = frozenset({BM, CASE_REVIEW})
EDITORS_OF_QAPP = frozenset({BM, CHAIR})
# Members who neither belong to QAPP nor read everything: a restricted QAPP record is
# hidden from them (404), as if it did not exist.
OUTSIDE_QAPP = frozenset({SCRUTINY, OTHER_CHAIR, CASE_REVIEW})
NOBODY: frozenset[str] = frozenset()

OK, LOGIN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, ADMIN_LOGIN, OTP = (
    "ok",
    "login",
    "403",
    "404",
    "405",
    "admin_login",
    "otp",
)


@dataclass(frozen=True)
class Rule:
    """Who gets what. Members of the partnership not in ``ok`` or ``hidden`` get 403;
    people outside it (no role, another partnership, a superuser without a role) get 404;
    anonymous visitors are sent to sign in. ``fixed`` overrides any role."""

    ok: frozenset = NOBODY
    hidden: frozenset = NOBODY
    fixed: dict = field(default_factory=dict)

    def expected(self, role: str) -> str:
        if role in self.fixed:
            return self.fixed[role]
        if role in self.ok:
            return OK
        if role == ANON:
            return LOGIN
        if role in self.hidden or role not in MEMBERS:
            return NOT_FOUND
        return FORBIDDEN


def only(*roles, hidden=NOBODY, **fixed) -> Rule:
    ok = frozenset().union(*[r if isinstance(r, frozenset) else {r} for r in roles])
    return Rule(ok=ok, hidden=frozenset(hidden), fixed=fixed)


def fixed_all(outcome: str, **overrides) -> dict:
    return {role: overrides.get(role, outcome) for role in ROLES}


EVERYONE = Rule(fixed={role: OK for role in ROLES})
SIGNED_IN = Rule(fixed={role: (LOGIN if role == ANON else OK) for role in ROLES})
ALL_MEMBERS = only(MEMBERS)
# The independent chair and the partner leads read case reviews by pseudonym and case
# number; editing and the identifying details are refused them (403: they know the case).
SCRUTINEERS = frozenset({IND_CHAIR, LEAD, LSP})
CASE_REVIEW_ONLY = only(CASE_REVIEWERS, hidden=MEMBERS - CASE_REVIEWERS - SCRUTINEERS)
CASE_REVIEW_READ = only(CASE_REVIEWERS | SCRUTINEERS, hidden=MEMBERS - CASE_REVIEWERS - SCRUTINEERS)
# Read pages of case reviews, open to the scrutineers too.
CASE_REVIEW_READ_PAGES = {
    "review_list",
    "deadlines",
    "incident_detail",
    "practice_review_detail",
    "legacy_review_detail",
    "national_review_detail",
    "recommendation_detail",
}


@dataclass(frozen=True)
class Case:
    """One URL: what the page is, the record it is requested with, and who may use it."""

    page: str
    get: Rule
    post: Rule | None = None  # None: the same as GET
    obj: Callable | None = None  # partnership -> a record of that partnership
    kwargs: Callable | None = None  # record -> URL kwargs besides the partnership slug
    record: str = ""  # which record, for the docs

    @property
    def post_rule(self) -> Rule:
        return self.post or self.get


# --- record pickers (imported lazily so that the docs can be generated without Django) --
def qapp(p):
    return (
        p.subgroups.get(slug="qapp")
        if p.slug == "worcestershire"
        else p.subgroups.order_by("order")
        .filter(is_executive=False, handles_case_reviews=False)
        .first()
    )


def meeting(p, **filters):
    from subgroups.models import Meeting

    return Meeting.objects.filter(subgroup=qapp(p), **filters).order_by("-starts_at").first()


def action(p):
    from subgroups.models import Action

    return Action.objects.filter(subgroup=qapp(p)).order_by("pk").first()


def incident(p):
    from reviews.models import SeriousIncident

    return SeriousIncident.objects.filter(partnership=p).order_by("pk").first()


def incident_with_rapid_review(p):
    from reviews.models import SeriousIncident

    return (
        SeriousIncident.objects.filter(partnership=p, rapid_review__isnull=False)
        .order_by("pk")
        .first()
    )


def practice_review(p):
    from reviews.models import PracticeReview

    return (
        PracticeReview.objects.filter(rapid_review__incident__partnership=p).order_by("pk").first()
    )


def milestone(p):
    from reviews.models import Milestone

    return (
        Milestone.objects.filter(practice_review__rapid_review__incident__partnership=p)
        .order_by("pk")
        .first()
    )


def draft_meeting(p):
    return meeting(p, minutes_status="draft", status="held") or meeting(p, minutes_status="draft")


def draft_item(p):
    from subgroups.models import AgendaItem

    return AgendaItem.objects.filter(meeting=draft_meeting(p)).order_by("order").first()


def draft_decision(p):
    from subgroups.models import Decision

    found = Decision.objects.filter(item__meeting=draft_meeting(p)).order_by("pk").first()
    if (
        found is None and draft_item(p) is not None
    ):  # the demo may record decisions on confirmed minutes only
        found = Decision.objects.create(item=draft_item(p), text="RESOLVED: the audit be noted.")
    return found


def owned_action(p):
    """A QAPP action owned by the QAPP member (who may update it, not edit it)."""
    from subgroups.models import Action

    return (
        Action.objects.filter(subgroup=qapp(p), owner__user__username=ROLE_USERS[MEMBER])
        .order_by("pk")
        .first()
        if p.slug == "worcestershire"
        else action(p)
    )


def submission(p):
    from scrutiny.models import CommitteeSubmission

    return CommitteeSubmission.objects.filter(partnership=p).order_by("pk").first()


def question(p):
    from scrutiny.models import CommitteeQuestion

    return CommitteeQuestion.objects.filter(submission__partnership=p).order_by("pk").first()


def committee_action(p):
    from scrutiny.models import CommitteeAction

    return CommitteeAction.objects.filter(submission__partnership=p).order_by("pk").first()


def failed_message(p):
    """An email to the partnership that could not be delivered (the demo sends none)."""
    from notifications.models import Message

    found = Message.objects.filter(partnership=p, status=Message.Status.FAILED).first()
    return found or Message.objects.create(
        kind="minutes_circulated",
        partnership=p,
        to="gone@example.org",
        subject="Draft minutes circulated",
        text_body="-",
        status=Message.Status.FAILED,
        attempts=5,
        last_error="SMTPRecipientsRefused: 550 no such user",
    )


# Feed secrets are issued by the test (only hashes are stored): {(slug, kind): secret}.
FEED_SECRETS: dict = {}


def feed_secret(kind: str):
    return lambda p: FEED_SECRETS.get((p.slug, kind))


def bm_feed(p):
    from scrutiny.models import FeedToken

    return FeedToken.objects.filter(partnership=p, user__username__startswith="bm.").first()


def model_in(model_path: str):
    def pick(p):
        from django.apps import apps

        from partnership.scoping import for_partnership

        return for_partnership(apps.get_model(model_path), p).order_by("pk").first()

    return pick


def pk(o):
    return {"pk": o.pk}


def signed_in_person(p):
    """Someone of the partnership with a sign-in who is not its business manager."""
    from partnership.models import Person

    return (
        Person.objects.filter(partnership=p, user__isnull=False)
        .exclude(roles__kind="business_manager")
        .order_by("pk")
        .first()
    )


def invitation(p):
    """An open invitation (the demo has none: made here, rolled back with the test)."""
    import datetime as dt

    from django.utils import timezone

    from accounts.models import Invitation

    found = Invitation.objects.filter(partnership=p).order_by("pk").first()
    if found is None:
        person = signed_in_person(p)
        found = Invitation.objects.create(
            partnership=p,
            person=person,
            user=person.user,
            email=person.user.email or "invited@example.org",
            token_hash=f"matrix-{p.slug}",
            sent_at=timezone.now(),
            expires_at=timezone.now() + dt.timedelta(days=7),
        )
    return found


POST_ONLY = Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN))
HOST_ONLY = Rule(fixed={**fixed_all(FORBIDDEN, anonymous=LOGIN), SUPERUSER: OK})


# --- the matrix -------------------------------------------------------------------------
MATRIX: dict[str, Case] = {
    # Sign-in and public pages
    "home": Case("Start page: the user's partnerships", SIGNED_IN),
    "login": Case("Sign in", EVERYONE),
    "logout": Case(
        "Sign out (POST only)", Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)), post=EVERYONE
    ),
    # Every test user already has an app, so set-up sends them to enter a code instead.
    "otp_setup": Case("Set up an authenticator app", Rule(fixed=fixed_all(OTP, anonymous=LOGIN))),
    "otp_verify": Case("Enter a one-time password", SIGNED_IN),
    "healthz": Case("Health check", EVERYONE),
    "readyz": Case("Readiness check: database, cache, task worker", EVERYONE),
    "accessibility": Case("Accessibility statement", EVERYONE),
    "scrutiny:public_index": Case("Published reports (public)", EVERYONE),
    # Partnership
    "partnership:dashboard": Case("Partnership dashboard", ALL_MEMBERS),
    "partnership:organisation_list": Case("Organisations", ALL_MEMBERS),
    "partnership:person_list": Case("People and roles", only(NOT_SCRUTINY)),
    "partnership:arrangements": Case("Published arrangements and updates", ALL_MEMBERS),
    # Sign-ins (accounts)
    "accounts:invitation_accept": Case(
        "Accept an invitation (the link is the credential)",
        Rule(fixed=fixed_all(NOT_FOUND)),
        obj=lambda p: "no-such-invitation",
        kwargs=lambda token: {"token": token},
        record="a link that matches no invitation",
    ),
    "accounts:password_reset": Case("Ask for a password reset link", EVERYONE),
    "accounts:password_reset_done": Case(
        "Password reset: check your email (GET only)",
        EVERYONE,
        post=Rule(fixed=fixed_all(NOT_ALLOWED)),
    ),
    "accounts:password_reset_confirm": Case(
        "Choose a new password (from the emailed link)",
        EVERYONE,
        obj=lambda p: ("MQ", "bad-token"),
        kwargs=lambda pair: {"uidb64": pair[0], "token": pair[1]},
        record="a link with a wrong token",
    ),
    "accounts:password_reset_complete": Case(
        "Password reset: done (GET only)", EVERYONE, post=Rule(fixed=fixed_all(NOT_ALLOWED))
    ),
    "accounts:backup_codes": Case("Backup codes (shown once; POST makes new ones)", SIGNED_IN),
    "accounts:sso_start": Case(
        "Single sign-on: to the organisation's provider (404 when not set up)",
        Rule(fixed=fixed_all(NOT_FOUND)),
    ),
    "accounts:sso_callback": Case(
        "Single sign-on: back from the provider (404 when not set up)",
        Rule(fixed=fixed_all(NOT_FOUND)),
    ),
    "accounts:partnership_new": Case("Start a new partnership (the host)", HOST_ONLY),
    "accounts:setup_guide": Case("Set-up steps of the partnership", only(BM)),
    "accounts:invitation_list": Case("Invitations: pending, accepted, expired", only(BM)),
    "accounts:person_sign_in": Case(
        "A person's sign-in, invitations and history",
        only(BM),
        obj=signed_in_person,
        kwargs=pk,
        record="a person with a sign-in",
    ),
    "accounts:person_invite": Case(
        "Give a person a sign-in",
        only(BM),
        obj=signed_in_person,
        kwargs=pk,
        record="a person with a sign-in",
    ),
    "accounts:invitation_resend": Case(
        "Resend an invitation (POST)",
        POST_ONLY,
        post=only(BM),
        obj=invitation,
        kwargs=pk,
        record="an open invitation",
    ),
    "accounts:invitation_revoke": Case(
        "Revoke an invitation (POST)",
        POST_ONLY,
        post=only(BM),
        obj=invitation,
        kwargs=pk,
        record="an open invitation",
    ),
    "accounts:person_deactivate": Case(
        "Deactivate a sign-in (POST)",
        POST_ONLY,
        post=only(BM),
        obj=signed_in_person,
        kwargs=pk,
        record="a person with a sign-in",
    ),
    "accounts:person_reactivate": Case(
        "Reactivate a sign-in (POST)",
        POST_ONLY,
        post=only(BM),
        obj=signed_in_person,
        kwargs=pk,
        record="a person with a sign-in",
    ),
    "accounts:person_reset_authenticator": Case(
        "Reset a person's authenticator app (POST)",
        POST_ONLY,
        post=only(BM),
        obj=signed_in_person,
        kwargs=pk,
        record="a person with a sign-in",
    ),
    # Sub-groups, meetings, actions
    "subgroups:subgroup_list": Case("Sub-groups", ALL_MEMBERS),
    "subgroups:subgroup_detail": Case(
        "A sub-group", ALL_MEMBERS, obj=qapp, kwargs=lambda o: {"subgroup": o.slug}, record="QAPP"
    ),
    "subgroups:meeting_detail": Case(
        "A meeting and its minutes (GET only)",
        ALL_MEMBERS,
        post=Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)),
        obj=lambda p: meeting(p, minutes_status="confirmed"),
        kwargs=pk,
        record="a confirmed QAPP meeting",
    ),
    "subgroups:action_register": Case("Action register", ALL_MEMBERS),
    "subgroups:action_detail": Case(
        "An action (councillors: only those from public confirmed minutes)",
        only(NOT_SCRUTINY, hidden={SCRUTINY}),
        obj=action,
        kwargs=pk,
        record="a QAPP action from partnership-only minutes",
    ),
    "partnership:record_history": Case(
        "History of a record",
        only(BM, IND_CHAIR),
        obj=draft_item,
        kwargs=lambda o: {"app_label": "subgroups", "model": "agendaitem", "pk": o.pk},
        record="a QAPP agenda item",
    ),
    # Partnership set-up: the business manager
    "partnership:organisation_create": Case("Add an organisation", only(BM)),
    "partnership:organisation_edit": Case(
        "Edit an organisation",
        only(BM),
        obj=model_in("partnership.Organisation"),
        kwargs=pk,
        record="an organisation",
    ),
    "partnership:organisation_category_add": Case(
        "Add a dated category (Schedule to SI 2018/789)",
        only(BM),
        obj=lambda p: p.organisations.filter(kind="relevant_agency").order_by("pk").first(),
        kwargs=pk,
        record="a relevant agency",
    ),
    "partnership:organisation_name_add": Case(
        "Add a dated name",
        only(BM),
        obj=model_in("partnership.Organisation"),
        kwargs=pk,
        record="an organisation",
    ),
    "partnership:organisation_delete": Case(
        "Delete an organisation (refused while records depend on it)",
        only(BM),
        obj=model_in("partnership.Organisation"),
        kwargs=pk,
        record="an organisation",
    ),
    "partnership:organisation_retire": Case(
        "Record that an organisation left the partnership",
        only(BM),
        obj=lambda p: p.organisations.filter(kind="relevant_agency").order_by("pk").first(),
        kwargs=pk,
        record="a relevant agency",
    ),
    "partnership:person_delete": Case(
        "Delete a person (refused while they hold roles or records name them)",
        only(BM),
        obj=model_in("partnership.Person"),
        kwargs=pk,
        record="a person",
    ),
    "partnership:role_delete": Case(
        "Delete a role", only(BM), obj=model_in("partnership.Role"), kwargs=pk, record="a role"
    ),
    "partnership:person_create": Case("Add a person", only(BM)),
    "partnership:person_edit": Case(
        "Edit a person", only(BM), obj=model_in("partnership.Person"), kwargs=pk, record="a person"
    ),
    "partnership:role_create": Case("Add a role", only(BM)),
    "partnership:role_edit": Case(
        "Edit a role", only(BM), obj=model_in("partnership.Role"), kwargs=pk, record="a role"
    ),
    "partnership:arrangements_document_create": Case("Add an arrangements version", only(BM)),
    "partnership:arrangements_document_edit": Case(
        "Edit an arrangements version",
        only(BM),
        obj=model_in("partnership.ArrangementsDocument"),
        kwargs=pk,
        record="an arrangements document",
    ),
    "partnership:arrangements_section_add": Case(
        "Add a section to an arrangements version",
        only(BM),
        obj=model_in("partnership.ArrangementsDocument"),
        kwargs=pk,
        record="an arrangements document",
    ),
    "partnership:arrangements_approve": Case(
        "Approve an arrangements version (POST)",
        Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)),
        only(LEAD, LSP),
        obj=model_in("partnership.ArrangementsDocument"),
        kwargs=pk,
        record="an arrangements document",
    ),
    "partnership:arrangements_update_create": Case("Add an update to the arrangements", only(BM)),
    "partnership:arrangements_update_edit": Case(
        "Edit an update to the arrangements",
        only(BM),
        obj=model_in("partnership.ArrangementsUpdate"),
        kwargs=pk,
        record="an update",
    ),
    # Sub-group set-up
    "subgroups:subgroup_create": Case("Add a sub-group", only(BM)),
    "subgroups:subgroup_edit": Case(
        "Edit a sub-group", only(BM), obj=qapp, kwargs=lambda o: {"subgroup": o.slug}, record="QAPP"
    ),
    "subgroups:subgroup_chair": Case(
        "Change a sub-group's chair",
        only(BM),
        obj=qapp,
        kwargs=lambda o: {"subgroup": o.slug},
        record="QAPP",
    ),
    "subgroups:subgroup_member_add": Case(
        "Add a sub-group member",
        only(BM),
        obj=qapp,
        kwargs=lambda o: {"subgroup": o.slug},
        record="QAPP",
    ),
    "subgroups:subgroup_action_register": Case(
        "A sub-group's actions",
        ALL_MEMBERS,
        obj=qapp,
        kwargs=lambda o: {"subgroup": o.slug},
        record="QAPP",
    ),
    # Meetings and minutes: the sub-group's chair and the business manager
    "subgroups:meeting_create": Case(
        "Schedule a meeting",
        only(EDITORS_OF_QAPP),
        obj=qapp,
        kwargs=lambda o: {"subgroup": o.slug},
        record="QAPP",
    ),
    "subgroups:meeting_edit": Case(
        "Edit a meeting",
        only(EDITORS_OF_QAPP),
        obj=draft_meeting,
        kwargs=pk,
        record="a draft QAPP meeting",
    ),
    "subgroups:attendance_edit": Case(
        "Record attendance",
        only(EDITORS_OF_QAPP),
        obj=draft_meeting,
        kwargs=pk,
        record="a draft QAPP meeting",
    ),
    "subgroups:item_create": Case(
        "Add an agenda item",
        only(EDITORS_OF_QAPP),
        obj=draft_meeting,
        kwargs=pk,
        record="a draft QAPP meeting",
    ),
    "subgroups:meeting_cancel": Case(
        "Cancel a meeting (POST; its members are emailed)",
        Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)),
        post=only(EDITORS_OF_QAPP),
        obj=lambda p: meeting(p, status="scheduled", minutes_status="draft") or draft_meeting(p),
        kwargs=pk,
        record="a scheduled QAPP meeting",
    ),
    "subgroups:minutes_circulate": Case(
        "Circulate the minutes (POST)",
        Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)),
        post=only(EDITORS_OF_QAPP),
        obj=draft_meeting,
        kwargs=pk,
        record="a draft QAPP meeting",
    ),
    "subgroups:minutes_return_to_draft": Case(
        "Return minutes to draft (POST)",
        Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)),
        post=only(EDITORS_OF_QAPP),
        obj=draft_meeting,
        kwargs=pk,
        record="a draft QAPP meeting",
    ),
    "subgroups:minutes_confirm": Case(
        "Confirm the minutes (POST)",
        Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)),
        post=only(EDITORS_OF_QAPP),
        obj=draft_meeting,
        kwargs=pk,
        record="a draft QAPP meeting",
    ),
    "subgroups:item_edit": Case(
        "Edit an item's minutes",
        only(EDITORS_OF_QAPP),
        obj=draft_item,
        kwargs=lambda o: {"item_pk": o.pk},
        record="a draft QAPP item",
    ),
    "subgroups:decision_create": Case(
        "Record a decision",
        only(EDITORS_OF_QAPP),
        obj=draft_item,
        kwargs=lambda o: {"item_pk": o.pk},
        record="a draft QAPP item",
    ),
    "subgroups:meeting_delete": Case(
        "Delete a meeting (not once its minutes are confirmed)",
        only(EDITORS_OF_QAPP),
        obj=draft_meeting,
        kwargs=pk,
        record="a draft QAPP meeting",
    ),
    "subgroups:item_delete": Case(
        "Delete an agenda item (not from confirmed minutes)",
        only(EDITORS_OF_QAPP),
        obj=draft_item,
        kwargs=lambda o: {"item_pk": o.pk},
        record="a draft QAPP item",
    ),
    "subgroups:decision_delete": Case(
        "Delete a decision (not from confirmed minutes)",
        only(EDITORS_OF_QAPP),
        obj=draft_decision,
        kwargs=lambda o: {"item_pk": o.item_id, "pk": o.pk},
        record="a decision on a draft QAPP item",
    ),
    "subgroups:decision_edit": Case(
        "Edit a decision",
        only(EDITORS_OF_QAPP),
        obj=draft_decision,
        kwargs=lambda o: {"item_pk": o.item_id, "pk": o.pk},
        record="a decision on a draft QAPP item",
    ),
    "subgroups:action_create": Case(
        "Add an action",
        only(EDITORS_OF_QAPP),
        obj=draft_item,
        kwargs=lambda o: {"item_pk": o.pk},
        record="a draft QAPP item",
    ),
    "subgroups:action_delete": Case(
        "Delete an action (refused once progress is recorded or its minutes are confirmed)",
        only(EDITORS_OF_QAPP, hidden=OUTSIDE_QAPP),
        obj=owned_action,
        kwargs=pk,
        record="a QAPP action the member owns, from a restricted item",
    ),
    "subgroups:action_update": Case(
        "Update an action's status (owner)",
        only(EDITORS_OF_QAPP, MEMBER, hidden=OUTSIDE_QAPP),
        obj=owned_action,
        kwargs=pk,
        record="a QAPP action the member owns, from a restricted item",
    ),
    "subgroups:action_edit": Case(
        "Edit an action (due date, owner)",
        only(EDITORS_OF_QAPP, hidden=OUTSIDE_QAPP),
        obj=owned_action,
        kwargs=pk,
        record="a QAPP action the member owns, from a restricted item",
    ),
    # Scrutiny: reading, search, calendar, feeds, committee submissions
    "scrutiny:public_partnership": Case(
        "A partnership's published reports (public)",
        EVERYONE,
        obj=lambda p: p,
        kwargs=lambda o: {"partnership": o.slug},
        record="the partnership",
    ),
    "scrutiny:calendar_feed": Case(
        "Meetings calendar feed (secret address)",
        EVERYONE,
        obj=feed_secret("calendar"),
        kwargs=lambda t: {"token": t},
        record="a live feed token",
    ),
    "scrutiny:updates_feed": Case(
        "Minutes and reports feed (secret address)",
        EVERYONE,
        obj=feed_secret("updates"),
        kwargs=lambda t: {"token": t},
        record="a live feed token",
    ),
    "scrutiny:search": Case("Search", ALL_MEMBERS),
    "scrutiny:calendar": Case("Meetings calendar", ALL_MEMBERS),
    "scrutiny:calendar_month": Case(
        "Meetings calendar, one month",
        ALL_MEMBERS,
        obj=lambda p: p,
        kwargs=lambda o: {"year": 2020, "month": 3},
        record="March 2020",
    ),
    "scrutiny:decision_register": Case("Decisions register", ALL_MEMBERS),
    "scrutiny:minutes_pdf": Case(
        "Minutes as PDF",
        ALL_MEMBERS,
        obj=lambda p: meeting(p, minutes_status="confirmed"),
        kwargs=pk,
        record="a confirmed QAPP meeting",
    ),
    "scrutiny:feeds": Case("My feed addresses", ALL_MEMBERS),
    # Notifications: each person's own; delivery failures for the business manager
    "notifications:mine": Case("My notifications: the emails sent to me", SIGNED_IN),
    "notifications:preferences": Case("Choose my emails (immediately, daily, off)", SIGNED_IN),
    "notifications:failures": Case("Emails that could not be delivered", only(BM)),
    "notifications:failure_retry": Case(
        "Try an undelivered email again (POST)",
        Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)),
        post=only(BM),
        obj=failed_message,
        kwargs=pk,
        record="an email that could not be delivered",
    ),
    "scrutiny:feed_create": Case(
        "Make a feed address (POST)",
        Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)),
        post=Rule(hidden=MEMBERS),  # an empty form names no feed: 404
    ),
    "scrutiny:feed_revoke": Case(
        "Revoke my feed address (POST)",
        Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)),
        post=only(BM, hidden=MEMBERS),
        obj=bm_feed,
        kwargs=pk,
        record="the business manager's feed",
    ),
    "scrutiny:submission_list": Case("Committee submissions", ALL_MEMBERS),
    "scrutiny:submission_create": Case("Record a committee submission", only(BM)),
    "scrutiny:submission_detail": Case(
        "A committee submission", ALL_MEMBERS, obj=submission, kwargs=pk, record="a submission"
    ),
    "scrutiny:submission_edit": Case(
        "Edit a committee submission", only(BM), obj=submission, kwargs=pk, record="a submission"
    ),
    "scrutiny:question_create": Case(
        "Add a committee question", only(BM), obj=submission, kwargs=pk, record="a submission"
    ),
    "scrutiny:question_edit": Case(
        "Edit a committee question",
        only(BM),
        obj=question,
        kwargs=lambda o: {"pk": o.submission_id, "question_pk": o.pk},
        record="a question",
    ),
    "scrutiny:question_delete": Case(
        "Delete a committee question (POST)",
        Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)),
        post=only(BM),
        obj=question,
        kwargs=lambda o: {"pk": o.submission_id, "question_pk": o.pk},
        record="a question",
    ),
    "scrutiny:action_create": Case(
        "Add an action arising (POST)",
        Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)),
        post=only(BM),
        obj=submission,
        kwargs=pk,
        record="a submission",
    ),
    "scrutiny:action_delete": Case(
        "Delete an action arising (POST)",
        Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)),
        post=only(BM),
        obj=committee_action,
        kwargs=lambda o: {"pk": o.submission_id, "action_pk": o.pk},
        record="an action arising",
    ),
    "scrutiny:cover_report_edit": Case(
        "Edit the committee cover report",
        only(BM),
        obj=submission,
        kwargs=pk,
        record="a submission",
    ),
    "scrutiny:cover_report_docx": Case(
        "Cover report as DOCX", ALL_MEMBERS, obj=submission, kwargs=pk, record="a submission"
    ),
    "scrutiny:cover_report_pdf": Case(
        "Cover report as PDF", ALL_MEMBERS, obj=submission, kwargs=pk, record="a submission"
    ),
}


def _evidence():
    """Evidence: read by every role but the scrutiny panel; quality assurance edited by the
    QA group's chair (QAPP in the demo) and the business manager; the rest by the BM."""
    readers = only(NOT_SCRUTINY)
    qa = only(EDITORS_OF_QAPP)
    bm = only(BM)

    def rec(model):
        return model_in(f"evidence.{model}")

    def qapp_entry(p):
        from evidence.models import ActivityEntry

        return ActivityEntry.objects.filter(subgroup=qapp(p)).order_by("pk").first()

    entries = {
        "home": ("Evidence", readers, None, None, ""),
        "settings": ("Evidence settings", bm, None, None, ""),
        "activity_overview": ("Sub-group activity for the report", readers, None, None, ""),
        "subgroup_activity": (
            "A sub-group's activity (POST adds an entry)",
            readers,
            qapp,
            lambda o: {"subgroup": o.slug},
            "QAPP",
        ),
        "entry_edit": ("Edit an activity entry", qa, qapp_entry, pk, "a QAPP entry"),
        "entry_delete": ("Delete an activity entry", qa, qapp_entry, pk, "a QAPP entry"),
        "priority_list": ("Priorities", readers, None, None, ""),
        "priority_add": ("Add a priority", bm, None, None, ""),
        "priority_detail": ("A priority", readers, rec("Priority"), pk, "a priority"),
        "priority_edit": ("Edit a priority", bm, rec("Priority"), pk, "a priority"),
        "audit_list": ("Multi-agency audits", readers, None, None, ""),
        "audit_add": ("Add an audit", qa, None, None, ""),
        "audit_detail": ("An audit", readers, rec("MultiAgencyAudit"), pk, "an audit"),
        "audit_edit": ("Edit an audit", qa, rec("MultiAgencyAudit"), pk, "an audit"),
        "audit_status": ("Move an audit on (POST)", qa, rec("MultiAgencyAudit"), pk, "an audit"),
        "s11_list": ("Section 11 audits", readers, None, None, ""),
        "s11_add": ("Add a section 11 cycle", qa, None, None, ""),
        "s11_detail": (
            "A section 11 cycle (POST records a return)",
            readers,
            rec("Section11Cycle"),
            pk,
            "a cycle",
        ),
        "s11_edit": ("Edit a section 11 cycle", qa, rec("Section11Cycle"), pk, "a cycle"),
        "s11_return_edit": ("Edit a section 11 return", qa, rec("Section11Return"), pk, "a return"),
        "school_audit_list": ("School (s175/157) audits", readers, None, None, ""),
        "school_audit_add": ("Add a school audit", qa, None, None, ""),
        "school_audit_detail": (
            "A school audit",
            readers,
            rec("SchoolAudit"),
            pk,
            "a school audit",
        ),
        "school_audit_edit": ("Edit a school audit", qa, rec("SchoolAudit"), pk, "a school audit"),
        "feedback_list": ("Feedback from children and families", readers, None, None, ""),
        "feedback_add": ("Add a feedback exercise", qa, None, None, ""),
        "feedback_edit": (
            "Edit a feedback exercise",
            qa,
            rec("FeedbackExercise"),
            pk,
            "a feedback exercise",
        ),
        "indicator_list": ("KPIs", readers, None, None, ""),
        "indicator_add": ("Add a KPI", qa, None, None, ""),
        "kpi_import": ("Import KPI values from CSV", qa, None, None, ""),
        "indicator_detail": ("A KPI (POST adds a value)", readers, rec("Indicator"), pk, "a KPI"),
        "indicator_edit": ("Edit a KPI", qa, rec("Indicator"), pk, "a KPI"),
        "indicator_chart_svg": ("A KPI chart (SVG)", readers, rec("Indicator"), pk, "a KPI"),
        "indicator_chart_png": ("A KPI chart (PNG)", readers, rec("Indicator"), pk, "a KPI"),
        "value_edit": ("Edit a KPI value", qa, rec("KpiValue"), pk, "a KPI value"),
        "course_list": ("Training", readers, None, None, ""),
        "course_add": ("Add a course", qa, None, None, ""),
        "course_detail": ("A course", readers, rec("Course"), pk, "a course"),
        "course_edit": ("Edit a course", qa, rec("Course"), pk, "a course"),
        "session_add": ("Add a training session", qa, rec("Course"), pk, "a course"),
        "evaluation_add": ("Add a course evaluation", qa, rec("Course"), pk, "a course"),
        "session_detail": (
            "A training session (POST records attendance)",
            readers,
            rec("TrainingSession"),
            pk,
            "a session",
        ),
        "inspection_list": ("Inspections", readers, None, None, ""),
        "inspection_add": ("Add an inspection", bm, None, None, ""),
        "inspection_edit": ("Edit an inspection", bm, rec("Inspection"), pk, "an inspection"),
        "budget_list": ("Budget", readers, None, None, ""),
        "budget_add": ("Add a budget year", bm, None, None, ""),
        "cost_centre_add": ("Add a cost centre", bm, None, None, ""),
        "cost_centre_delete": (
            "Delete a cost centre (refused while budget lines use it)",
            bm,
            rec("CostCentre"),
            pk,
            "a cost centre",
        ),
        "cost_centre_retire": (
            "Retire a cost centre (POST)",
            bm,
            rec("CostCentre"),
            pk,
            "a cost centre",
        ),
        "budget_line_delete": (
            "Delete a budget line",
            bm,
            rec("ExpenditureLine"),
            lambda o: {"kind": "expenditure", "pk": o.pk},
            "an expenditure line",
        ),
        "budget_detail": ("A budget year", readers, rec("BudgetPeriod"), pk, "a budget year"),
        "budget_edit": ("Edit a budget year", bm, rec("BudgetPeriod"), pk, "a budget year"),
        "budget_line_add": (
            "Add a budget line",
            bm,
            rec("BudgetPeriod"),
            lambda o: {"pk": o.pk, "kind": "opening"},
            "a budget year",
        ),
    }
    posts = {  # pages whose POST is for the editors only (or that only take a POST)
        "audit_status": (Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)), qa),
        "cost_centre_retire": (Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN)), bm),
        "s11_detail": (readers, qa),
        "school_audit_detail": (readers, qa),
        "indicator_detail": (readers, qa),
        "session_detail": (readers, qa),
    }
    for name, (page, rule, obj, kwargs, record) in entries.items():
        get, post = posts.get(name, (rule, None))
        MATRIX[f"evidence:{name}"] = Case(
            page, get, post=post, obj=obj, kwargs=kwargs, record=record
        )


_evidence()
MATRIX["evidence:subgroup_activity"] = Case(
    "A sub-group's activity (POST adds an entry)",
    only(NOT_SCRUTINY),
    post=only(EDITORS_OF_QAPP),
    obj=qapp,
    kwargs=lambda o: {"subgroup": o.slug},
    record="QAPP",
)


def draft_report(p):
    from reports.models import Report

    return (
        Report.objects.filter(partnership=p, publication__isnull=True).order_by("pk").first()
        or Report.objects.filter(partnership=p).order_by("pk").first()
    )


def published_report(p):
    from reports.models import PublishedReport

    return PublishedReport.objects.filter(partnership=p).order_by("pk").first()


def distribution_task(p):
    from reports.models import DistributionTask

    return DistributionTask.objects.filter(published__partnership=p).order_by("pk").first()


def section_comment(p):
    """The independent chair's comment on the draft (the demo's reports have none: one is
    made)."""
    from partnership.models import Person
    from reports.models import SectionComment

    found = SectionComment.objects.filter(report__partnership=p).order_by("pk").first()
    if found is not None:
        return found
    return SectionComment.objects.create(
        report=draft_report(p),
        section_key="foreword",
        section_title="Foreword",
        author=Person.objects.filter(partnership=p).order_by("pk").first(),
        text="Say more about the impact of training.",
    )


def _reports():
    """The yearly report: drafts for the read-everything roles; the business manager runs
    it, the independent chair reviews, the partner leads sign off; published reports are
    public."""
    post_only = Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN))
    rid = pk
    entries = {
        "report_list": ("Yearly reports", ALL_MEMBERS, None, None, None, ""),
        "report_create": ("Start a yearly report", only(BM), None, None, None, ""),
        "section_list": ("Report structure", only(BM), None, None, None, ""),
        "section_edit": (
            "Edit a report section",
            only(BM),
            None,
            model_in("reports.ReportSectionConfig"),
            rid,
            "a section",
        ),
        "report_detail": (
            "A draft report",
            only(READ_EVERYTHING),
            None,
            draft_report,
            rid,
            "the draft report",
        ),
        "report_delete": (
            "Delete a draft report (never an approved, signed or published one)",
            only(BM),
            None,
            draft_report,
            rid,
            "the draft report",
        ),
        "narrative_edit": (
            "Write a narrative part (foreword, summary...)",
            only(BM),
            None,
            draft_report,
            lambda o: {"pk": o.pk, "key": "foreword"},
            "the draft report",
        ),
        "report_submit": (
            "Submit for scrutiny (POST)",
            post_only,
            only(BM),
            draft_report,
            rid,
            "the draft report",
        ),
        "report_decide": (
            "Approve or ask for changes (POST)",
            post_only,
            only(IND_CHAIR),
            draft_report,
            rid,
            "the draft report",
        ),
        "comment_add": (
            "Comment on a section (POST)",
            post_only,
            only(IND_CHAIR),
            draft_report,
            rid,
            "the draft report",
        ),
        "comment_reply": (
            "Answer a comment (POST)",
            post_only,
            only(IND_CHAIR, BM),
            section_comment,
            lambda o: {"pk": o.report_id, "comment_pk": o.pk},
            "a comment",
        ),
        "comment_resolve": (
            "Resolve a comment (POST)",
            post_only,
            only(IND_CHAIR),
            section_comment,
            lambda o: {"pk": o.report_id, "comment_pk": o.pk},
            "a comment",
        ),
        "report_reapprove": (
            "Approve again after the records changed (POST)",
            post_only,
            only(IND_CHAIR),
            draft_report,
            rid,
            "the draft report",
        ),
        "report_sign_off": (
            "Sign off (POST)",
            post_only,
            only(LEAD, LSP),
            draft_report,
            rid,
            "the draft report",
        ),
        "report_publish": (
            "Publish (POST)",
            post_only,
            only(BM),
            draft_report,
            rid,
            "the draft report",
        ),
        "report_new_version": (
            "Start a new version (POST)",
            post_only,
            only(BM),
            draft_report,
            rid,
            "the draft report",
        ),
        "distribution_sent": (
            "Record a copy as sent (POST)",
            post_only,
            only(BM),
            distribution_task,
            lambda o: {"pk": o.published.report_id, "task_pk": o.pk},
            "a distribution task",
        ),
        "report_download": (
            "Draft as DOCX",
            only(READ_EVERYTHING),
            None,
            draft_report,
            lambda o: {"pk": o.pk, "fmt": "docx"},
            "the draft report",
        ),
        "published_list": ("Published reports (public)", EVERYONE, None, None, None, ""),
        "published_html": (
            "A published report (public)",
            EVERYONE,
            None,
            published_report,
            rid,
            "a published report",
        ),
        "published_pdf": (
            "A published report as PDF (public)",
            EVERYONE,
            None,
            published_report,
            rid,
            "a published report",
        ),
    }
    for name, (page, get, post, obj, kwargs, record) in entries.items():
        MATRIX[f"reports:{name}"] = Case(
            page, get, post=post, obj=obj, kwargs=kwargs, record=record
        )


_reports()


# --- meeting papers --------------------------------------------------------------------
def papers_meeting(p):
    from papers.models import Agenda

    agenda = Agenda.objects.filter(meeting__subgroup=qapp(p)).order_by("pk").first()
    return agenda.meeting if agenda else None


def papers_item(p, level="partnership"):
    from subgroups.models import AgendaItem

    return AgendaItem.objects.filter(
        meeting=papers_meeting(p), confidentiality=level, papers__isnull=False
    ).first()


def paper(p):
    from papers.models import Paper

    return Paper.objects.filter(item=papers_item(p)).first()


def paper_version(p, level="restricted"):
    from papers.models import PaperVersion

    return (
        PaperVersion.objects.filter(
            paper__item__meeting=papers_meeting(p), paper__confidentiality=level
        )
        .order_by("pk")
        .first()
    )


def papers_person(p):
    """The QAPP member's own person (Walsall: its first sub-group member with a sign-in)."""
    from partnership.models import Person

    people = Person.objects.filter(partnership=p, user__isnull=False)
    return (
        people.filter(user__username=ROLE_USERS[MEMBER]).first()
        or people.filter(user__username__startswith="member.").order_by("pk").first()
    )


def interest(p):
    from papers.models import Interest

    return Interest.objects.filter(person=papers_person(p)).order_by("pk").first()


GET_NOT_ALLOWED = Rule(fixed=fixed_all(NOT_ALLOWED, anonymous=LOGIN))
# A restricted QAPP paper: the QAPP group and the read-everything roles; hidden from others.
READS_RESTRICTED_QAPP = only(EDITORS_OF_QAPP, MEMBER, READ_EVERYTHING, hidden=OUTSIDE_QAPP)
PAPER_DOWNLOAD_RULES = {
    "public": ALL_MEMBERS,
    "partnership": only(NOT_SCRUTINY, hidden={SCRUTINY}),
    "restricted": READS_RESTRICTED_QAPP,
}
REGISTER_KEEPERS = only(BM, MEMBER)


def _papers():
    """Agendas and papers: the QAPP chair and the business manager write; a published
    agenda is read by everyone in the partnership at their level; the register of
    interests is kept by the person and the business manager."""
    by_meeting = {"obj": papers_meeting, "kwargs": pk, "record": "a published QAPP agenda"}
    by_item = {
        "obj": papers_item,
        "kwargs": lambda o: {"item_pk": o.pk},
        "record": "a partnership-only item of a published QAPP agenda",
    }
    by_person = {"obj": papers_person, "kwargs": pk, "record": "the QAPP member"}
    MATRIX.update(
        {
            "papers:standing_items": Case(
                "Standing items and papers deadline",
                only(EDITORS_OF_QAPP),
                obj=qapp,
                kwargs=lambda o: {"subgroup": o.slug},
                record="QAPP",
            ),
            "papers:agenda_detail": Case(
                "A meeting's agenda and papers (GET only)",
                ALL_MEMBERS,
                post=GET_NOT_ALLOWED,
                **by_meeting,
            ),
            "papers:agenda_start": Case(
                "Start an agenda from the standing items (POST)",
                GET_NOT_ALLOWED,
                post=only(EDITORS_OF_QAPP),
                **by_meeting,
            ),
            "papers:agenda_publish": Case(
                "Publish an agenda and tell the members (POST)",
                GET_NOT_ALLOWED,
                post=only(EDITORS_OF_QAPP),
                **by_meeting,
            ),
            "papers:agenda_item_add": Case(
                "Add an item to an agenda", only(EDITORS_OF_QAPP), **by_meeting
            ),
            "papers:pack_download": Case(
                "The agenda pack for the reader's level (PDF; GET only)",
                ALL_MEMBERS,
                post=GET_NOT_ALLOWED,
                **by_meeting,
            ),
            "papers:item_timing": Case("An item's time", only(EDITORS_OF_QAPP), **by_item),
            "papers:paper_add": Case("Add a paper to an item", only(EDITORS_OF_QAPP), **by_item),
            "papers:declaration_add": Case(
                "Record a declaration of interest on an item", only(EDITORS_OF_QAPP), **by_item
            ),
            "papers:paper_replace": Case(
                "Upload a new version of a paper",
                only(EDITORS_OF_QAPP),
                obj=paper,
                kwargs=pk,
                record="a partnership-only QAPP paper",
            ),
            "papers:paper_download": Case(
                "Download a paper (GET only; other levels in test_paper_downloads)",
                READS_RESTRICTED_QAPP,
                post=GET_NOT_ALLOWED,
                obj=paper_version,
                kwargs=pk,
                record="a restricted QAPP paper",
            ),
            "papers:interest_list": Case(
                "A person's register of interests (GET only)",
                REGISTER_KEEPERS,
                post=GET_NOT_ALLOWED,
                **by_person,
            ),
            "papers:interest_create": Case("Add an interest", REGISTER_KEEPERS, **by_person),
            "papers:interest_edit": Case(
                "Change an interest",
                REGISTER_KEEPERS,
                obj=interest,
                kwargs=lambda o: {"pk": o.person_id, "interest_pk": o.pk},
                record="an interest of the QAPP member",
            ),
        }
    )


_papers()


# URLs reached through a secret rather than a partnership slug: no cross-partnership check.
NO_CROSS_CHECK = {
    "accounts:password_reset_confirm",  # not a partnership's record
    "scrutiny:calendar_feed",
    "scrutiny:updates_feed",
    "scrutiny:public_partnership",
    "scrutiny:calendar_month",
    "retention:period_edit",  # names a record type, not a record
}


def _reviews():
    """Case reviews: the business manager and the case review group; the scrutineers read
    (never the identifying details); 404 for everyone else."""
    entries = {
        "review_list": ("Case reviews", None, None, ""),
        "deadlines": ("Case-review deadlines", None, None, ""),
        "incident_create": ("Record a serious incident", None, None, ""),
        "incident_detail": ("A serious incident", incident, pk, "an incident"),
        "incident_edit": ("Edit an incident", incident, pk, "an incident"),
        "incident_notify": ("Record the Panel notification", incident, pk, "an incident"),
        "identifying_details": ("The child's identifying details", incident, pk, "an incident"),
        "identifying_details_edit": ("Edit identifying details", incident, pk, "an incident"),
        "rapid_review_edit": ("Rapid review", incident_with_rapid_review, pk, "an incident"),
        "rapid_review_send": (
            "Send the rapid review",
            incident_with_rapid_review,
            pk,
            "an incident",
        ),
        "rapid_review_response": (
            "Record the Panel's response",
            incident_with_rapid_review,
            pk,
            "an incident",
        ),
        "practice_review_commission": (
            "Commission a practice review",
            incident_with_rapid_review,
            pk,
            "an incident",
        ),
        "practice_review_detail": ("A practice review", practice_review, pk, "a CSPR"),
        "practice_review_edit": ("Edit a practice review", practice_review, pk, "a CSPR"),
        "milestone_create": ("Add a milestone", practice_review, pk, "a CSPR"),
        "milestone_edit": (
            "Edit a milestone",
            milestone,
            lambda o: {"pk": o.practice_review_id, "milestone_pk": o.pk},
            "a milestone",
        ),
        "practice_review_move": (
            "Hold, resume, complete or publish a CSPR",
            practice_review,
            lambda o: {"pk": o.pk, "verb": "hold"},
            "a CSPR",
        ),
        "legacy_review_create": ("Record an earlier review", None, None, ""),
        "legacy_review_detail": (
            "An earlier review",
            model_in("reviews.LegacyReview"),
            pk,
            "an earlier review",
        ),
        "legacy_review_edit": (
            "Edit an earlier review",
            model_in("reviews.LegacyReview"),
            pk,
            "an earlier review",
        ),
        "national_review_create": ("Record a national review considered", None, None, ""),
        "national_review_detail": (
            "A national review considered",
            model_in("reviews.NationalReviewConsidered"),
            pk,
            "a national review",
        ),
        "national_review_edit": (
            "Edit a national review considered",
            model_in("reviews.NationalReviewConsidered"),
            pk,
            "a national review",
        ),
        "briefing_create": ("Add a learning briefing", None, None, ""),
        "recommendation_create": (
            "Add a recommendation to a review",
            practice_review,
            lambda o: {"source": "practice-review", "source_pk": o.pk},
            "a CSPR",
        ),
        "recommendation_detail": (
            "A recommendation",
            model_in("reviews.Recommendation"),
            pk,
            "a recommendation",
        ),
        "recommendation_edit": (
            "Edit a recommendation",
            model_in("reviews.Recommendation"),
            pk,
            "a recommendation",
        ),
        "recommendation_status": (
            "Change a recommendation's status",
            model_in("reviews.Recommendation"),
            pk,
            "a recommendation",
        ),
        "recommendation_action_create": (
            "Add an action to a recommendation",
            model_in("reviews.Recommendation"),
            pk,
            "a recommendation",
        ),
    }
    for name, (page, obj, kwargs, record) in entries.items():
        rule = CASE_REVIEW_READ if name in CASE_REVIEW_READ_PAGES else CASE_REVIEW_ONLY
        MATRIX[f"reviews:{name}"] = Case(page, rule, obj=obj, kwargs=kwargs, record=record)


_reviews()
MATRIX["reviews:case_export"] = Case(
    "Export a case (ZIP of JSON and PDF; logged)",
    CASE_REVIEW_ONLY,
    obj=incident,
    kwargs=pk,
    record="an incident",
)

# --- retention and subject access ---------------------------------------------------------
MATRIX["retention:queue"] = Case("Retention review queue", only(BM, CASE_REVIEW))
MATRIX["retention:decide"] = Case(
    "Delete, anonymise or hold a record past its date",
    only(BM, hidden={CASE_REVIEW}),
    obj=model_in("retention.ReviewItem"),
    kwargs=pk,
    record="an action past its date",
)
MATRIX["retention:period_edit"] = Case(
    "Lengthen a retention period", only(BM), kwargs=lambda o: {"key": "meeting"}, obj=lambda p: p
)
MATRIX["partnership:subject_access_export"] = Case(
    "Subject access: everything held about a person (ZIP of JSON and PDF)",
    only(BM),
    obj=model_in("partnership.Person"),
    kwargs=pk,
    record="a person",
)


# --- the admin: generic, by what each ModelAdmin is -------------------------------------
# Admin pages for records nobody adds by hand (the app or sign-in makes them): 403 to all.
ADMIN_NO_ADD = {
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
    "django_tasks_database_dbtaskresult",  # queued by the app's own writes
    "reports_publishedreport",
    "reviews_restrictedaccesslog",
    "scrutiny_feedtoken",
    "scrutiny_searchentry",
    "subgroups_agendaitem",  # items are added from their meeting
    "subgroups_decision",  # decisions are added from their item
}
# Records nobody deletes: a published report is frozen, the access log is the audit trail,
# and the record the test opens of the minutes is in confirmed minutes, which are locked.
ADMIN_NO_DELETE = {
    "reports_publishedreport",
    "reviews_restrictedaccesslog",
    "subgroups_meeting",
    "subgroups_agendaitem",
    "subgroups_decision",
    "subgroups_action",
}
# Admin-wide pages (not a model's): anonymous visitors go to the admin's own sign-in.
ADMIN_SITE_PAGES = {
    "index",
    "app_list",
    "jsi18n",
    "logout",
    "password_change",
    "password_change_done",
    "view_on_site",
    "autocomplete",
}


def admin_rule(name: str) -> tuple[Rule, Rule | None] | None:
    """(GET rule, POST rule or None for the same) for an admin URL name.

    Staff business managers use the admin for their own partnerships' records only
    (other partnerships' records are 404); everything else in the admin is superuser only.
    Signed-in users who are not staff are sent to the admin sign-in."""
    from django.contrib import admin

    from partnership.admin import PartnershipScopedMixin

    short = name.removeprefix("admin:")
    base = {r: ADMIN_LOGIN for r in ROLES}
    base[ANON] = ADMIN_LOGIN if short in ADMIN_SITE_PAGES else LOGIN
    base[SUPERUSER] = OK

    def rule(**changes) -> Rule:
        return Rule(fixed={**base, **changes})

    if short == "login":
        return EVERYONE, None
    if short == "logout":  # POST only; without staff status, back to the admin index
        signed_in = {r: OK for r in MEMBERS | {PUBLIC, OUTSIDER}}
        return rule(**{**signed_in, BM: NOT_ALLOWED, SUPERUSER: NOT_ALLOWED}), None
    if short == "autocomplete":  # GET only, and refused without a field to complete
        return rule(**{BM: FORBIDDEN, SUPERUSER: FORBIDDEN}), rule(
            **{BM: NOT_ALLOWED, SUPERUSER: NOT_ALLOWED}
        )
    if short in {"index", "jsi18n", "view_on_site", "app_list"} or short.startswith(
        "password_change"
    ):
        return rule(**{BM: OK}), None
    if short == "auth_user_password_change":  # UserAdmin's own name for it
        return rule(**{BM: FORBIDDEN}), None
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if not short.startswith(prefix):
            continue
        label, page = prefix.rstrip("_"), short.removeprefix(prefix)
        if (page == "add" and label in ADMIN_NO_ADD) or (
            page == "delete" and label in ADMIN_NO_DELETE
        ):
            return rule(**{BM: FORBIDDEN, SUPERUSER: FORBIDDEN}), None
        if label == "partnership_partnership" and page == "delete":
            return rule(**{BM: FORBIDDEN}), None  # every record it holds: superusers only
        scoped = isinstance(model_admin, PartnershipScopedMixin)
        return rule(**{BM: OK if scoped else FORBIDDEN}), None
    return None


def docs_markdown() -> str:
    short = {
        ANON: "Anon",
        PUBLIC: "No role",
        SCRUTINY: "Scrutiny",
        MEMBER: "Member",
        CHAIR: "Chair",
        OTHER_CHAIR: "Other chair",
        CASE_REVIEW: "Case review",
        IND_CHAIR: "Ind. chair",
        LEAD: "DSP",
        LSP: "LSP",
        BM: "BM",
        OUTSIDER: "Other partnership",
        SUPERUSER: "Superuser",
    }
    cell = {
        OK: "✓",
        LOGIN: "sign in",
        FORBIDDEN: "403",
        NOT_FOUND: "404",
        NOT_ALLOWED: "405",
        ADMIN_LOGIN: "admin sign in",
        OTP: "code page",
    }
    lines = [
        "| Page or action | URL name | " + " | ".join(short[r] for r in ROLES) + " |",
        "|---|---|" + "---|" * len(ROLES),
    ]
    for name, case in MATRIX.items():
        cells = []
        for role in ROLES:
            g, p = cell[case.get.expected(role)], cell[case.post_rule.expected(role)]
            cells.append(g if g == p else f"{g} / {p}")
        lines.append(f"| {case.page} | `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


START, END = "<!-- matrix:start -->", "<!-- matrix:end -->"


def write_docs(path) -> None:
    """Replace the table between the markers in docs/permissions.md."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{docs_markdown()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    import os
    from pathlib import Path

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    django.setup()
    write_docs(Path(__file__).resolve().parents[2] / "docs" / "permissions.md")
