"""Training courses, their sessions, attendance by agency, and evaluations."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Sum
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from evidence import access as rules
from evidence.forms import (
    CourseEvaluationForm,
    CourseForm,
    SessionAttendanceForm,
    TrainingSessionForm,
)
from evidence.models import (
    Course,
    CourseEvaluation,
    SessionAttendance,
    TrainingSession,
)

from .common import context, form_page, posted, reader, save_form


def _qa_editor(request, slug):
    access = reader(request, slug)
    access.require(rules.can_edit_quality_assurance(access))
    return access


def course_list(request, slug):
    access = reader(request, slug)
    courses = Course.objects.for_partnership(access.partnership).annotate(
        n_sessions=Count("sessions", distinct=True),
        n_attended=Sum("sessions__attendance__count"),
    )
    return render(request, "evidence/course_list.html", context(access, courses=courses))


def course_detail(request, slug, pk):
    access = reader(request, slug)
    course = get_object_or_404(
        Course.objects.for_partnership(access.partnership).prefetch_related(
            Prefetch(
                "sessions",
                queryset=TrainingSession.objects.prefetch_related(
                    Prefetch(
                        "attendance",
                        queryset=SessionAttendance.objects.select_related("organisation"),
                    )
                ),
            ),
            "evaluations",
        ),
        pk=pk,
    )
    by_agency: dict[str, int] = {}
    for session in course.sessions.all():
        for row in session.attendance.all():
            by_agency[row.organisation.name] = by_agency.get(row.organisation.name, 0) + row.count
    return render(
        request,
        "evidence/course_detail.html",
        context(
            access,
            course=course,
            by_agency=sorted(by_agency.items()),
            total_attended=sum(by_agency.values()),
            can_edit=rules.can_edit_quality_assurance(access),
        ),
    )


@require_http_methods(["GET", "POST"])
def course_edit(request, slug, pk=None):
    access = _qa_editor(request, slug)
    course = (
        get_object_or_404(Course.objects.for_partnership(access.partnership), pk=pk)
        if pk
        else Course(partnership=access.partnership)
    )
    form = CourseForm(posted(request), instance=course)
    response = save_form(
        request,
        form,
        save=lambda f: f.save(),
        redirect_to=lambda c: c.get_absolute_url(),
        success="Course saved.",
    )
    return response or form_page(
        request,
        access,
        form,
        title="Change course" if pk else "Add a course",
        back_url=reverse("evidence:course_list", args=[slug]),
    )


@require_http_methods(["GET", "POST"])
def session_add(request, slug, pk):
    access = _qa_editor(request, slug)
    course = get_object_or_404(Course.objects.for_partnership(access.partnership), pk=pk)
    form = TrainingSessionForm(
        posted(request),
        instance=TrainingSession(course=course),
        initial={"delivery_mode": course.delivery_mode},
    )
    response = save_form(
        request,
        form,
        save=lambda f: f.save(),
        redirect_to=lambda s: reverse("evidence:session_detail", args=[slug, s.pk]),
        success="Session added. Now record who attended.",
    )
    return response or form_page(
        request,
        access,
        form,
        title="Add a session",
        caption=course.title,
        back_url=course.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def session_detail(request, slug, pk):
    access = reader(request, slug)
    session = get_object_or_404(
        TrainingSession.objects.for_partnership(access.partnership).select_related("course"), pk=pk
    )
    can_edit = rules.can_edit_quality_assurance(access)
    if request.method == "POST":
        access.require(can_edit)
    form = None
    if can_edit:
        form = SessionAttendanceForm(
            posted(request),
            instance=SessionAttendance(session=session),
            partnership=access.partnership,
        )
        response = save_form(
            request,
            form,
            save=lambda f: f.save(),
            redirect_to=request.path,
            success="Attendance recorded.",
        )
        if response:
            return response
    attendance = session.attendance.select_related("organisation")
    return render(
        request,
        "evidence/session_detail.html",
        context(
            access,
            session=session,
            attendance=attendance,
            form=form,
            total=sum(a.count for a in attendance),
        ),
    )


@require_http_methods(["GET", "POST"])
def evaluation_add(request, slug, pk):
    access = _qa_editor(request, slug)
    course = get_object_or_404(Course.objects.for_partnership(access.partnership), pk=pk)
    form = CourseEvaluationForm(posted(request), instance=CourseEvaluation(course=course))
    response = save_form(
        request,
        form,
        save=lambda f: f.save(),
        redirect_to=course.get_absolute_url(),
        success="Evaluation added.",
    )
    return response or form_page(
        request,
        access,
        form,
        title="Add an evaluation",
        caption=course.title,
        back_url=course.get_absolute_url(),
        intro="Satisfaction is not enough on its own: say what practitioners now do differently.",
    )
