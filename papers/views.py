"""Agendas, papers, packs and interests.

Who may do what (``partnership.access`` decides each):
- the chair of the meeting's sub-group and the business manager draft and publish the
  agenda, add papers and record declarations; they see drafts;
- once published, anyone in the partnership reads the agenda at the confidentiality
  levels ``Access.confidentiality_levels`` gives them (councillors: public items only);
  papers above a reader's level are listed as withheld, and asking for one is a 404;
- files are served only by ``paper_download`` and ``pack_download``, which ask on every
  request; downloads of restricted papers and packs are logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from papers import services
from papers.forms import (
    AgendaItemAddForm,
    DeclarationForm,
    InterestForm,
    PaperForm,
    StandingItemsForm,
    TimingForm,
    UploadForm,
)
from papers.models import (
    Agenda,
    AgendaPack,
    Declaration,
    Interest,
    ItemPlan,
    Paper,
    PaperVersion,
    highest_level,
)
from papers.pack import agenda_rows, pack_key
from partnership.access import Access, get_access
from partnership.models import Person
from partnership.views import form_page
from reviews.services import log_restricted_access
from subgroups.models import Confidentiality, Meeting, SubGroup
from subgroups.views.meetings import editable_item


# --- fetching, with the access rules ---------------------------------------------------
def _meeting(access: Access, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.for_partnership(access.partnership).select_related("subgroup"), pk=pk
    )


def _agenda(meeting: Meeting) -> Agenda | None:
    return Agenda.objects.filter(meeting=meeting).first()


def can_read_agenda(access: Access, meeting: Meeting, agenda: Agenda | None) -> bool:
    if access.can_edit_subgroup(meeting.subgroup_id):
        return True
    return agenda is not None and agenda.is_published and meeting.status != Meeting.Status.CANCELLED


def _readable_meeting(request, slug: str, pk: int) -> tuple[Access, Meeting, Agenda | None]:
    """404 outside the partnership, and for a draft agenda to anyone who cannot edit it."""
    access = get_access(request, slug)
    meeting = _meeting(access, pk)
    agenda = _agenda(meeting)
    if not can_read_agenda(access, meeting, agenda):
        raise Http404("No agenda has been published for this meeting")
    return access, meeting, agenda


def _editable_meeting(request, slug: str, pk: int) -> tuple[Access, Meeting]:
    access = get_access(request, slug)
    meeting = _meeting(access, pk)
    access.require(access.can_edit_subgroup(meeting.subgroup_id))
    return access, meeting


def _refused(request, meeting: Meeting):
    try:
        meeting.check_editable()
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("papers:agenda_detail", meeting.subgroup.partnership.slug, meeting.pk)
    return None


def _to_agenda(meeting: Meeting):
    return redirect("papers:agenda_detail", meeting.subgroup.partnership.slug, meeting.pk)


# --- the agenda page -------------------------------------------------------------------
@require_GET
def agenda_detail(request, slug, pk):
    access, meeting, agenda = _readable_meeting(request, slug, pk)
    levels = access.confidentiality_levels(meeting.subgroup_id)
    can_edit = access.can_edit_subgroup(meeting.subgroup_id)
    changes = list(agenda.changes.all()) if agenda else []
    pack = None
    if agenda:
        pack = AgendaPack.objects.filter(agenda=agenda, level=highest_level(levels)).first()
    return render(
        request,
        "papers/agenda_detail.html",
        {
            "access": access,
            "partnership": access.partnership,
            "meeting": meeting,
            "subgroup": meeting.subgroup,
            "agenda": agenda,
            "rows": agenda_rows(meeting, levels) if agenda else [],
            "changes": [(c, c.confidentiality in levels) for c in changes],
            "can_edit": can_edit and not meeting.is_locked,
            "pack": pack,
            "deadline": agenda.papers_deadline if agenda else services.papers_deadline(meeting),
            "my_person_id": min(access.person_ids) if access.person_ids else None,
        },
    )


@require_POST
def agenda_start(request, slug, pk):
    access, meeting = _editable_meeting(request, slug, pk)
    if refused := _refused(request, meeting):
        return refused
    services.start_agenda(meeting=meeting)
    messages.success(request, "Agenda started from the standing items.")
    return _to_agenda(meeting)


@require_POST
def agenda_publish(request, slug, pk):
    access, meeting = _editable_meeting(request, slug, pk)
    agenda = get_object_or_404(Agenda, meeting=meeting)
    try:
        told = services.publish_agenda(agenda=agenda, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request, f"Agenda published. {told} member{'s' if told != 1 else ''} told by email."
        )
    return _to_agenda(meeting)


def agenda_item_add(request, slug, pk):
    access, meeting = _editable_meeting(request, slug, pk)
    if refused := _refused(request, meeting):
        return refused
    agenda = get_object_or_404(Agenda, meeting=meeting)
    form = AgendaItemAddForm(request.POST or None, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        item = services.add_item(meeting=meeting, **form.cleaned_data)
        messages.success(request, f"Item {item.order} added.")
        return _to_agenda(agenda.meeting)
    return form_page(
        request,
        access,
        form,
        title="Add an item to the agenda",
        caption=str(meeting),
        back_url=services.agenda_url(agenda),
    )


def item_timing(request, slug, item_pk):
    access, item = editable_item(request, slug, item_pk)
    meeting = item.meeting
    if refused := _refused(request, meeting):
        return refused
    plan = ItemPlan.objects.filter(item=item).first()
    form = TimingForm(
        request.POST or None, initial={"minutes_allowed": plan.minutes_allowed if plan else None}
    )
    if request.method == "POST" and form.is_valid():
        services.set_timing(item=item, minutes_allowed=form.cleaned_data["minutes_allowed"])
        messages.success(request, f"Time for item {item.order} saved.")
        return _to_agenda(meeting)
    return form_page(
        request,
        access,
        form,
        title=f"Time for item {item.order}",
        caption=item.title,
        back_url=_agenda_back(meeting),
    )


def standing_items(request, slug, subgroup):
    access = get_access(request, slug)
    sg = get_object_or_404(SubGroup.objects.for_partnership(access.partnership), slug=subgroup)
    access.require(access.can_edit_subgroup(sg.pk))
    form = StandingItemsForm(
        request.POST or None,
        initial={
            "items": StandingItemsForm.as_text(services.standing_items(sg)),
            "papers_deadline_days": services.deadline_days(sg),
        },
    )
    if request.method == "POST" and form.is_valid():
        services.save_agenda_settings(
            subgroup=sg,
            deadline=form.cleaned_data["papers_deadline_days"],
            items=form.cleaned_data["items"],
        )
        messages.success(request, "Standing items and papers deadline saved.")
        return redirect(sg)
    return form_page(
        request,
        access,
        form,
        title="Standing items and papers deadline",
        caption=sg.name,
        intro="Every new agenda of this sub-group starts from these items.",
        back_url=sg.get_absolute_url(),
    )


# --- papers ----------------------------------------------------------------------------
def paper_add(request, slug, item_pk):
    access, item = editable_item(request, slug, item_pk)
    meeting = item.meeting
    if refused := _refused(request, meeting):
        return refused
    form = PaperForm(
        request.POST or None, request.FILES or None, item=item, raw_names=_raw_names(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_paper(
                item=item,
                title=form.cleaned_data["title"],
                confidentiality=form.cleaned_data["confidentiality"],
                upload=form.cleaned_data["file"],
                checked=form.checked,
                filename=form.filename,
                by=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Paper added to item {item.order}.")
            return _to_agenda(meeting)
    return form_page(
        request,
        access,
        form,
        title=f"Add a paper to item {item.order}",
        caption=item.title,
        back_url=_agenda_back(meeting),
        status=400 if form.is_bound and form.errors else 200,
    )


def _raw_names(request) -> list[str]:
    return getattr(request, "raw_upload_names", [])


def _agenda_back(meeting: Meeting) -> str:
    agenda = _agenda(meeting)
    return services.agenda_url(agenda) if agenda else meeting.get_absolute_url()


def paper_replace(request, slug, pk):
    access = get_access(request, slug)
    paper = get_object_or_404(
        Paper.objects.for_partnership(access.partnership).select_related("item__meeting__subgroup"),
        pk=pk,
    )
    meeting = paper.item.meeting
    access.require(access.can_edit_subgroup(meeting.subgroup_id))
    if refused := _refused(request, meeting):
        return refused
    form = UploadForm(request.POST or None, request.FILES or None, raw_names=_raw_names(request))
    form.submit_label = "Upload the new version"
    if request.method == "POST" and form.is_valid():
        services.replace_paper(
            paper=paper,
            upload=form.cleaned_data["file"],
            checked=form.checked,
            filename=form.filename,
            by=request.user,
        )
        messages.success(request, "New version uploaded; the earlier one is kept.")
        return _to_agenda(meeting)
    return form_page(
        request,
        access,
        form,
        title="Upload a new version",
        caption=paper.title,
        back_url=_agenda_back(meeting),
        status=400 if form.is_bound and form.errors else 200,
    )


def _serve(storage_file, filename: str, content_type: str) -> FileResponse:
    try:
        opened = storage_file.open("rb")
    except FileNotFoundError:
        # A record whose file storage does not hold (restored without its files, or lost):
        # not found, rather than a server error.
        raise Http404("The file is not in storage.") from None
    response = FileResponse(
        opened, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def paper_download(request, slug, pk):
    """The one way to a paper's file: asks on every request, logs restricted ones."""
    access = get_access(request, slug)
    version = get_object_or_404(
        PaperVersion.objects.filter(
            paper__item__meeting__subgroup__partnership=access.partnership
        ).select_related("paper__item__meeting__subgroup"),
        pk=pk,
    )
    paper = version.paper
    meeting = paper.item.meeting
    levels = access.confidentiality_levels(meeting.subgroup_id)
    if not (
        can_read_agenda(access, meeting, _agenda(meeting))
        and paper.confidentiality in levels
        and paper.item.confidentiality in levels
    ):
        raise Http404("No such paper")
    if paper.confidentiality == Confidentiality.RESTRICTED:
        log_restricted_access(request.user, version, partnership=access.partnership)
    return _serve(version.file, version.filename, version.content_type)


