"""CSV exports: UTF-8 with a BOM (Excel then reads Arabic right), and formula-safe cells."""

import csv
import io

from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
