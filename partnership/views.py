from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership import health, subject_access
from partnership.access import Access, get_access, partner_roles, signing_roles
from partnership.forms import (
    AgencyCategoryForm,
    ArrangementsDocumentForm,
    ArrangementsSectionForm,
    ArrangementsUpdateForm,
    LoginForm,
    OrganisationForm,
    OrganisationNameForm,
    PersonForm,
    RoleForm,
    errors_to_form,
)
from partnership.models import (
    ArrangementsDocument,
    ArrangementsUpdate,
    Organisation,
    OrganisationName,
    Partnership,
    Person,
    Role,
)
from partnership.page_cache import cached_page


def home(request):
    partnerships = list(Partnership.objects.for_user(request.user))
    if len(partnerships) == 1:
        return redirect(partnerships[0])
    return render(request, "partnership/home.html", {"partnerships": partnerships})


@cached_page()
def dashboard(request, slug):
    access = get_access(request, slug)
    from subgroups.models import Action, SubGroup

    partnership = access.partnership
    subgroups = (
        SubGroup.objects.for_partnership(partnership)
        .filter(of_predecessor_board=False, ended_on__isnull=True)
        .annotate(meeting_count=Count("meetings"))
    )
    # The same rule as the action register: counts never include withheld actions.
    actions = Action.objects.visible_to(access)
    counts = actions.aggregate(
        open=Count("pk", filter=Q(status__in=Action.OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(pk__in=actions.overdue().values("pk"))),
    )
    return render(
        request,
        "partnership/dashboard.html",
        {
            "access": access,
            "partnership": partnership,
            "subgroups": subgroups,
            "counts": counts,
            "report_due": _report_due(partnership),
        },
    )


def _report_due(partnership) -> dict | None:
    """The yearly report's cadence, once 12 months since the last publication draw near."""
    from reports.models import REPORT_DUE_WARNING_DAYS, next_report_due

    due = next_report_due(partnership)
    if due is None:
        return None
    last, by = due
    days_left = (by - timezone.localdate()).days
    if days_left > REPORT_DUE_WARNING_DAYS:
        return None
    return {"last": last, "by": by, "days_left": days_left, "overdue": days_left < 0}


def organisation_list(request, slug):
    access = get_access(request, slug)
    organisations = (
        Organisation.objects.for_partnership(access.partnership)
        .prefetch_related(
            Prefetch("names", queryset=OrganisationName.objects.order_by("valid_from")),
            "schedule_categories",
        )
        .annotate(people_count=Count("people"))
    )
    return render(
        request,
        "partnership/organisation_list.html",
        {"access": access, "partnership": access.partnership, "organisations": organisations},
    )


def person_list(request, slug):
    access = get_access(request, slug)
    access.require(not access.is_scrutiny_only)
    people = (
        Person.objects.filter(partnership=access.partnership)
        .select_related("organisation")
        .prefetch_related(Prefetch("roles", queryset=Role.objects.select_related("subgroup")))
    )
    return render(
        request,
        "partnership/person_list.html",
        {"access": access, "partnership": access.partnership, "people": people},
    )


def arrangements(request, slug):
    access = get_access(request, slug)
    partnership = access.partnership
    documents = list(
        partnership.arrangements_documents.prefetch_related(
            "sections", "approvals__person", "approvals__organisation"
        )
    )
    mine = partner_roles(access) if access.is_partner_lead else []
    for document in documents:
        approved = {a.organisation_id for a in document.approvals.all()}
        kinds = partnership.signing_kinds(document.published_on)
        document.can_approve = [
            r for r in mine if r.kind in kinds and r.organisation_id not in approved
        ]
    return render(
        request,
        "partnership/arrangements.html",
        {
            "access": access,
            "partnership": partnership,
            "documents": documents,
            "updates": partnership.arrangements_updates.all(),
        },
    )


# --- Business-manager setup ----------------------------------------------------------------
# Only the business manager edits the partnership's set-up; everyone with a role reads it.


def form_page(
    request,
    access: Access,
    form,
    *,
    title: str,
    back_url: str,
    caption: str = "",
    intro: str = "",
    status: int = 200,
):
    """The one page every setup and minutes form is shown on."""
    return render(
        request,
        "partnership/form_page.html",
        {
            "access": access,
            "partnership": access.partnership,
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "back_url": back_url,
        },
        status=status,
    )


def _setup_form(
    request,
    access: Access,
    form,
    *,
    title: str,
    back_url: str,
    success: str,
    prepare=None,
    caption: str = "",
):
    """Validate, save in one transaction, redirect with a message; else show the errors."""
    access.require(access.is_business_manager)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                obj = form.save(commit=False)
                if prepare:
                    prepare(obj)
                obj.save()
                form.save_m2m()
        except IntegrityError:
            form.add_error(
                None, "This clashes with a record saved a moment ago. Check and try again."
            )
        else:
            messages.success(request, success)
            return redirect(back_url)
    return form_page(request, access, form, title=title, back_url=back_url, caption=caption)


def _set_partnership(access: Access):
    def prepare(obj):
        obj.partnership = access.partnership

    return prepare


def organisation_edit(request, slug, pk=None):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    organisation = (
        get_object_or_404(Organisation.objects.for_partnership(access.partnership), pk=pk)
        if pk
        else None
    )
    form = OrganisationForm(
        request.POST or None, instance=organisation, partnership=access.partnership
    )
    return _setup_form(
        request,
        access,
        form,
        title=f"Change {organisation}" if organisation else "Add an organisation",
        back_url=reverse("partnership:organisation_list", args=[slug]),
        success="Organisation saved.",
        prepare=_set_partnership(access),
    )


def _dated_row_add(request, slug, pk, *, form_class, what: str, agencies_only: bool = False):
    """Add a dated row (a name, a Schedule category) to one of the partnership's organisations."""
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    organisations = Organisation.objects.for_partnership(access.partnership)
    if agencies_only:
        organisations = organisations.relevant_agencies()
    organisation = get_object_or_404(organisations, pk=pk)
    form = form_class(request.POST or None)

    def prepare(obj):
        obj.organisation = organisation

    return _setup_form(
        request,
        access,
        form,
        title=f"Add a dated {what}",
        caption=organisation.name,
        back_url=reverse("partnership:organisation_list", args=[slug]),
        success=f"Dated {what} added to {organisation}.",
        prepare=prepare,
    )


def organisation_name_add(request, slug, pk):
    return _dated_row_add(request, slug, pk, form_class=OrganisationNameForm, what="name")


def organisation_category_add(request, slug, pk):
    """A relevant agency's category in the Schedule to SI 2018/789, from a date."""
    return _dated_row_add(
        request, slug, pk, form_class=AgencyCategoryForm, what="category", agencies_only=True
    )


def arrangements_section_add(request, slug, pk):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    document = get_object_or_404(ArrangementsDocument, partnership=access.partnership, pk=pk)
    form = ArrangementsSectionForm(request.POST or None, document=document)

    def prepare(obj):
        obj.document = document

    return _setup_form(
        request,
        access,
        form,
        title="Add a section",
        caption=f"{document.title}, version {document.version_label}",
        back_url=reverse("partnership:arrangements", args=[slug]),
        success=f"Section added to version {document.version_label}.",
        prepare=prepare,
    )


@require_POST
def arrangements_approve(request, slug, pk):
    """A safeguarding partner approves a version: under WT2023 its lead, as for the report."""
    access = get_access(request, slug)
    access.require(access.is_partner_lead)
    document = get_object_or_404(ArrangementsDocument, partnership=access.partnership, pk=pk)
    back = redirect("partnership:arrangements", slug)
    signing = signing_roles(access, period_end=document.published_on)
    if signing.refusal:
        messages.error(request, signing.refusal)
        return back
    roles = {str(r.organisation_id): r for r in signing.roles}
    role = roles.get(request.POST.get("organisation", "")) or (
        next(iter(roles.values())) if len(roles) == 1 else None
    )
    if role is None:
        messages.error(request, "Choose the partner you approve for.")
        return back
    try:
        with transaction.atomic():
            document.approve(role=role)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back
    messages.success(
        request, f"You have approved version {document.version_label} for {role.organisation}."
    )
    return back


def person_edit(request, slug, pk=None):
    """Add or change a person; ticking "Give them a sign-in" also emails an invitation."""
    from accounts.services import invite

    access = get_access(request, slug)
    access.require(access.is_business_manager)
    person = get_object_or_404(Person, partnership=access.partnership, pk=pk) if pk else None
    form = PersonForm(request.POST or None, instance=person, partnership=access.partnership)
    title = f"Change {person}" if person else "Add a person"
    back_url = reverse("partnership:person_list", args=[slug])
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save()
                if form.cleaned_data.get("invite"):
                    invite(person=saved, email=saved.email, by=request.user)
        except ValidationError as error:
            errors_to_form(form, error)
        except IntegrityError:
            form.add_error(
                None, "This clashes with a record saved a moment ago. Check and try again."
            )
        else:
            if form.cleaned_data.get("invite"):
                messages.success(request, f"{saved} added. An invitation is sent to {saved.email}.")
            else:
                messages.success(request, "Person saved.")
            return redirect(back_url)
    return form_page(request, access, form, title=title, back_url=back_url)


def role_edit(request, slug, pk=None):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    role = get_object_or_404(Role, person__partnership=access.partnership, pk=pk) if pk else None
    initial = {}
    if role is None:
        for key in ("person", "subgroup", "kind"):
            if request.GET.get(key):
                initial[key] = request.GET[key]
    form = RoleForm(
        request.POST or None, instance=role, partnership=access.partnership, initial=initial
    )
    back_url = request.GET.get("next", "")
    if not back_url.startswith(f"/p/{slug}/"):
        back_url = reverse("partnership:person_list", args=[slug])
    return _setup_form(
        request,
        access,
        form,
        title="Change a role" if role else "Add a role",
        caption=str(role.person) if role else "",
        back_url=back_url,
        success="Role saved.",
    )


def arrangements_document_edit(request, slug, pk=None):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    document = (
        get_object_or_404(ArrangementsDocument, partnership=access.partnership, pk=pk)
        if pk
        else None
    )
    form = ArrangementsDocumentForm(
        request.POST or None, instance=document, partnership=access.partnership
    )
    return _setup_form(
        request,
        access,
        form,
        title="Change a published version" if document else "Add a published version",
        back_url=reverse("partnership:arrangements", args=[slug]),
        success="Published version saved.",
        prepare=_set_partnership(access),
    )


def arrangements_update_edit(request, slug, pk=None):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    update = (
        get_object_or_404(ArrangementsUpdate, partnership=access.partnership, pk=pk) if pk else None
    )
    form = ArrangementsUpdateForm(
        request.POST or None, instance=update, partnership=access.partnership
    )
    return _setup_form(
        request,
        access,
        form,
        title="Change an update to the arrangements"
        if update
        else "Add an update to the arrangements",
        back_url=reverse("partnership:arrangements", args=[slug]),
        success="Update to the arrangements saved.",
        prepare=_set_partnership(access),
    )


@login_not_required
def accessibility(request):
    """The accessibility statement the Public Sector Bodies Accessibility Regulations 2018
    ask for: open to everyone, linked from every page's footer."""
    return render(request, "partnership/accessibility.html")


@login_not_required
def healthz(request):
    """Liveness: the process answers. It reads nothing, so a slow part cannot fail it."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def readyz(request):
    """Readiness: the database, the cache and the task worker (``partnership.health``);
    503 naming each part that fails."""
    checks = health.report()
    failing = [name for name, (ok, _) in checks.items() if not ok]
    body = {
        "status": "failing" if failing else "ok",
        "failing": failing,
        "checks": {name: detail for name, (_, detail) in checks.items()},
    }
    return JsonResponse(body, status=503 if failing else 200)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from django.conf import settings

        context = super().get_context_data(**kwargs)
        context["sso"] = bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)
        return context


@login_not_required
def error_403(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def error_404(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def error_500(request):
    return render(request, "500.html", status=500)


def subject_access_export(request, slug, pk):
    """Everything held about one person of the partnership, for a subject access request."""
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    person = get_object_or_404(
        Person.objects.select_related("user", "partnership"), pk=pk, partnership=access.partnership
    )
    content = subject_access.build_zip(
        f"subject-access-{person.pk}",
        f"Everything {access.partnership.name} holds about {person.name}",
        subject_access.person_export(person),
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.zip"'
    return response
