"""The SVG charts: pure helpers, and the template that draws them with a table beside."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from reports import charts


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _bars(rows):
    return charts.bar_chart(
        chart_id="c",
        title="Attendance",
        description="Present of recorded",
        rows=rows,
        label_heading="Member",
        value_heading="Present",
    )


def _series(categories, series, maximum=None):
    return charts.series_chart(
        chart_id="s",
        title="Scan",
        description="Averages",
        categories=categories,
        series=series,
        maximum=maximum,
        category_heading="Theme",
    )


def test_bars_are_scaled_against_their_own_max():
    chart = _bars([("a", 3, 4, "3 of 4"), ("b", 75, 100, "75%"), ("c", 150, 100, "150%")])
    area = chart.bar_area
    assert [bar.width for bar in chart.bars] == [area * 0.75, area * 0.75, area]


def test_zero_missing_and_negative_values_draw_an_empty_track():
    chart = _bars([("a", 0, 4, "0"), ("b", None, 100, "–"), ("c", -2, 10, "-2"), ("d", 1, 0, "")])
    assert [bar.width for bar in chart.bars] == [0, 0, 0, 0]
    html = render_to_string("reports/includes/chart.html", {"chart": chart})
    assert html.count("<rect") == 4  # the tracks only


def test_empty_charts_say_so_without_an_svg():
    for chart in (_bars([]), _series([], []), _series(["x"], [("r", [None])])):
        assert chart.is_empty
        html = render_to_string("reports/includes/chart.html", {"chart": chart})
        assert "<svg" not in html and "No figures yet." in html


def test_svg_is_labelled_and_paired_with_a_table():
    html = render_to_string(
        "reports/includes/chart.html", {"chart": _bars([("Anna", 2, 4, "2 of 4")])}
    )
    assert 'role="img"' in html
    assert 'aria-labelledby="c-title c-desc"' in html
    assert '<title id="c-title">Attendance</title>' in html
    assert '<desc id="c-desc">Present of recorded</desc>' in html
    assert "<caption>Attendance</caption>" in html
    assert '<th scope="col">Member</th>' in html
    assert '<th scope="row">Anna</th><td>2 of 4</td>' in html
    assert "style=" not in html and "<script" not in html


def test_labels_are_escaped_everywhere():
    evil = "<script>alert(1)</script>"
    for chart in (
        _bars([(evil, 1, 2, evil)]),
        _series([evil], [(evil, [3]), ("b", [2])], maximum=5),
    ):
        html = render_to_string("reports/includes/chart.html", {"chart": chart})
        assert "<script" not in html
        assert "&lt;script&gt;" in html


def test_long_labels_are_shortened_in_the_drawing_only():
    label = "A very long goal title that goes on and on and on"
    chart = _bars([(label, 1, 2, "50%")])
    assert chart.bars[0].short_label.endswith("…")
    assert len(chart.bars[0].short_label) <= charts.MAX_LABEL_CHARACTERS
    html = render_to_string("reports/includes/chart.html", {"chart": chart})
    assert f'<th scope="row">{label}</th>' in html


def test_series_scale_to_the_given_maximum_or_the_largest_value():
    chart = _series(["t1", "t2"], [("r1", [5, 2.5]), ("r2", [None, 1])], maximum=5)
    heights = [[c.height for c in category.columns] for category in chart.categories]
    assert heights == [[charts.PLOT_HEIGHT, 0], [charts.PLOT_HEIGHT / 2, charts.PLOT_HEIGHT / 5]]
    # A column stands on the axis.
    column = chart.categories[1].columns[0]
    assert column.y + column.height == chart.plot_bottom
    assert [[cell.text for cell in row.cells] for row in chart.rows] == [["5", "–"], ["2.5", "1"]]
    assert chart.legend and len(chart.series) == 2
    auto = _series(["a", "b"], [("only", [10, 40])])
    assert auto.maximum == 40 and auto.categories[1].columns[0].height == charts.PLOT_HEIGHT
    assert not auto.legend


def test_series_in_the_table_with_a_unit_and_colours_from_the_palette():
    chart = charts.series_chart(
        chart_id="m",
        title="Per meeting",
        description="d",
        categories=["1 Sep", "8 Sep"],
        series=[("Present (%)", [80, None])],
        maximum=100,
        category_heading="Meeting",
        unit="%",
    )
    assert [row.cells[0].text for row in chart.rows] == ["80%", "–"]
    assert chart.categories[0].columns[0].colour == charts.PALETTE[0]
    html = render_to_string("reports/includes/chart.html", {"chart": chart})
    assert '<th scope="row">1 Sep</th><td>80%</td>' in html


def test_many_categories_label_only_some_in_the_drawing():
    chart = _series([str(n) for n in range(40)], [("x", list(range(40)))])
    shown = [category for category in chart.categories if category.show_label]
    assert 1 < len(shown) <= charts.MAX_SHOWN_CATEGORY_LABELS
    assert len(chart.rows) == 40


def test_percentage():
    assert charts.percentage(1, 3) == 33
    assert charts.percentage(0, 0) is None


def test_coordinates_are_never_localised():
    """In Dutch 2.5 reads "2,5": fine in the table, not in an SVG attribute."""
    with translation.override("nl"):
        chart = _series(["t1"], [("r1", [2.5]), ("r2", [1.3])], maximum=5)
        html = render_to_string("reports/includes/chart.html", {"chart": chart})
        assert "<td>2,5</td>" in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert not re.search(r'="[0-9.]*,[0-9]', svg), svg


def test_gridlines_fall_on_round_numbers():
    def ticks(maximum):
        chart = _series(["a"], [("x", [1])], maximum=maximum)
        return [line.value for line in chart.gridlines]

    assert ticks(5) == ["0", "1", "2", "3", "4", "5"]
    assert ticks(100) == ["0", "20", "40", "60", "80", "100"]
    assert ticks(40) == ["0", "10", "20", "30", "40"]
    assert ticks(1) == ["0", "1"]
    assert ticks(7) == ["0", "2", "4", "6"]


def test_axis_labels_shorten_the_bottom_and_keep_the_table_whole():
    chart = charts.series_chart(
        chart_id="c",
        title="T",
        description="D",
        categories=[f"{month} 2025" for month in ("Sep", "Oct", "Nov")],
        axis_labels=["Sep", "Oct", "Nov"],
        series=[("A", [1, 2, 3])],
        category_heading="Month",
    )
    assert [c.short_label for c in chart.categories] == ["Sep", "Oct", "Nov"]
    assert [c.label for c in chart.categories] == ["Sep 2025", "Oct 2025", "Nov 2025"]
