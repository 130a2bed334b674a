"""Partnerships, the organisations in them, the people, and the roles people hold.

Every governance record in the product belongs to exactly one Partnership; access is
decided by the Role rows of the signed-in user (see ``partnership.access``).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords

from partnership.editions import Edition, edition_on


def new_sign_in_token() -> str:
    return secrets.token_hex(16)


class UserQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Deactivating or reactivating with ``update`` ends the accounts' sessions too, as
        saving does (see ``User.end_sessions``)."""
        if "is_active" in kwargs:
            kwargs.setdefault("sign_in_token", new_sign_in_token())
        return super().update(**kwargs)


class AccountManager(UserManager.from_queryset(UserQuerySet)):
    def with_email(self, email: str) -> User | None:
        return self.filter(email__iexact=email.strip()).order_by("pk").first()


class User(AbstractUser):
    """A sign-in account. What it may see comes from the roles of its Person rows.

    The email address is the sign-in name; one account per address, whatever the number
    of partnerships it holds roles in. ``sign_in_token`` is part of every session's
    authentication hash: changing it ends every session of the account, wherever it is
    kept (database or shared cache), and no later change brings them back.
    """

    sign_in_token = models.CharField(max_length=32, default=new_sign_in_token, editable=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login", "sign_in_token"])

    objects = AccountManager()

    class Meta:
        db_table = "auth_user_account"
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="one_account_per_email"
            )
        ]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_active = instance.__dict__.get("is_active")
        return instance

    def save(self, *args, **kwargs):
        if self.pk and getattr(self, "_loaded_active", self.is_active) != self.is_active:
            self.end_sessions()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sign_in_token"}
        super().save(*args, **kwargs)
        self._loaded_active = self.is_active

    def end_sessions(self) -> None:
        """Every session of this account ends when this is saved."""
        self.sign_in_token = new_sign_in_token()

    def _get_session_auth_hash(self, secret=None):
        return salted_hmac(
            "partnership.User.session_auth_hash",
            f"{self.password}:{self.sign_in_token}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class VersionedModel(models.Model):
    """Optimistic locking: forms carry ``version`` and saves from an old version are refused.

    See ``partnership.forms.VersionedModelForm``.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class PartnershipQuerySet(models.QuerySet):
    def for_user(self, user) -> PartnershipQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            people__user=user,
            people__roles__in=Role.objects.current(),
        ).distinct()


class Partnership(models.Model):
    # Not checked for a child's identifying details (reviews.shared_text):
    # the partnership's own set-up.
    shared_text_exempt = "__all__"

    class RapidReviewStart(models.TextChoices):
        AWARE = "aware", "Date the local authority became aware"
        NOTIFIED = "notified", "Date the Panel was notified"

    class SignOffRule(models.TextChoices):
        EDITION = "edition", "As the edition of Working Together in force on the period end says"
        LEAD_OR_DELEGATED = (
            "lead_or_delegated",
            "Each partner's lead or delegated safeguarding partner",
        )
        LEAD_ONLY = "lead_only", "The three lead safeguarding partners"

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=20, help_text="For example WSCP.")
    slug = models.SlugField(unique=True)
    area = models.CharField(max_length=200, help_text="Local authority area(s) covered.")
    predecessor_board = models.CharField(max_length=200, blank=True)
    transition_date = models.DateField(
        null=True, blank=True, help_text="The day the partnership replaced the board."
    )
    reporting_year_start_month = models.PositiveSmallIntegerField(
        default=4, help_text="Month the reporting year starts: 4 for April–March."
    )
    rapid_review_start = models.CharField(
        max_length=10, choices=RapidReviewStart.choices, default=RapidReviewStart.AWARE
    )
    website = models.URLField(blank=True)
    sign_off_rule = models.CharField(
        "who signs off the report, the arrangements and the budget",
        max_length=20,
        choices=SignOffRule.choices,
        default=SignOffRule.EDITION,
        help_text="Change this only where the partnership's published arrangements say so.",
    )
    requires_sso = models.BooleanField(
        "Require single sign-on",
        default=False,
        help_text="Its people sign in with their organisation's account (Microsoft 365), "
        "never with a password.",
    )
    history = HistoricalRecords()

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reporting_year_start_month__gte=1)
                & Q(reporting_year_start_month__lte=12),
                name="partnership_reporting_month_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnership:dashboard", args=[self.slug])

    def signing_kinds(self, period_end: dt.date) -> frozenset[str]:
        """The role kinds that may sign for a partner a report (or arrangements, or a
        budget) whose period ends on ``period_end``.

        Under WT2018 each partner signed through its lead or the lead's delegate; under
        WT2023 the three lead safeguarding partners sign and a delegate may only prepare.
        A partnership whose arrangements say otherwise sets ``sign_off_rule``.
        """
        lead = frozenset({Role.Kind.LEAD_PARTNER})
        either = frozenset({Role.Kind.LEAD_PARTNER, Role.Kind.DELEGATED_PARTNER})
        if self.sign_off_rule == self.SignOffRule.LEAD_ONLY:
            return lead
        if self.sign_off_rule == self.SignOffRule.LEAD_OR_DELEGATED:
            return either
        return lead if edition_on(period_end) == Edition.WT2023 else either

    def sign_off_refusal(self, period_end: dt.date) -> str:
        """Why a delegated safeguarding partner may not sign (a report whose period ends, or
        arrangements dated, on ``period_end``), in words for them."""
        if self.sign_off_rule == self.SignOffRule.LEAD_ONLY:
            return (
                "This partnership's arrangements say the three lead safeguarding partners sign "
                "off. As a delegated safeguarding partner you may prepare it, but your lead "
                "safeguarding partner must sign."
            )
        return (
            f"Working Together 2023 applies on {period_end:%-d %B %Y}: the three lead "
            "safeguarding partners sign off. As a delegated safeguarding partner you may prepare "
            "it, but your lead safeguarding partner must sign."
        )


def new_records_token() -> str:
    return secrets.token_hex(16)


class RecordsVersion(models.Model):
    """A token that changes whenever any record of the partnership changes.

    Cached pages and access are keyed by it (``partnership.page_cache``), so one change
    anywhere in the partnership makes every cached copy of its pages unreachable. The token
    is random, never a counter, so a rolled-back or restored database cannot bring back a
    token that cached copies were stored under. Only ``partnership.versions`` writes it;
    it is a row of its own so that saving the partnership cannot write back an old token.
    """

    # Not checked for a child's identifying details (reviews.shared_text):
    # a token the code writes.
    shared_text_exempt = "__all__"

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, primary_key=True, related_name="records_version"
    )
    token = models.CharField(max_length=32, default=new_records_token)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.token}"


class ArrangementsDocument(models.Model):
    """A published version of the partnership's safeguarding arrangements."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="arrangements_documents"
    )
    title = models.CharField(max_length=200)
    version_label = models.CharField(max_length=30)
    published_on = models.DateField()
    url = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "version_label"], name="arrangements_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version_label})"

    def approve(self, *, role: Role) -> ArrangementsApproval:
        """The partner ``role`` acts for approves this version, if that role may sign."""
        if role.kind not in self.partnership.signing_kinds(self.published_on):
            raise ValidationError(self.partnership.sign_off_refusal(self.published_on))
        if self.approvals.filter(organisation_id=role.organisation_id).exists():
            raise ValidationError(f"{role.organisation} has already approved this version.")
        return ArrangementsApproval.objects.create(
            document=self,
            organisation_id=role.organisation_id,
            person_id=role.person_id,
            capacity=role.kind,
        )


