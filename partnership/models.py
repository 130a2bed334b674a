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
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords


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
    class RapidReviewStart(models.TextChoices):
        AWARE = "aware", "Date the local authority became aware"
        NOTIFIED = "notified", "Date the Panel was notified"

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


class Organisation(models.Model):
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

    def name_on(self, day: dt.date) -> str:
        """The organisation's name on a day (a CCG before July 2022, an ICB after).

        Uses ``names.all()`` so that a prefetch serves whole lists without extra queries.
        """
        for dated in self.names.all():
            if dated.valid_from <= day and (dated.valid_to is None or day <= dated.valid_to):
                return dated.name
        return self.name


class OrganisationName(models.Model):
    """An effective-dated name: rows, not an overwritten field."""

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


class Person(models.Model):
    """Someone who takes part in the partnership; not everyone has a sign-in account."""

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
        INDEPENDENT_CHAIR = "independent_chair", "Independent chair / scrutineer"
        PARTNER_LEAD = "partner_lead", "Statutory partner lead"
        SUBGROUP_CHAIR = "subgroup_chair", "Sub-group chair"
        SUBGROUP_MEMBER = "subgroup_member", "Sub-group member"
        SCRUTINY_MEMBER = "scrutiny_member", "Scrutiny panel member"

    # Roles that read every record of the partnership (restricted minutes included).
    READ_EVERYTHING = {Kind.BUSINESS_MANAGER, Kind.INDEPENDENT_CHAIR, Kind.PARTNER_LEAD}
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
        help_text="For a statutory partner lead: the partner they lead for. "
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
                condition=~Q(kind="partner_lead") | Q(organisation__isnull=False),
                name="partner_lead_names_organisation",
            ),
        ]

    def __str__(self) -> str:
        where = f" of {self.subgroup}" if self.subgroup_id else ""
        return f"{self.person}: {self.get_kind_display()}{where}"

    def clean(self) -> None:
        if self.kind in self.SUBGROUP_KINDS and not self.subgroup_id:
            raise ValidationError({"subgroup": "Choose the sub-group for this role."})
        if self.kind == self.Kind.PARTNER_LEAD:
            if not self.organisation_id:
                raise ValidationError({"organisation": "Choose the statutory partner they lead."})
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
