from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render

from partnership.access import get_access
from partnership.forms import LoginForm
from partnership.models import Organisation, OrganisationName, Partnership, Person, Role


def home(request):
    partnerships = list(Partnership.objects.for_user(request.user))
    if len(partnerships) == 1:
        return redirect(partnerships[0])
    return render(request, "partnership/home.html", {"partnerships": partnerships})


def dashboard(request, slug):
    access = get_access(request, slug)
    from subgroups.models import Action, SubGroup

    partnership = access.partnership
    subgroups = (
        SubGroup.objects.for_partnership(partnership)
        .filter(of_predecessor_board=False, ended_on__isnull=True)
        .annotate(meeting_count=Count("meetings"))
    )
    actions = Action.objects.for_partnership(partnership)
    if access.is_scrutiny_only:
        actions = actions.filter(item__meeting__minutes_status="confirmed", item__confidentiality="public")
    counts = actions.aggregate(
        open=Count("pk", filter=Q(status__in=Action.OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(pk__in=actions.overdue().values("pk"))),
    )
    return render(
        request,
        "partnership/dashboard.html",
        {"access": access, "partnership": partnership, "subgroups": subgroups, "counts": counts},
    )


def organisation_list(request, slug):
    access = get_access(request, slug)
    organisations = (
        Organisation.objects.for_partnership(access.partnership)
        .prefetch_related(Prefetch("names", queryset=OrganisationName.objects.order_by("valid_from")))
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
    return render(
        request,
        "partnership/arrangements.html",
        {
            "access": access,
            "partnership": partnership,
            "documents": partnership.arrangements_documents.all(),
            "updates": partnership.arrangements_updates.all(),
        },
    )


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


@login_not_required
def error_403(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def error_404(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def error_500(request):
    return render(request, "500.html", status=500)
