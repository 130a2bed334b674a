from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from notifications.email import absolute_url, send_email
from partnership.forms import GovukFormMixin
from partnership.models import Partnership

User = get_user_model()

MISMATCH = "The passwords do not match. Enter the same password in both boxes."


class InviteForm(GovukFormMixin, forms.Form):
    submit_label = "Send invitation"

    email = forms.EmailField(
        label="Email address",
        help_text="Their work email address. It will be their sign-in name.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the right format, like name@example.org",
        },
    )


class NewPasswordForm(GovukFormMixin, SetPasswordForm):
    """Choose a password, twice; Django's validators (``AUTH_PASSWORD_VALIDATORS``) apply."""

    submit_label = "Set password"
    error_messages = {"password_mismatch": MISMATCH}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Choose a password"
        self.fields[
            "new_password1"
        ].help_text = "At least 12 characters. Not a common password, and not all numbers."
        self.fields["new_password2"].label = "Enter the password again"
        self.fields["new_password1"].error_messages["required"] = "Choose a password"
        self.fields["new_password2"].error_messages["required"] = "Enter the password again"


class AcceptWithoutPasswordForm(GovukFormMixin, forms.Form):
    """For an account that already signs in elsewhere: accepting adds this partnership."""

    submit_label = "Accept invitation"


class ResetRequestForm(GovukFormMixin, PasswordResetForm):
    """Django's reset request, sending through the outbox and finding the account by email
    whatever its case. It answers the same whether or not the address has an account."""

    submit_label = "Send the link"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "The address you sign in with."
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the right format, like name@example.org",
        }

    def get_users(self, email):
        user = User.objects.with_email(email)
        if user is not None and user.is_active and user.has_usable_password():
            yield user

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        link = reverse("accounts:password_reset_confirm", args=[context["uid"], context["token"]])
        send_email(
            to=to_email,
            kind="password_reset",
            subject="Reset your password",
            template="accounts/password_reset",
            context={"user": user, "link": absolute_url(link)},
            user=user,
        )


class NewPartnershipForm(GovukFormMixin, forms.Form):
    submit_label = "Create the partnership and send the invitation"

    MONTHS = [
        (1, "January"),
        (2, "February"),
        (3, "March"),
        (4, "April"),
        (5, "May"),
        (6, "June"),
        (7, "July"),
        (8, "August"),
        (9, "September"),
        (10, "October"),
        (11, "November"),
        (12, "December"),
    ]

    name = forms.CharField(
        label="Name of the partnership",
        max_length=200,
        help_text="For example, Testshire Safeguarding Children Partnership.",
        error_messages={"required": "Enter the name of the partnership"},
    )
    slug = forms.SlugField(
        label="Short web address",
        max_length=50,
        help_text="Lower-case letters, numbers and hyphens, for example testshire. "
        "Its pages will be at /p/testshire/.",
        error_messages={
            "required": "Enter a short web address",
            "invalid": "Use only lower-case letters, numbers and hyphens",
        },
    )
    year_starts_month = forms.TypedChoiceField(
        label="Month the reporting year starts",
        choices=MONTHS,
        coerce=int,
        initial=4,
        help_text="April for a year from April to March.",
    )
    business_manager_name = forms.CharField(
        label="Business manager's full name", max_length=200, required=False
    )
    business_manager_email = forms.EmailField(
        label="Business manager's email address",
        help_text="They will get an email with a link to set up their sign-in.",
        error_messages={
            "required": "Enter the business manager's email address",
            "invalid": "Enter an email address in the right format, like name@example.org",
        },
    )

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if Partnership.objects.filter(slug=slug).exists():
            raise ValidationError("A partnership already has this web address.")
        return slug

    def save(self, *, by):
        return services.start_partnership(
            name=self.cleaned_data["name"],
            slug=self.cleaned_data["slug"],
            year_starts_month=self.cleaned_data["year_starts_month"],
            business_manager_email=self.cleaned_data["business_manager_email"],
            business_manager_name=self.cleaned_data["business_manager_name"],
            by=by,
        )
