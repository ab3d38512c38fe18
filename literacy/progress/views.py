from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from literacy.curricula.models import Lesson
from literacy.curricula.permissions import can_view_lesson
from literacy.progress.services import lesson_progress_complete


@login_required
@require_POST
def lesson_done(request, lesson_id):
    lesson = get_object_or_404(Lesson.objects.select_related("unit__curriculum"), pk=lesson_id)
    if not (lesson.is_published and can_view_lesson(request.user, lesson)):
        raise Http404
    lesson_progress_complete(user=request.user, lesson=lesson)
    messages.success(request, _("Well done: lesson marked as finished."))
    return redirect(lesson)
