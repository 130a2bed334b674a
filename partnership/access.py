"""Who may see and do what inside one partnership.

Every view fetches its partnership through ``get_access``: a user with no current role
in the partnership gets 404 (the partnership does not exist for them); a user with a
role but not the right one gets 403 through ``Access.require``.

The rules, in one place:

- business manager: everything in the partnership, including case reviews.
- independent scrutineer (independent chair), partnership chair, lead safeguarding
  partner (LSP) and delegated safeguarding partner (DSP) of each statutory partner (every
  role that reads everything): read everything, case-review records by pseudonym and case
  number (timeline, deadlines, decisions, recommendations; every view logged), never the
  identifying details; the scrutineer reviews the report; who signs it off for each
  partner follows the edition of Working Together in force on its period end
  (``signing_roles``): under WT2018 the LSP or the DSP, under WT2023 the LSP only (the DSP
  prepares), unless the partnership's arrangements say otherwise.
- sub-group chair: edits their own sub-group's records; reads like a member.
- sub-group member: reads their own sub-group's records (drafts and restricted items
  included) and the non-restricted confirmed minutes of other sub-groups; updates
  actions they own.
- case review group (members and chair of a sub-group that handles case reviews):
  sees and edits case-review records, including identifying details.
- scrutiny panel member: read-only; confirmed minutes' public items, decisions and
  actions from them, published reports.
- evidence for the report (activity, priorities, audits, KPIs, training, inspections,
  budget): see ``evidence.access``: every role but scrutiny-only reads; chairs edit their
  sub-group's activity; the quality-assurance group's chair and the business manager edit
  QA records; the business manager edits priorities, inspections and the budget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from partnership.models import Partnership, Role

Kind = Role.Kind
# Every column of the partnership, which a view may read from ``access.partnership``.
PARTNERSHIP_FIELDS = [f.name for f in Partnership._meta.concrete_fields]


@dataclass(frozen=True)
class Access:
    partnership: Partnership
    user: object
    kinds: frozenset[str] = frozenset()
    chaired: frozenset[int] = frozenset()
    member_of: frozenset[int] = frozenset()
    case_review_group: bool = False
    person_ids: frozenset[int] = field(default_factory=frozenset)

    # --- who the user is here -------------------------------------------------------
    @property
    def is_business_manager(self) -> bool:
        return Kind.BUSINESS_MANAGER in self.kinds

    @property
    def is_independent_chair(self) -> bool:
        return Kind.INDEPENDENT_CHAIR in self.kinds

    @property
    def is_partner_lead(self) -> bool:
        """Holds a role for a statutory partner: its lead or delegated safeguarding partner."""
        return bool(self.kinds & Role.PARTNER_KINDS)

    @property
    def is_lead_partner(self) -> bool:
        return Kind.LEAD_PARTNER in self.kinds

    @property
    def is_delegated_partner(self) -> bool:
        return Kind.DELEGATED_PARTNER in self.kinds

    @property
    def reads_everything(self) -> bool:
        return bool(self.kinds & Role.READ_EVERYTHING)

    @property
    def is_scrutiny_only(self) -> bool:
        """Scrutiny panel members with no other role: public, confirmed material only."""
        return self.kinds == {Kind.SCRUTINY_MEMBER}

    # --- sub-groups, meetings and minutes --------------------------------------------
    def can_edit_subgroup(self, subgroup_id: int) -> bool:
        return self.is_business_manager or subgroup_id in self.chaired

    def is_in_subgroup(self, subgroup_id: int) -> bool:
        return subgroup_id in self.member_of

    def can_read_drafts(self, subgroup_id: int) -> bool:
        """Draft and circulated minutes: the sub-group itself and the read-everything roles."""
        return self.reads_everything or self.is_in_subgroup(subgroup_id)

    def confidentiality_levels(self, subgroup_id: int) -> set[str]:
        """The agenda-item confidentiality levels this user may read in a sub-group."""
        from subgroups.models import Confidentiality

        if self.reads_everything or self.is_in_subgroup(subgroup_id):
            return {c.value for c in Confidentiality}
        if self.is_scrutiny_only:
            return {Confidentiality.PUBLIC.value}
        return {Confidentiality.PUBLIC.value, Confidentiality.PARTNERSHIP.value}

    def owns_action(self, action) -> bool:
        return action.owner_id in self.person_ids

    # --- case reviews ----------------------------------------------------------------
    @property
    def can_see_case_reviews(self) -> bool:
        """Edit case-review records and see the child's identifying details."""
        return self.is_business_manager or self.case_review_group

    @property
    def reads_case_reviews(self) -> bool:
        """Read case-review records by pseudonym and case number: those who handle them,
        and the scrutineers (every role that reads everything, the partner leads)."""
        return self.can_see_case_reviews or self.reads_everything or self.is_partner_lead

    # --- refusals --------------------------------------------------------------------
    def require(self, allowed: bool) -> None:
        if not allowed:
            raise PermissionDenied