@require_GET
def pack_download(request, slug, pk):
    access, meeting, agenda = _readable_meeting(request, slug, pk)
    if agenda is None:
        raise Http404("No agenda")
    level = highest_level(access.confidentiality_levels(meeting.subgroup_id))
    pack = AgendaPack.objects.filter(agenda=agenda, level=level).first()
    if pack is None or pack.source_key != pack_key(agenda, level):
        # Never an out-of-date pack: it could hold an item since made more confidential.
        services.queue_packs(agenda)
        response = render(
            request,
            "papers/pack_pending.html",
            {"access": access, "partnership": access.partnership, "meeting": meeting},
            status=503,
        )
        response["Retry-After"] = "30"
        return response
    if level == Confidentiality.RESTRICTED:
        log_restricted_access(request.user, pack, partnership=access.partnership)
    day = timezone.localtime(meeting.starts_at).date()
    name = f"{meeting.subgroup.short_name or meeting.subgroup.slug} agenda pack {day:%Y-%m-%d}.pdf"
    return _serve(pack.file, name, "application/pdf")


# --- declarations and the register of interests ----------------------------------------
def declaration_add(request, slug, item_pk):
    access, item = editable_item(request, slug, item_pk)
    meeting = item.meeting
    if refused := _refused(request, meeting):
        return refused
    form = DeclarationForm(request.POST or None, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            Declaration.objects.create(item=item, **form.cleaned_data)
            agenda = _agenda(meeting)
            if agenda:
                services.queue_packs(agenda)
        messages.success(request, "Declaration recorded.")
        return _to_agenda(meeting)
    return form_page(
        request,
        access,
        form,
        title=f"Record a declaration of interest on item {item.order}",
        caption=item.title,
        back_url=_agenda_back(meeting),
    )


def _register_person(request, slug, pk) -> tuple[Access, Person]:
    """The register is kept by the person themselves and by the business manager."""
    access = get_access(request, slug)
    person = get_object_or_404(Person.objects.filter(partnership=access.partnership), pk=pk)
    access.require(access.is_business_manager or person.pk in access.person_ids)
    return access, person


@require_GET
def interest_list(request, slug, pk):
    access, person = _register_person(request, slug, pk)
    return render(
        request,
        "papers/interest_list.html",
        {
            "access": access,
            "partnership": access.partnership,
            "person": person,
            "interests": person.interests.all(),
        },
    )


def interest_edit(request, slug, pk, interest_pk=None):
    access, person = _register_person(request, slug, pk)
    interest = get_object_or_404(Interest, person=person, pk=interest_pk) if interest_pk else None
    form = InterestForm(request.POST or None, instance=interest)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.person = person
        saved.recorded_by = request.user
        saved.save()
        messages.success(request, "Register of interests updated.")
        return redirect("papers:interest_list", access.partnership.slug, person.pk)
    return form_page(
        request,
        access,
        form,
        title="Change an interest" if interest else "Add an interest",
        caption=f"Register of interests: {person.name}",
        back_url=reverse("papers:interest_list", args=[access.partnership.slug, person.pk]),
    )
