"""Charts drawn on the server as SVG, for the dashboards and the PDF reports.

Pure helpers: figures in, a chart object out, with every coordinate computed here so that
`templates/reports/includes/chart.html` only writes attributes (no inline styles, no
JavaScript: the page's CSP forbids the one, WeasyPrint can't run the other). Each chart has a
title and a description for the SVG (`role="img"`) and the same figures as a table.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import date_format, number_format
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe

# Colours with at least 4.5:1 contrast against white (WCAG AA for text, and more than the
# 3:1 that graphical objects need), and distinct from each other.
PALETTE = ["#1d5b8f", "#a4262c", "#1e6b3a", "#6b3fa0", "#8a5300", "#005f73"]
TRACK = "#e7ecf1"
AXIS = "#545d68"
INK = "#1b1f24"

WIDTH = 640
LABEL_WIDTH = 200  # horizontal bars: the labels' column
VALUE_WIDTH = 130  # horizontal bars: the value written after the bar
ROW_HEIGHT = 28
BAR_HEIGHT = 18
MAX_LABEL_CHARACTERS = 30


def _short(label: str, limit: int = MAX_LABEL_CHARACTERS) -> str:
    """A label that fits its place in the drawing (the table and title keep it whole)."""
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _scale(value: float | None, maximum: float, length: float) -> float:
    if value is None or maximum <= 0 or value <= 0:
        return 0.0
    return round(min(value, maximum) / maximum * length, 1)


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return number_format(value, 1)


# Horizontal bars -------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # how the value reads: "80%", "3 of 4"
    y: float
    width: float
    short_label: str
    text_y: float


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    label_heading: str
    value_heading: str
    bars: list[Bar]
    maximum: float
    width: int = WIDTH
    height: int = 0
    label_width: int = LABEL_WIDTH
    bar_area: int = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bar_height: int = BAR_HEIGHT
    colour: str = PALETTE[0]
    track: str = TRACK
    ink: str = INK
    kind: str = "bar"

    @property
    def value_x(self) -> int:
        return self.label_width + self.bar_area + 8

    @property
    def is_empty(self) -> bool:
        return not self.bars

    # The bars are written here rather than in the template: a board compares 50 schools in
    # four charts, and a template loop over 200 bars costs more than the page's queries.

    @property
    def svg_bars(self) -> SafeString:
        x, area, height, label_x = (
            self.label_width,
            self.bar_area,
            self.bar_height,
            self.label_width - 8,
        )
        lines = []
        for bar in self.bars:
            lines.append(
                f'    <text x="{label_x}" y="{bar.text_y}" text-anchor="end" fill="{self.ink}">'
                f"{escape(bar.short_label)}</text>\n"
                f'    <rect x="{x}" y="{bar.y}" width="{area}" height="{height}" '
                f'fill="{self.track}"/>\n'
            )
            if bar.width:
                lines.append(
                    f'    <rect x="{x}" y="{bar.y}" width="{bar.width}" height="{height}" '
                    f'fill="{self.colour}"/>\n'
                )
            lines.append(
                f'    <text x="{self.value_x}" y="{bar.text_y}" fill="{self.ink}">'
                f"{escape(bar.text)}</text>\n"
            )
        return mark_safe("".join(lines))  # noqa: S308 - every text above is escaped

    @property
    def table_rows(self) -> SafeString:
        return mark_safe(  # noqa: S308 - every text is escaped
            "".join(
                f'        <tr><th scope="row">{escape(bar.label)}</th>'
                f"<td>{escape(bar.text)}</td></tr>\n"
                for bar in self.bars
            )
        )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, float | None, float, str]],
    label_heading: str,
    value_heading: str,
) -> BarChart:
    """Horizontal bars, one per row of (label, value, max, display text). Each bar is drawn
    against its own max (so 3 of 4 and 75% draw the same length); a value above its max is
    drawn full, a missing or negative one as an empty track."""
    bar_area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = [
        Bar(
            label=str(label),
            value=value,
            text=text,
            y=8 + index * ROW_HEIGHT,
            width=_scale(value, maximum, bar_area),
            short_label=_short(label),
            text_y=8 + index * ROW_HEIGHT + BAR_HEIGHT - 4,
        )
        for index, (label, value, maximum, text) in enumerate(rows)
    ]
    return BarChart(
        chart_id=chart_id,
        title=title,
        description=description,
        label_heading=label_heading,
        value_heading=value_heading,
        bars=bars,
        maximum=max((row[2] for row in rows), default=0),
        height=16 + len(bars) * ROW_HEIGHT,
        bar_area=bar_area,
    )


def _tick_step(top: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) for at most five lines above zero."""
    power = 10 ** math.floor(math.log10(top / 5)) if top > 5 else 1
    for factor in (1, 2, 5, 10):
        if top / (factor * power) <= 5:
            return factor * power
    return 10 * power


# Values over time (grouped bars) ----------------------------------------------------------

PLOT_LEFT = 44
PLOT_TOP = 12
PLOT_HEIGHT = 200
AXIS_LABELS = 40  # room under the plot for the category labels
LEGEND_ROW = 22
MAX_SHOWN_CATEGORY_LABELS = 12