def partner_roles(access: Access) -> list[Role]:
    """The user's current lead and delegated safeguarding partner roles, with their partner."""
    return list(
        Role.objects.current()
        .filter(person_id__in=access.person_ids, kind__in=Role.PARTNER_KINDS)
        .select_related("organisation", "person")
        .order_by("organisation__kind", "kind", "pk")
    )


@dataclass(frozen=True)
class Signing:
    """Who may sign a report (or arrangements, or a budget) for which partner, and why not."""

    roles: list[Role]
    refusal: str = ""
    leads_only: bool = False


def signing_roles(access: Access, *, period_end: dt.date) -> Signing:
    """The roles the user may sign with, one per partner, for a period ending on ``period_end``.

    A partner's lead signs in preference to its delegate when the user holds both. When the
    user holds partner roles but none may sign, ``refusal`` says why.
    """
    kinds = access.partnership.signing_kinds(period_end)
    chosen: dict[int, Role] = {}
    for role in partner_roles(access):
        if role.kind in kinds and (
            role.organisation_id not in chosen or role.kind == Kind.LEAD_PARTNER
        ):
            chosen[role.organisation_id] = role
    leads_only = Kind.DELEGATED_PARTNER not in kinds
    if chosen or not access.is_partner_lead:
        return Signing(list(chosen.values()), leads_only=leads_only)
    return Signing([], access.partnership.sign_off_refusal(period_end), leads_only)


def access_for(user, partnership: Partnership, on: dt.date | None = None) -> Access | None:
    """The user's access to a partnership, or None when they hold no current role in it."""
    if not user.is_authenticated:
        return None
    roles = list(
        Role.objects.current(on)
        .filter(person__partnership=partnership, person__user=user)
        .select_related("subgroup")
        .only("kind", "person_id", "subgroup_id", "subgroup__handles_case_reviews")
    )
    return _access_from_roles(partnership, user, roles)


def access_for_person(person, on: dt.date | None = None) -> Access | None:
    """What one person (with or without a sign-in account) may read, from their own roles:
    what an email to them may show (``notifications``)."""
    roles = list(
        Role.objects.current(on)
        .filter(person=person)
        .select_related("subgroup")
        .only("kind", "person_id", "subgroup_id", "subgroup__handles_case_reviews")
    )
    return _access_from_roles(person.partnership, person.user, roles)


def _access_from_roles(partnership: Partnership, user, roles: list[Role]) -> Access | None:
    if not roles:
        return None
    subgroup_roles = [r for r in roles if r.kind in Role.SUBGROUP_KINDS]
    return Access(
        partnership=partnership,
        user=user,
        kinds=frozenset(r.kind for r in roles),
        chaired=frozenset(r.subgroup_id for r in subgroup_roles if r.kind == Kind.SUBGROUP_CHAIR),
        member_of=frozenset(r.subgroup_id for r in subgroup_roles),
        case_review_group=any(r.subgroup.handles_case_reviews for r in subgroup_roles),
        person_ids=frozenset(r.person_id for r in roles),
    )


def get_access(request: HttpRequest, slug: str) -> Access:
    """The partnership named in the URL with the user's access to it; 404 without a role."""
    known = request.__dict__.setdefault("_partnership_access", {})
    if slug in known:
        return known[slug]
    access = access_by_slug(request.user, slug)
    if access is None:
        raise Http404("No such partnership")
    known[slug] = access
    return access


def access_by_slug(user, slug: str, on: dt.date | None = None) -> Access | None:
    """``access_for`` the partnership with this slug, read with it in one query: the user's
    current roles, each with its person's partnership (and the partnership's records token,
    ``partnership.versions``). None when the partnership does not exist or the user holds
    no current role in it: the same answer, so that a partnership is not revealed."""
    if not user.is_authenticated:
        return None
    roles = list(
        Role.objects.current(on)
        .filter(person__partnership__slug=slug, person__user=user)
        .select_related("subgroup", "person__partnership__records_version")
        .only(
            "kind",
            "person_id",
            "subgroup_id",
            "subgroup__handles_case_reviews",
            *(f"person__partnership__{name}" for name in PARTNERSHIP_FIELDS),
            "person__partnership__records_version__token",
        )
        .order_by()
    )
    if not roles:
        return None
    return _access_from_roles(roles[0].person.partnership, user, roles)
