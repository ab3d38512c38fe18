from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from literacy.classrooms import exports, permissions, selectors, services
from literacy.classrooms.forms import (
    AssignmentForm,
    ClassroomForm,
    CoTeacherForm,
    JoinCodeForm,
    PupilNamesForm,
)
from literacy.classrooms.models import Assignment, ClassExport, Classroom
from literacy.classrooms.qr import qr_png, qr_svg
from literacy.progress.selectors import dashboard_for

PINS_KEY = "classroom-pins-{pk}"


def _classroom(request, pk, check=permissions.can_view_classroom) -> Classroom:
    classroom = selectors.classroom_for_teacher(user=request.user, pk=pk)
    if not check(request.user, classroom):
        raise Http404
    return classroom


def _join_url(request, classroom) -> str:
    return request.build_absolute_uri(classroom.get_join_url())


def _csv_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Teachers ---------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def teacher_home(request):
    if not request.user.is_teacher:
        raise Http404
    allowed, reason = permissions.teacher_may_create_classes(request.user)
    context = {
        "home": selectors.teacher_home(user=request.user),
        "can_create": allowed,
        "reason": reason,
        "today": timezone.localdate(),
    }
    return render(request, "classrooms/classroom_list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def classroom_create(request):
    if not request.user.is_teacher:
        raise Http404
    allowed, reason = permissions.teacher_may_create_classes(request.user)
    form = ClassroomForm(request.POST or None)
    if allowed and request.method == "POST" and form.is_valid():
        try:
            classroom = services.classroom_create(owner=request.user, **form.cleaned_data)
        except services.ClassroomError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your class is ready. Share its code with your pupils."))
            return redirect("classrooms:manage", pk=classroom.pk)
    return render(
        request, "classrooms/classroom_form.html", {"form": form, "allowed": allowed, "reason": reason}
    )


@never_cache
@login_required
@require_GET
def classroom_detail(request, pk):
    classroom = _classroom(request, pk)
    grid = selectors.classroom_grid(classroom=classroom)
    can_assign = permissions.can_assign_classroom(request.user, classroom)
    # The page's one CSRF token (what {% csrf_token %} would render), also in the remove forms.
    csrf_token = get_token(request)
    context = {
        "classroom": classroom,
        "grid": grid,
        "export_later": exports.is_large(classroom=classroom, pupils=len(grid.rows)),
        "quizzes": selectors.quizzes_of_curriculum(classroom=classroom),
        "mastery": selectors.classroom_mastery(classroom=classroom),
        "discernment": selectors.classroom_discernment(classroom=classroom),
        "can_assign": can_assign,
        "can_manage": permissions.can_manage_classroom(request.user, classroom),
        "is_owner": classroom.viewer_role == permissions.OWNER,
        "csrf_token": csrf_token,
        "remove_forms": (
            grid.remove_forms_html(classroom_id=classroom.pk, csrf_token=csrf_token) if can_assign else ""
        ),
    }
    return render(request, "classrooms/classroom_detail.html", context)


@never_cache
@login_required
@require_GET
def classroom_manage(request, pk):
    classroom = _classroom(request, pk)
    join_url = _join_url(request, classroom)
    context = {
        "classroom": classroom,
        "join_url": join_url,
        "qr": qr_svg(join_url, title=_("QR code of the join link")),
        "co_teachers": selectors.co_teachers_of(classroom=classroom),
        "co_teacher_form": CoTeacherForm(),
        "can_manage": permissions.can_manage_classroom(request.user, classroom),
        "can_archive": permissions.can_archive_classroom(request.user, classroom),
        "can_delete": permissions.can_delete_classroom(request.user, classroom),
    }
    return render(request, "classrooms/classroom_manage.html", context)


@never_cache
@login_required
@require_GET
def classroom_qr_png(request, pk):
    classroom = _classroom(request, pk)
    response = HttpResponse(qr_png(_join_url(request, classroom)), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="wai-class-{classroom.join_code}.png"'
    return response


@login_required
@require_POST
def classroom_code_regenerate(request, pk):
    classroom = _classroom(request, pk, permissions.can_manage_classroom)
    services.classroom_code_regenerate(classroom=classroom)
    messages.success(request, _("The class has a new code. The old code no longer works."))
    return redirect("classrooms:manage", pk=pk)


@login_required
@require_POST
def classroom_status(request, pk):
    status = request.POST.get("status")
    check = permissions.can_archive_classroom if status == "archived" else permissions.can_manage_classroom
    classroom = _classroom(request, pk, check)
    if status not in Classroom.Status.values:
        raise Http404
    services.classroom_status_set(classroom=classroom, status=status)
    messages.success(
        request,
        {
            "open": _("The class is open: pupils can join with its code."),
            "closed": _("The class is closed to new pupils."),
            "archived": _("The class is archived. Its results stay readable."),
        }[status],
    )
    return redirect("classrooms:manage", pk=pk)


@login_required
@require_POST
def classroom_delete(request, pk):
    classroom = _classroom(request, pk, permissions.can_delete_classroom)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the deletion."))
        return redirect("classrooms:manage", pk=pk)
    services.classroom_delete(classroom=classroom)
    messages.success(request, _("The class was deleted. Your pupils keep their accounts and their work."))
    return redirect("classrooms:list")


@login_required
@require_POST
def co_teacher_add(request, pk):
    classroom = _classroom(request, pk, permissions.can_manage_classroom)
    form = CoTeacherForm(request.POST)
    if form.is_valid():
        try:
            services.co_teacher_add(classroom=classroom, username=form.cleaned_data["username"])
        except services.ClassroomError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The teacher can now see this class and assign work."))
    return redirect("classrooms:manage", pk=pk)


@login_required
@require_POST
def co_teacher_remove(request, pk, user_id):
    classroom = _classroom(request, pk, permissions.can_manage_classroom)
    teacher = next((t for t in selectors.co_teachers_of(classroom=classroom) if t.pk == user_id), None)
    if teacher is None:
        raise Http404
    services.member_remove(classroom=classroom, user=teacher)
    messages.success(request, _("The co-teacher was removed from the class."))
    return redirect("classrooms:manage", pk=pk)


# --- Pupils -----------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def pupils_add(request, pk):
    classroom = _classroom(request, pk, permissions.can_manage_classroom)
    form = PupilNamesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.pupils_create(
            classroom=classroom, names=form.cleaned_data["names"], created_by=request.user
        )
        for name in result.duplicates_in_list:
            messages.error(request, _("“%(name)s” appears twice in the list: added once.") % {"name": name})
        for name in result.already_in_class:
            messages.error(
                request, _("“%(name)s” is already in the class: not added again.") % {"name": name}
            )
        if result.created:
            request.session[PINS_KEY.format(pk=pk)] = {str(user.pk): pin for user, pin in result.created}
            count = len(result.created)
            messages.success(
                request,
                ngettext(
                    "%(count)s pupil account was created. Print the cards now: the PIN is shown only once.",
                    "%(count)s pupil accounts were created. Print the cards now: PINs are shown only once.",
                    count,
                )
                % {"count": count},
            )
            return redirect("classrooms:cards", pk=pk)
        return redirect("classrooms:pupils_add", pk=pk)
    return render(request, "classrooms/pupils_add.html", {"classroom": classroom, "form": form})


@never_cache
@login_required
@require_GET
def pupil_cards(request, pk):
    classroom = _classroom(request, pk, permissions.can_manage_classroom)
    pins = {int(k): v for k, v in request.session.pop(PINS_KEY.format(pk=pk), {}).items()}
    pupils = selectors.pupils_of(classroom=classroom)
    if pins:
        pupils = [p for p in pupils if p.pk in pins]
    join_url = _join_url(request, classroom)
    context = {
        "classroom": classroom,
        "cards": [(pupil, pins.get(pupil.pk)) for pupil in pupils],
        "fresh": bool(pins),
        "join_url": join_url,
        "qr": qr_svg(join_url, scale=3, title=_("QR code of the join link")),
        "login_url": request.build_absolute_uri(reverse("account_login")),
    }
    return render(request, "classrooms/pupil_cards.html", context)


@never_cache
@login_required
@require_GET
def pupil_detail(request, pk, user_id):
    classroom = _classroom(request, pk)
    pupil = selectors.pupil_of(classroom=classroom, user_id=user_id)
    grid = selectors.classroom_grid(classroom=classroom, pupils=[pupil])
    context = {
        "classroom": classroom,
        "pupil": pupil,
        "items": list(zip(grid.assignments, grid.rows[0].cells, strict=True)),
        "dashboard": dashboard_for(user=pupil),
        "can_manage": permissions.can_manage_classroom(request.user, classroom),
        "mastery_window": settings.WAI_MASTERY_WINDOW,
    }
    return render(request, "classrooms/pupil_detail.html", context)


@login_required
@require_POST
def pupil_pin_reset(request, pk, user_id):
    classroom = _classroom(request, pk, permissions.can_manage_classroom)
    pupil = selectors.pupil_of(classroom=classroom, user_id=user_id)
    try:
        pin = services.pupil_pin_reset(classroom=classroom, user=pupil)
    except services.ClassroomError as error:
        messages.error(request, error.message)
        return redirect("classrooms:pupil", pk=pk, user_id=user_id)
    request.session[PINS_KEY.format(pk=pk)] = {str(pupil.pk): pin}
    messages.success(request, _("A new PIN was made. Print the card now: it is shown only once."))
    return redirect("classrooms:cards", pk=pk)


@login_required
@require_POST
def pupil_remove(request, pk, user_id):
    classroom = _classroom(request, pk, permissions.can_manage_classroom)
    pupil = selectors.pupil_of(classroom=classroom, user_id=user_id)
    services.member_remove(classroom=classroom, user=pupil)
    messages.success(request, _("The pupil left the class. Their account and their work stay theirs."))
    return redirect("classrooms:detail", pk=pk)


# --- Assignments and analysis -------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request, pk):
    classroom = _classroom(request, pk, permissions.can_assign_classroom)
    form = AssignmentForm(request.POST or None, classroom=classroom)
    if request.method == "POST" and form.is_valid():
        kind, target_id = form.cleaned_data["target"]
        try:
            services.assignment_create(
                classroom=classroom,
                kind=kind,
                target_id=target_id,
                due_on=form.cleaned_data["due_on"],
                created_by=request.user,
            )
        except services.ClassroomError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Assigned. Your pupils see it on their class page."))
            return redirect("classrooms:detail", pk=pk)
    return render(request, "classrooms/assignment_form.html", {"classroom": classroom, "form": form})


@login_required
@require_POST
def assignment_delete(request, pk, assignment_id):
    classroom = _classroom(request, pk, permissions.can_assign_classroom)
    assignment = (
        Assignment.objects.filter(pk=assignment_id, classroom=classroom).select_related("classroom").first()
    )
    if assignment is None:
        raise Http404
    services.assignment_delete(assignment=assignment)
    messages.success(request, _("The assignment was removed."))
    return redirect("classrooms:detail", pk=pk)


@never_cache
@login_required
@require_GET
def quiz_analysis(request, pk, quiz_id):
    classroom = _classroom(request, pk)
    quiz = selectors.quiz_of_classroom(classroom=classroom, quiz_id=quiz_id)
    context = {
        "classroom": classroom,
        "quiz": quiz,
        "rows": selectors.quiz_analysis(classroom=classroom, quiz=quiz),
        "export_later": exports.is_large(classroom=classroom),
    }
    return render(request, "classrooms/quiz_analysis.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def quiz_analysis_csv(request, pk, quiz_id):
    classroom = _classroom(request, pk)
    quiz = selectors.quiz_of_classroom(classroom=classroom, quiz_id=quiz_id)
    if exports.is_large(classroom=classroom):
        return _export_later(request, classroom, ClassExport.Kind.QUESTIONS, quiz)
    return _csv_response(
        exports.analysis_csv(classroom=classroom, quiz=quiz), exports.analysis_filename(pk, quiz)
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def grid_csv(request, pk):
    classroom = _classroom(request, pk)
    if exports.is_large(classroom=classroom):
        return _export_later(request, classroom, ClassExport.Kind.GRID)
    return _csv_response(exports.grid_csv(classroom=classroom), exports.grid_filename(pk))


def _export_later(request, classroom, kind, quiz=None):
    """A large class: a POST asks for the file (made in the background), a GET only leads to the
    exports page, where the teacher asks for it (a link followed must not start work)."""
    if request.method == "POST":
        services.class_export_request(classroom=classroom, kind=kind, quiz=quiz, requested_by=request.user)
        messages.success(
            request, _("The file is being prepared. It appears below when it is ready to download.")
        )
    else:
        messages.info(
            request,
            _("This class is large: its files are prepared in the background. Ask for one below."),
        )
    return redirect("classrooms:exports", pk=classroom.pk)


@never_cache
@login_required
@require_GET
def export_list(request, pk):
    classroom = _classroom(request, pk)
    items = exports.exports_of(classroom=classroom)
    context = {
        "classroom": classroom,
        "exports": items,
        "pending": any(item.is_pending for item in items),
        "quizzes": selectors.quizzes_of_curriculum(classroom=classroom),
    }
    return render(request, "classrooms/classexport_list.html", context)


@never_cache
@login_required
@require_GET
def export_download(request, pk, export_id):
    classroom = _classroom(request, pk)
    export = exports.export_of(classroom=classroom, export_id=export_id)
    if export is None or not export.is_ready:
        raise Http404
    if export.kind == ClassExport.Kind.QUESTIONS:
        filename = exports.analysis_filename(pk, export.quiz)
    else:
        filename = exports.grid_filename(pk)
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="text/csv; charset=utf-8")


# --- Learners -----------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def my_classes(request):
    context = {"classes": selectors.classes_for_pupil(user=request.user), "form": JoinCodeForm()}
    return render(request, "classrooms/my_classes.html", context)


@require_GET
def join(request):
    form = JoinCodeForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("classrooms:join_code", code=form.cleaned_data["code"])
    return render(request, "classrooms/join.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def join_code(request, code):
    classroom = selectors.classroom_by_code(code=code)
    if classroom is None:
        return render(request, "classrooms/join.html", {"form": JoinCodeForm(), "unknown": True}, status=404)
    problem = ""
    if not classroom.is_open:
        problem = (
            _("This class is archived and no longer accepts pupils.")
            if classroom.is_archived
            else _("This class is closed: it does not accept new pupils. Ask your teacher.")
        )
    elif request.method == "POST":
        try:
            services.classroom_join(classroom=classroom, user=request.user)
        except services.ClassroomError as error:
            problem = error.message
        else:
            messages.success(request, _("Welcome to the class “%(name)s”.") % {"name": classroom.name})
            return redirect("classrooms:mine")
    return render(request, "classrooms/join_confirm.html", {"classroom": classroom, "problem": problem})


@login_required
def account_email(request):
    """allauth's e-mail page, closed to pupils whose account a teacher manages: they have no
    e-mail address on purpose (minors), and the teacher resets their PIN instead."""
    from allauth.account.views import email as allauth_email

    if hasattr(request.user, "managed_pupil"):
        messages.info(request, _("Your teacher manages this account: it has no e-mail address."))
        return redirect("accounts:profile")
    return allauth_email(request)
