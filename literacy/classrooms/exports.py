"""CSV exports: UTF-8 with a BOM (Excel then reads Arabic right), and formula-safe cells.

The same functions make the file whether the view sends it at once (small classes) or
``class_export_task`` writes it for a large class: the numbers are those of the screen."""

import csv
import io

from django.conf import settings
from django.utils.translation import gettext as _

from literacy.classrooms import selectors
from literacy.classrooms.models import ClassExport, Classroom, Membership
from literacy.core.spreadsheets import safe_cell


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def grid_rows(grid):
    yield [_("Pupil"), _("Username"), *[_assignment_heading(a) for a in grid.assignments], _("Done")]
    for row in grid.rows:
        yield [row.pupil.display_name, row.pupil.username, *[c.label for c in row.cells], row.done_count]


def _assignment_heading(assignment) -> str:
    if assignment.due_on:
        return f"{assignment.title} ({assignment.due_on.isoformat()})"
    return assignment.title


def analysis_rows(rows):
    yield [
        _("Question"),
        _("Prompt"),
        _("Answers"),
        _("Share right (%)"),
        _("Most chosen wrong option"),
        _("Chosen by"),
        _("Explanation"),
    ]
    for row in rows:
        yield [
            row.number,
            row.question.prompt,
            row.answers,
            "" if row.percent_right is None else row.percent_right,
            str(row.most_chosen_wrong) if row.most_chosen_wrong else "",
            row.most_chosen_wrong_count,
            row.question.explanation,
        ]


# --- Whole files, for the views and the export task ------------------------------------------------


def grid_csv(*, classroom: Classroom) -> bytes:
    return csv_bytes(grid_rows(selectors.classroom_grid(classroom=classroom)))


def analysis_csv(*, classroom: Classroom, quiz) -> bytes:
    return csv_bytes(analysis_rows(selectors.quiz_analysis(classroom=classroom, quiz=quiz)))


def grid_filename(classroom_id: int) -> str:
    return f"wai-class-{classroom_id}-grid.csv"


def analysis_filename(classroom_id: int, quiz) -> str:
    return f"wai-class-{classroom_id}-quiz-{quiz.slug}.csv"


def export_content(export: ClassExport) -> tuple[bytes, str]:
    """(content, download name) of an export, from the class's data as it is now."""
    if export.kind == ClassExport.Kind.QUESTIONS:
        return (
            analysis_csv(classroom=export.classroom, quiz=export.quiz),
            analysis_filename(export.classroom_id, export.quiz),
        )
    return grid_csv(classroom=export.classroom), grid_filename(export.classroom_id)


# --- Reads of the exports ---------------------------------------------------------------------------

EXPORTS_LISTED = 30


def is_large(*, classroom: Classroom, pupils: int | None = None) -> bool:
    """Above WAI_EXPORT_INLINE_MAX_PUPILS pupils a class's exports are made in the background."""
    if pupils is None:
        pupils = Membership.objects.filter(classroom=classroom, role=Membership.Role.PUPIL).count()
    return pupils > settings.WAI_EXPORT_INLINE_MAX_PUPILS


def exports_of(*, classroom: Classroom) -> list[ClassExport]:
    """The class's latest exports, newest first: one query."""
    return list(
        ClassExport.objects.filter(classroom=classroom)
        .select_related("quiz", "requested_by")
        .only(
            "pk",
            "classroom_id",
            "kind",
            "status",
            "file",
            "created",
            "finished",
            "quiz__title",
            "quiz__slug",
            "requested_by__username",
            "requested_by__display_name",
        )[:EXPORTS_LISTED]
    )


def export_of(*, classroom: Classroom, export_id: int) -> ClassExport | None:
    return ClassExport.objects.filter(classroom=classroom, pk=export_id).select_related("quiz").first()