@dataclass(frozen=True)
class Column:
    series: int
    value: float | None
    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass(frozen=True)
class Category:
    label: str
    short_label: str
    columns: list[Column]
    label_x: float
    show_label: bool


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    legend_x: float
    legend_y: float


@dataclass(frozen=True)
class Gridline:
    value: str
    y: float


@dataclass(frozen=True)
class Cell:
    value: float | None
    text: str


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class SeriesChart:
    chart_id: str
    title: str
    description: str
    category_heading: str
    categories: list[Category]
    series: list[Series]
    gridlines: list[Gridline]
    rows: list[TableRow]
    maximum: float
    unit: str = ""
    width: int = WIDTH
    height: int = 0
    plot_left: int = PLOT_LEFT
    plot_right: int = WIDTH - 8
    plot_top: float = 0
    plot_bottom: float = 0
    axis: str = AXIS
    ink: str = INK
    kind: str = "series"
    legend: bool = field(default=True)

    @property
    def label_y(self) -> float:
        return self.plot_bottom + 18

    @property
    def is_empty(self) -> bool:
        return not self.categories or all(
            column.value is None for category in self.categories for column in category.columns
        )


def series_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    maximum: float | None = None,
    category_heading: str,
    unit: str = "",
    axis_labels: Sequence[str] | None = None,
) -> SeriesChart:
    """Grouped vertical bars: along the bottom the categories (rounds, meetings, themes),
    per category one bar per series, on a scale from 0 to `maximum` (by default the largest
    value). A missing value (None) leaves a gap and reads "–" in the table. `axis_labels`,
    when given, are shorter names along the bottom ("Sep" for "Sep 2025" in the table)."""
    values = [value for _name, row in series for value in row if value is not None]
    top = maximum if maximum is not None else max(values, default=0)
    top = top if top > 0 else 1
    legend_rows = math.ceil(len(series) / 3) if len(series) > 1 else 0
    plot_top = PLOT_TOP + legend_rows * LEGEND_ROW
    plot_bottom = plot_top + PLOT_HEIGHT
    plot_width = WIDTH - 8 - PLOT_LEFT
    slot = plot_width / max(len(categories), 1)
    group = slot * 0.8
    column_width = group / max(len(series), 1)
    every = math.ceil(len(categories) / MAX_SHOWN_CATEGORY_LABELS) or 1
    label_limit = max(4, int(slot * every / 8))
    drawn = []
    for index, label in enumerate(categories):
        left = PLOT_LEFT + index * slot + (slot - group) / 2
        columns = []
        for number, (_name, row) in enumerate(series):
            value = row[index] if index < len(row) else None
            height = _scale(value, top, PLOT_HEIGHT)
            columns.append(
                Column(
                    series=number,
                    value=value,
                    x=round(left + number * column_width, 1),
                    y=round(plot_bottom - height, 1),
                    width=round(max(column_width - 1, 1), 1),
                    height=height,
                    colour=PALETTE[number % len(PALETTE)],
                )
            )
        drawn.append(
            Category(
                label=str(label),
                short_label=_short(axis_labels[index] if axis_labels else label, label_limit),
                columns=columns,
                label_x=round(PLOT_LEFT + index * slot + slot / 2, 1),
                show_label=index % every == 0,
            )
        )
    legend = [
        Series(
            name=str(name),
            colour=PALETTE[number % len(PALETTE)],
            legend_x=PLOT_LEFT + (number % 3) * 200,
            legend_y=PLOT_TOP + (number // 3) * LEGEND_ROW,
        )
        for number, (name, _row) in enumerate(series)
    ]
    step = _tick_step(top)
    gridlines = [
        Gridline(value=_number(tick), y=round(plot_bottom - _scale(tick, top, PLOT_HEIGHT), 1))
        for tick in (step * n for n in range(int(top // step) + 1))
    ]
    rows = [
        TableRow(
            label=str(label),
            cells=[
                Cell(
                    value=row[index] if index < len(row) else None,
                    text=_number(row[index] if index < len(row) else None)
                    + (unit if index < len(row) and row[index] is not None else ""),
                )
                for _name, row in series
            ],
        )
        for index, label in enumerate(categories)
    ]
    return SeriesChart(
        chart_id=chart_id,
        title=title,
        description=description,
        category_heading=category_heading,
        categories=drawn,
        series=legend,
        gridlines=gridlines,
        rows=rows,
        maximum=top,
        unit=unit,
        height=int(plot_bottom + AXIS_LABELS),
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        legend=len(series) > 1,
    )


def percentage(part: int, whole: int) -> int | None:
    """Whole percent, or None when there is nothing to divide by."""
    if not whole:
        return None
    return round(100 * part / whole)


def months_axis(months) -> dict[str, list[str]]:
    """A trend's months: "Sep 2025" in the table, "Sep" along the bottom of the chart."""
    return {
        "categories": [date_format(month.first_day, "M Y") for month in months],
        "axis_labels": [date_format(month.first_day, "M") for month in months],
    }
