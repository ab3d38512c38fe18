"""The dashboard's daily chart as inline SVG, drawn on the server (no charting library, no CDN,
no JavaScript). Two series, visits and unique visitors, as bars: one path per series, so a year of
days stays a few kilobytes. Beyond ``DAILY_MAX`` days the bars are weeks. A value of 1 to 4 is
drawn at the height of 5 in a lighter tone, and its table cell says "< 5": small groups cannot be
read off the chart either."""

from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from literacy.campaigns.selectors import SMALL, Counts, shown

DAILY_MAX = 120
WIDTH, HEIGHT, PAD_X, PAD_TOP, PAD_BOTTOM = 720, 220, 44, 16, 28


@dataclass
class Bucket:
    start: date
    end: date
    counts: Counts

    @property
    def label(self) -> str:
        return (
            self.start.isoformat()
            if self.start == self.end
            else f"{self.start.isoformat()} – {self.end.isoformat()}"
        )


@dataclass
class Chart:
    svg: SafeString
    buckets: list[Bucket]
    weekly: bool


def buckets(days: list[tuple[date, Counts]]) -> tuple[list[Bucket], bool]:
    if len(days) <= DAILY_MAX:
        return [Bucket(day, day, counts) for day, counts in days], False
    weeks = []
    for index in range(0, len(days), 7):
        chunk = days[index : index + 7]
        weeks.append(Bucket(chunk[0][0], chunk[-1][0], sum((c for _, c in chunk), Counts())))
    return weeks, True


def _nice_max(value: int) -> int:
    """The top of the axis: four round steps (0, 1500, 3000, 4500, 6000) holding ``value``."""
    quarter = max(value, SMALL * 2) / 4
    magnitude = 10 ** max(0, len(str(int(quarter))) - 1)
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        step = factor * magnitude
        if step >= quarter and step == int(step):
            return int(step * 4)
    return int(40 * magnitude)


def _bars(values: list[int], top: int, x0: float, slot: float, width: float) -> tuple[str, str]:
    """(path of the exact bars, path of the small ones), in SVG path syntax."""
    plot = HEIGHT - PAD_TOP - PAD_BOTTOM
    exact, small = [], []
    for index, value in enumerate(values):
        if not value:
            continue
        height = plot * max(value, SMALL) / top
        x = x0 + index * slot
        segment = f"M{x:.1f} {HEIGHT - PAD_BOTTOM:.1f}v-{height:.1f}h{width:.1f}v{height:.1f}z"
        (small if value < SMALL else exact).append(segment)
    return "".join(exact), "".join(small)


def daily_chart(days: list[tuple[date, Counts]]) -> Chart:
    items, weekly = buckets(days)
    visits = [b.counts.visits for b in items]
    visitors = [b.counts.visitors for b in items]
    top = _nice_max(max(visits + visitors + [0]))
    slot = (WIDTH - PAD_X - 8) / max(len(items), 1)
    visits_exact, visits_small = _bars(visits, top, PAD_X, slot, max(slot * 0.8, 0.6))
    visitors_exact, visitors_small = _bars(visitors, top, PAD_X + slot * 0.25, slot, max(slot * 0.4, 0.4))
    plot = HEIGHT - PAD_TOP - PAD_BOTTOM
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"/>'
        '<text x="{}" y="{}" class="chart-axis" text-anchor="end">{}</text>',
        (
            (PAD_X, WIDTH - 8, y, y, PAD_X - 6, y + 4, value)
            for value, y in ((top * n // 4, HEIGHT - PAD_BOTTOM - plot * n / 4) for n in range(5))
        ),
    )
    first = items[0].start.isoformat() if items else ""
    last = items[-1].end.isoformat() if items else ""
    title = _("Visits and unique visitors per week") if weekly else _("Visits and unique visitors per day")
    total_visits = sum(visits)
    description = _("From %(first)s to %(last)s: %(visits)s visits in all.") % {
        "first": first,
        "last": last,
        "visits": shown(total_visits),
    }
    svg = format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" direction="ltr"'
        ' aria-labelledby="chart-title chart-desc">'
        '<title id="chart-title">{title}</title><desc id="chart-desc">{desc}</desc>{grid}'
        '<path class="chart-visits" d="{ve}"/><path class="chart-visits chart-small" d="{vs}"/>'
        '<path class="chart-visitors" d="{ue}"/><path class="chart-visitors chart-small" d="{us}"/>'
        '<text x="{x0}" y="{yb}" class="chart-axis">{first}</text>'
        '<text x="{x1}" y="{yb}" class="chart-axis" text-anchor="end">{last}</text></svg>',
        w=WIDTH,
        h=HEIGHT,
        title=title,
        desc=description,
        grid=grid,
        ve=visits_exact,
        vs=visits_small,
        ue=visitors_exact,
        us=visitors_small,
        x0=PAD_X,
        x1=WIDTH - 8,
        yb=HEIGHT - 8,
        first=first,
        last=last,
    )
    return Chart(svg=svg, buckets=items, weekly=weekly)
