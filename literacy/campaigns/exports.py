"""The funnel as CSV: UTF-8 with a BOM (Excel then reads Arabic right), formula-safe text cells
(a source's name is typed by a manager; numbers, negative discernment included, stay numbers),
and the dashboard's small-count rule ("< 5"). One row per day and source, aggregates only."""

import csv
import io

from django.utils.translation import gettext as _

from literacy.campaigns import selectors
from literacy.campaigns.selectors import Counts, shown
from literacy.core.spreadsheets import safe_cell


def _mean(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def funnel_rows(*, campaign):
    yield [
        _("Day"),
        _("Source"),
        _("Link code"),
        _("Visits"),
        _("Unique visitors"),
        _("Lessons started"),
        _("Lessons finished"),
        _("Quizzes finished"),
        _("Average score (%)"),
        _("Discernment before"),
        _("Discernment after"),
        _("Accounts created"),
    ]
    for row in selectors.export_rows(campaign=campaign):
        counts = Counts.of({metric: getattr(row, metric) for metric in Counts.__dataclass_fields__})
        yield [
            row.day.isoformat(),
            safe_cell(row.source.name),
            row.source.code,
            shown(counts.visits),
            shown(counts.visitors),
            shown(counts.lessons_started),
            shown(counts.lessons_finished),
            shown(counts.quizzes_finished),
            _mean(counts.average_score, 1),
            _mean(counts.before, 2),
            _mean(counts.after, 2),
            shown(counts.signups),
        ]


def funnel_csv(*, campaign) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in funnel_rows(campaign=campaign):
        writer.writerow(row)  # text typed by a manager went through safe_cell; the rest are numbers
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def funnel_filename(campaign) -> str:
    return f"wai-campaign-{campaign.pk}-funnel.csv"
