"""The PLC scan pages: opening and closing rounds, answering once, and results that show
only as averages per theme, from three respondents, never per person."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from observations.models import ScanAnswer, ScanParticipation, ScanResponse, ScanRound
from observations.selectors import scan as scan_selectors
from observations.services import scan as scan_services


@pytest.fixture(autouse=True)
def _in_english(world):
    """The assertions read the English msgids, whatever the Dutch translation says."""
    User.objects.update(language="en")


def scan_url(world) -> str:
    return reverse("observations:scan", kwargs={"pk": world.community.pk})


def answer_url(scan_round) -> str:
    return reverse("observations:scan_answer", kwargs={"pk": scan_round.pk})


def open_round(world, **fields) -> ScanRound:
    return scan_services.scan_round_open(
        community=world.community, scan=scan_selectors.scan_default(), **fields
    )


def statements_per_theme() -> list[list[int]]:
    return [
        [s.pk for s in theme.statements.order_by("order")]
        for theme in scan_selectors.scan_default().themes.order_by("order")
    ]


def form_data(scores_per_theme: list[list[int]] | int) -> dict:
    """POST data: one score for every statement, or per theme a score per statement."""
    data = {}
    for t, pks in enumerate(statements_per_theme()):
        for s, pk in enumerate(pks):
            score = (
                scores_per_theme if isinstance(scores_per_theme, int) else scores_per_theme[t][s]
            )
            data[f"statement_{pk}"] = str(score)
    return data


def answer(client_for, persona: str, scan_round, scores) -> None:
    response = client_for(persona).post(answer_url(scan_round), form_data(scores))
    assert response.status_code == 302, response.content.decode()[:2000]


def close(client_for, scan_round) -> None:
    response = client_for("facilitator").post(
        reverse("observations:scan_close", kwargs={"pk": scan_round.pk})
    )
    assert response.status_code == 302


def page(client_for, persona: str, world):
    response = client_for(persona).get(scan_url(world))
    assert response.status_code == 200
    return response


# Opening and closing ---------------------------------------------------------------------


def test_the_facilitator_opens_a_round_with_a_closing_date(world, client_for):
    closes_on = timezone.localdate() + dt.timedelta(days=14)
    response = client_for("facilitator").post(
        reverse("observations:scan_open", kwargs={"pk": world.community.pk}),
        {"closes_on": closes_on.isoformat()},
    )
    assert response.status_code == 302
    scan_round = ScanRound.objects.get()
    assert (scan_round.community, scan_round.status, scan_round.closes_on) == (
        world.community,
        ScanRound.Status.OPEN,
        closes_on,
    )
    assert scan_round.scan == scan_selectors.scan_default()
    html = page(client_for, "facilitator", world).content.decode()
    assert reverse("observations:scan_close", kwargs={"pk": scan_round.pk}) in html
    assert "0 members have answered." in html


@pytest.mark.parametrize("closes_on", ["2000-01-01", "9999-12-31", "someday", "0001-01-01"])
def test_a_bad_closing_date_shows_at_the_field_and_opens_nothing(world, client_for, closes_on):
    response = client_for("facilitator").post(
        reverse("observations:scan_open", kwargs={"pk": world.community.pk}),
        {"closes_on": closes_on},
    )
    assert response.status_code == 200
    assert response.context["open_form"].errors["closes_on"]
    assert not ScanRound.objects.exists()


def test_a_second_round_waits_until_the_first_is_closed(world, client_for):
    first = open_round(world)
    client = client_for("facilitator")
    response = client.post(
        reverse("observations:scan_open", kwargs={"pk": world.community.pk}), follow=True
    )
    assert "A round is open already" in response.content.decode()
    assert ScanRound.objects.count() == 1
    close(client_for, first)
    client.post(reverse("observations:scan_open", kwargs={"pk": world.community.pk}))
    assert ScanRound.objects.filter(status=ScanRound.Status.OPEN).count() == 1
    assert ScanRound.objects.count() == 2


@pytest.mark.parametrize("persona", ["teacher", "coach", "leader", "director"])
def test_only_the_facilitator_opens_and_closes(world, client_for, persona):
    scan_round = open_round(world)
    client = client_for(persona)
    assert (
        client.post(reverse("observations:scan_open", kwargs={"pk": world.community.pk}))
    ).status_code == 403
    assert (
        client.post(reverse("observations:scan_close", kwargs={"pk": scan_round.pk}))
    ).status_code == 403
    scan_round.refresh_from_db()
    assert scan_round.status == ScanRound.Status.OPEN
    html = page(client_for, persona, world).content.decode()
    assert "scan-rounds/" not in html or "/close/" not in html


# Answering ----------------------------------------------------------------------------------


def test_the_answer_page_groups_statements_per_theme_with_a_five_point_scale(world, client_for):
    scan_round = open_round(world)
    response = client_for("teacher").get(answer_url(scan_round))
    html = response.content.decode()
    assert html.count('<fieldset class="scan-theme">') == 6
    assert html.count('<fieldset class="scan-statement"') == 18
    assert html.count('type="radio"') == 18 * 5
    for label in ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"):
        assert f'<span class="scale-label">{label}</span>' in html
    assert "Gedeelde visie en waarden" in html


def test_a_missing_answer_shows_at_its_statement_and_the_others_are_kept(world, client_for):
    scan_round = open_round(world)
    data = form_data(4)
    first, *_ = statements_per_theme()
    missing = f"statement_{first[1]}"
    del data[missing]
    response = client_for("teacher").post(answer_url(scan_round), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [missing]
    html = response.content.decode()
    # The error is inside the statement's own group, which points at it.
    group = re.search(
        rf'<fieldset class="scan-statement field-error" id="{missing}".*?</fieldset>', html, re.S
    )
    assert group and "Choose an answer for this statement." in group.group(0)
    assert f'aria-describedby="{missing}-error"' in group.group(0)
    # What was chosen is still chosen.
    assert html.count(" checked>") == 17
    assert f'name="statement_{first[0]}" value="4" id="id_statement_{first[0]}_3" checked' in html
    assert not ScanParticipation.objects.exists() and not ScanAnswer.objects.exists()


@pytest.mark.parametrize("score", ["0", "6", "abc", "4.5", ""])
def test_a_score_outside_one_to_five_is_refused(world, client_for, score):
    scan_round = open_round(world)
    data = form_data(3)
    data[next(iter(data))] = score
    response = client_for("teacher").post(answer_url(scan_round), data)
    assert response.status_code == 200
    assert len(response.context["form"].errors) == 1
    assert not ScanAnswer.objects.exists()


def test_a_member_answers_once(world, client_for):
    scan_round = open_round(world)
    answer(client_for, "teacher", scan_round, 4)
    assert ScanAnswer.objects.count() == 18
    client = client_for("teacher")
    again = client.post(answer_url(scan_round), form_data(1), follow=True)
    html = again.content.decode()
    assert "You answered this round on" in html
    assert ScanParticipation.objects.count() == ScanResponse.objects.count() == 1
    assert ScanAnswer.objects.count() == 18
    assert set(ScanAnswer.objects.values_list("score", flat=True)) == {4}
    # The page says so instead of offering the scan again.
    html = page(client_for, "teacher", world).content.decode()
    assert "You answered on" in html
    assert answer_url(scan_round) not in html


def test_members_of_any_role_answer_and_leaders_do_not(world, client_for):
    scan_round = open_round(world)
    for persona in ("teacher", "facilitator", "coach"):
        html = page(client_for, persona, world).content.decode()
        assert answer_url(scan_round) in html
        answer(client_for, persona, scan_round, 3)
    assert ScanParticipation.objects.count() == 3
    for persona in ("leader", "director"):
        assert answer_url(scan_round) not in page(client_for, persona, world).content.decode()
        assert client_for(persona).get(answer_url(scan_round)).status_code == 403
        assert client_for(persona).post(answer_url(scan_round), form_data(3)).status_code == 403
    assert ScanParticipation.objects.count() == 3


def test_a_closed_round_takes_no_answers(world, client_for):
    scan_round = open_round(world)
    close(client_for, scan_round)
    client = client_for("teacher")
    response = client.get(answer_url(scan_round), follow=True)
    assert "This round is closed" in response.content.decode()
    response = client.post(answer_url(scan_round), form_data(4), follow=True)
    assert "This round is closed" in response.content.decode()
    assert not ScanAnswer.objects.exists()


def test_a_round_past_its_closing_date_takes_no_answers(world, client_for):
    scan_round = open_round(world, closes_on=timezone.localdate())
    answer(client_for, "teacher", scan_round, 4)
    ScanRound.objects.filter(pk=scan_round.pk).update(
        closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    response = client_for("other_teacher").post(answer_url(scan_round), form_data(4), follow=True)
    assert "This round is closed" in response.content.decode()
    assert ScanParticipation.objects.count() == 1
    assert "answers are no longer taken" in page(client_for, "facilitator", world).content.decode()


# Results --------------------------------------------------------------------------------------


def test_fewer_than_three_respondents_show_no_figures(world, client_for):
    scan_round = open_round(world)
    answer(client_for, "teacher", scan_round, 1)
    answer(client_for, "other_teacher", scan_round, 5)
    close(client_for, scan_round)
    for persona in ("facilitator", "teacher", "leader", "director"):
        response = page(client_for, persona, world)
        html = response.content.decode()
        assert response.context["page"].themes == []
        assert "results appear from 3 respondents" in html
        assert "scan-results" not in html and "<svg" not in html
        assert "3.0" not in html  # the average the two would make


def test_an_open_round_shows_its_count_but_no_figures_until_closed(world, client_for):
    """Averages seen before and after one more answer would give that answer away."""
    scan_round = open_round(world)
    for persona in ("teacher", "other_teacher", "coach"):
        answer(client_for, persona, scan_round, 4)
    html = page(client_for, "leader", world).content.decode()
    assert "3 members have answered." in html
    assert "scan-results" not in html and "4.0" not in html
    close(client_for, scan_round)
    html = page(client_for, "leader", world).content.decode()
    assert "scan-results" in html and "4.0" in html


def test_results_are_averages_per_theme_over_rounds(world, client_for):
    first = open_round(world)
    # Per theme, a score per statement; the third person varies within the first theme.
    answer(client_for, "teacher", first, 2)
    answer(client_for, "other_teacher", first, 3)
    answer(client_for, "coach", first, [[4, 5, 5]] + [[4, 4, 4]] * 5)
    close(client_for, first)
    second = open_round(world)
    answer(client_for, "teacher", second, 4)
    answer(client_for, "other_teacher", second, 4)
    answer(client_for, "coach", second, [[5, 5, 5]] * 5 + [[1, 1, 1]])
    answer(client_for, "facilitator", second, 5)
    close(client_for, second)

    response = page(client_for, "facilitator", world)
    result = response.context["page"]
    assert [row.round for row in result.with_results] == [first, second]
    assert [row.respondents for row in result.with_results] == [3, 4]
    themes = {row.title: [cell.average for cell in row.cells] for row in result.themes}
    assert list(themes) == [t.title for t in scan_selectors.scan_default().themes.order_by("order")]
    # (2*3 + 3*3 + 4+5+5) / 9 = 3.22; (4+4+5+5) / 4 = 4.5
    assert themes["Gedeelde visie en waarden"] == [Decimal("3.2"), Decimal("4.5")]
    # (2+3+4) / 3 = 3.0; (4+4+5+5) / 4 = 4.5
    assert themes["Vertrouwen en veiligheid"] == [Decimal("3.0"), Decimal("4.5")]
    # (4+4+1+5) / 4 = 3.5
    assert themes["Ondersteunend leiderschap en structuur"] == [Decimal("3.0"), Decimal("3.5")]

    html = response.content.decode()
    table = re.search(r'<table class="scan-results">.*?</table>', html, re.S).group(0)
    assert "<caption" in table
    row = re.search(r"Gedeelde visie en waarden</th>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["3.2", "4.5"]
    # The bars: one per theme and round, labelled, as long as the average.
    assert html.count('<svg class="scan-bar"') == 12
    assert re.search(
        r"<title id=\"bar-1-1\">Gedeelde visie en waarden, round 1 \([^<]*\): 3.2 out of 5</title>",
        html,
    )
    assert 'class="scan-bar-fill" x="0" y="0" width="64"' in html  # 3.2 of 5


def test_the_leader_sees_figures_but_no_individual_answers(world, client_for):
    scan_round = open_round(world)
    answer(client_for, "teacher", scan_round, 1)
    answer(client_for, "other_teacher", scan_round, 3)
    answer(client_for, "coach", scan_round, 5)
    close(client_for, scan_round)
    for persona in ("leader", "director"):
        response = page(client_for, persona, world)
        html = response.content.decode()
        averages = {cell.average for row in response.context["page"].themes for cell in row.cells}
        assert averages == {Decimal("3.0")}
        assert re.findall(r'<td class="num">([^<]*)</td>', html) == ["3.0"] * 6 + ["3"]
        # Nobody's own answer, name or address is on the page.
        for respondent in (world.teacher, world.other_teacher, world.coach):
            assert respondent.full_name not in html
            assert respondent.email not in html
        assert "1.0" not in html and "5.0" not in html
        assert "Answer the scan" not in html


def test_the_page_never_names_who_answered(world, client_for):
    scan_round = open_round(world)
    answer(client_for, "teacher", scan_round, 2)
    html = page(client_for, "facilitator", world).content.decode()
    assert "1 member has answered." in html
    assert world.teacher.full_name not in html and world.teacher.email not in html


@pytest.mark.parametrize("persona", ["outsider"])
def test_another_board_gets_404_everywhere(world, client_for, persona):
    scan_round = open_round(world)
    answer(client_for, "teacher", scan_round, 4)
    client = client_for(persona)
    assert client.get(scan_url(world)).status_code == 404
    assert client.get(answer_url(scan_round)).status_code == 404
    assert client.post(answer_url(scan_round), form_data(4)).status_code == 404
    assert (
        client.post(reverse("observations:scan_open", kwargs={"pk": world.community.pk}))
    ).status_code == 404
    assert (
        client.post(reverse("observations:scan_close", kwargs={"pk": scan_round.pk}))
    ).status_code == 404
    assert ScanParticipation.objects.count() == 1
    assert ScanRound.objects.get().status == ScanRound.Status.OPEN


def test_the_community_page_links_to_the_scan(world, client_for):
    response = client_for("leader").get(
        reverse("communities:detail", kwargs={"pk": world.community.pk})
    )
    assert f'href="{scan_url(world)}"' in response.content.decode()