class ArrangementsSection(models.Model):
    """One section of a published version of the arrangements, as that version words it.

    Versions are compared section by section (by heading) to list what changed."""

    document = models.ForeignKey(
        ArrangementsDocument, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "heading"], name="arrangements_section_heading_unique"
            )
        ]

    def __str__(self) -> str:
        return self.heading


class ArrangementsApproval(models.Model):
    """A safeguarding partner's approval of one version, by whoever may sign for it
    (``Partnership.signing_kinds`` on the version's date: the LSPs under WT2023)."""

    document = models.ForeignKey(
        ArrangementsDocument, on_delete=models.CASCADE, related_name="approvals"
    )
    organisation = models.ForeignKey("Organisation", on_delete=models.RESTRICT, related_name="+")
    person = models.ForeignKey("Person", on_delete=models.RESTRICT, related_name="+")
    capacity = models.CharField(max_length=20)
    approved_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "organisation"], name="one_arrangements_approval_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document}: {self.organisation}"


class ArrangementsUpdate(models.Model):
    """A dated change to the published arrangements (the report must list these)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="arrangements_updates"
    )
    date = models.DateField()
    title = models.CharField(max_length=200)
    description = models.TextField()
    implementation = models.CharField(
        max_length=200, blank=True, help_text="Proposed timescale for implementation."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%B %Y}: {self.title}"


class OrganisationQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> OrganisationQuerySet:
        return self.filter(partnership=partnership)

    def statutory_partners(self) -> OrganisationQuerySet:
        return self.exclude(kind=Organisation.Kind.RELEVANT_AGENCY)

    def relevant_agencies(self) -> OrganisationQuerySet:
        return self.filter(kind=Organisation.Kind.RELEVANT_AGENCY)

    def not_left_by(self, day: dt.date) -> OrganisationQuerySet:
        """Organisations still in the partnership on a day (a report period's first)."""
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gte=day))

    def choosable(self, keep=()) -> OrganisationQuerySet:
        """The choices for a new record: not those that have left the partnership. ``keep``
        (the ids a record has chosen already) stay, so an older record can still be saved."""
        today = dt.date.today()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=today) | Q(pk__in=keep))


class Organisation(models.Model):
    # Not checked for a child's identifying details (reviews.shared_text), and why.
    shared_text_exempt = {
        "name": "an agency's own name: a child's school may be one of the agencies",
    }

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Statutory partner: local authority"
        HEALTH = "health", "Statutory partner: health"
        POLICE = "police", "Statutory partner: police"
        RELEVANT_AGENCY = "relevant_agency", "Relevant agency"

    class Category(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        EDUCATION = "education", "Education"
        HEALTH = "health", "Health"
        POLICE_JUSTICE = "police_justice", "Police and justice"
        VOLUNTARY = "voluntary", "Voluntary and community"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(
        max_length=200, help_text="Current name. Earlier names are kept as dated names."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    category = models.CharField(max_length=20, choices=Category.choices)
    left_on = models.DateField(
        "left the partnership on",
        null=True,
        blank=True,
        help_text="Kept in the history and past reports; left out of new records.",
    )
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="organisation_name_unique"
            ),
            # The law names exactly one body of each statutory kind per partnership.
            models.UniqueConstraint(
                fields=["partnership", "kind"],
                condition=~Q(kind="relevant_agency"),
                name="one_statutory_partner_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_statutory_partner(self) -> bool:
        return self.kind != self.Kind.RELEVANT_AGENCY

    def has_left(self, on: dt.date | None = None) -> bool:
        return self.left_on is not None and self.left_on <= (on or dt.date.today())

    def leave(self, on: dt.date) -> None:
        """Left the partnership on a day: kept for the history, no longer offered."""
        self.left_on = on
        self.save(update_fields=["left_on"])

    def rejoin(self) -> None:
        """In the partnership again (or the day it left was recorded by mistake)."""
        self.left_on = None
        self.save(update_fields=["left_on"])

    def name_on(self, day: dt.date) -> str:
        """The organisation's name on a day (a CCG before July 2022, an ICB after).

        Uses ``names.all()`` so that a prefetch serves whole lists without extra queries.
        """
        for dated in self.names.all():
            if dated.valid_from <= day and (dated.valid_to is None or day <= dated.valid_to):
                return dated.name
        return self.name

    def schedule_category_on(self, day: dt.date) -> str:
        """The agency's Schedule heading on a day, or "" (a statutory partner has none).

        Uses ``schedule_categories.all()`` so that a prefetch serves whole lists."""
        for dated in self.schedule_categories.all():
            if dated.valid_from <= day and (dated.valid_to is None or day <= dated.valid_to):
                return dated.category
        return ""


class ScheduleCategory(models.TextChoices):
    """The headings of the Schedule to SI 2018/789, which lists the relevant agencies."""

    EDUCATION = "education_childcare", "Education and childcare"
    HEALTH = "health_social_care", "Health and social care"
    CRIMINAL_JUSTICE = "criminal_justice", "Criminal justice"
    POLICE_IMMIGRATION = "police_immigration", "Police and immigration"
    MISCELLANEOUS = "miscellaneous", "Miscellaneous"


#: The Schedule heading an agency of a sector most often falls under: the starting point for
#: agencies recorded before categories were dated (the business manager corrects the rest).
SCHEDULE_FOR_SECTOR = {
    "education": ScheduleCategory.EDUCATION.value,
    "health": ScheduleCategory.HEALTH.value,
    "police_justice": ScheduleCategory.CRIMINAL_JUSTICE.value,
}

#: The Relevant Agency Regulations came into force on 29 June 2018.
SCHEDULE_IN_FORCE = dt.date(2018, 6, 29)


class AgencyCategory(models.Model):
    """A relevant agency's heading in the Schedule to SI 2018/789, effective-dated: rows, so
    an agency that changes (a school that opens a nursery, a trust that merges) keeps its
    record of which it was when."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="schedule_categories"
    )
    category = models.CharField(max_length=20, choices=ScheduleCategory.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["valid_from"]
        verbose_name_plural = "agency categories"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="agency_category_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.valid_from}–{self.valid_to or ''})"


class OrganisationName(models.Model):
    """An effective-dated name: rows, not an overwritten field."""

    # Not checked for a child's identifying details (reviews.shared_text), and why.
    shared_text_exempt = {
        "name": "an agency's own name: a child's school may be one of the agencies",
    }

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="organisation_name_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from}–{self.valid_to or ''})"


def organisation_name_on(day: dt.date, path: str = "organisation") -> Coalesce:
    """``Organisation.name_on(day)`` as a column of a query over rows whose ``path`` leads
    to an organisation: the dated name that covers the day, else its own name (NULL when
    ``path`` leads nowhere)."""
    dated = (
        OrganisationName.objects.filter(organisation=OuterRef(path), valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("valid_from")
        .values("name")[:1]
    )
    return Coalesce(Subquery(dated), F(f"{path}__name"))


class Person(models.Model):
    """Someone who takes part in the partnership; not everyone has a sign-in account."""

    # Not checked for a child's identifying details (reviews.shared_text), and why.
    shared_text_exempt = {
        "name": "the name of a member of staff, councillor or official, not about a child",
        "job_title": "a member of staff's job",
    }

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    email = models.EmailField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "user"],
                condition=Q(user__isnull=False),
                name="one_person_per_user_per_partnership",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.organisation_id and self.organisation.partnership_id != self.partnership_id:
            raise ValidationError({"organisation": "Choose an organisation in this partnership."})


class RoleQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None) -> RoleQuerySet:
        day = on or dt.date.today()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def on(self, day: dt.date) -> RoleQuerySet:
        return self.current(day)


class Role(models.Model):
    """What a person does in the partnership, and from when to when."""

    class Kind(models.TextChoices):
        BUSINESS_MANAGER = "business_manager", "Business manager"
        INDEPENDENT_CHAIR = "independent_chair", "Independent scrutineer (independent chair)"
        PARTNERSHIP_CHAIR = "partnership_chair", "Partnership chair"
        LEAD_PARTNER = "lead_partner", "Lead safeguarding partner"
        DELEGATED_PARTNER = "delegated_partner", "Delegated safeguarding partner"
        SUBGROUP_CHAIR = "subgroup_chair", "Sub-group chair"
        SUBGROUP_MEMBER = "subgroup_member", "Sub-group member"
        SCRUTINY_MEMBER = "scrutiny_member", "Scrutiny panel member"

    # Roles that read every record of the partnership (restricted minutes included).
    READ_EVERYTHING = {
        Kind.BUSINESS_MANAGER,
        Kind.INDEPENDENT_CHAIR,
        Kind.PARTNERSHIP_CHAIR,
        Kind.LEAD_PARTNER,
        Kind.DELEGATED_PARTNER,
    }
    # Roles held for one statutory partner (the organisation names which).
    PARTNER_KINDS = {Kind.LEAD_PARTNER, Kind.DELEGATED_PARTNER}
    SUBGROUP_KINDS = {Kind.SUBGROUP_CHAIR, Kind.SUBGROUP_MEMBER}

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subgroup = models.ForeignKey(
        "subgroups.SubGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        help_text="For a lead or delegated safeguarding partner: the partner they act for. "
        "For a sub-group member: the organisation they represent.",
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="For example: Director of Social Care."
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="role_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["subgroup_chair", "subgroup_member"])
                | Q(subgroup__isnull=False),
                name="subgroup_role_names_subgroup",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["lead_partner", "delegated_partner"])
                | Q(organisation__isnull=False),
                name="safeguarding_partner_names_organisation",
            ),
        ]

    def __str__(self) -> str:
        where = f" of {self.subgroup}" if self.subgroup_id else ""
        return f"{self.person}: {self.get_kind_display()}{where}"

    def clean(self) -> None:
        if self.kind in self.SUBGROUP_KINDS and not self.subgroup_id:
            raise ValidationError({"subgroup": "Choose the sub-group for this role."})
        if self.kind in self.PARTNER_KINDS:
            if not self.organisation_id:
                raise ValidationError(
                    {"organisation": "Choose the statutory partner they act for."}
                )
            if not self.organisation.is_statutory_partner:
                raise ValidationError({"organisation": "Choose a statutory partner."})
        if (
            self.subgroup_id
            and self.person_id
            and self.subgroup.partnership_id != self.person.partnership_id
        ):
            raise ValidationError({"subgroup": "Choose a sub-group in this partnership."})
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "The end date must be on or after the start date."})

    def is_current(self, on: dt.date | None = None) -> bool:
        day = on or dt.date.today()
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
