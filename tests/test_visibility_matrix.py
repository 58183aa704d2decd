"""The content-visibility matrix: who reads what, on every surface, before and after each
withdrawal. The one table to audit for content, as the URL matrix is for URLs.

Kinds of content (each carries a marker nobody else writes): reflections at each audience
and as a draft, shared and unshared visits, observers' reflections about them, personal
goals at each audience. Personas: the author, the coach, a fellow member, the facilitator, a
school leader who is a member, a school leader who is not, the board director, an outsider,
the board administrator (who sets up schools and people and reads no content at all).
Surfaces: every page of the URL matrix and the content's own pages (plain and as htmx
partials), the stored cycle reports the persona may download (PDF text), the weekly digest
waiting in the outbox, and the persona's calendar feed.

A marker may show only to the personas its row names, on any surface; and it must show to
each of them on its own page. A new kind of content (a new audience choice) or a new kind of
mail fails `test_every_kind_has_a_row` until it is given its rows here; a new page is crawled
as soon as it is in the URL matrix.
"""

import datetime as dt
import subprocess

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from communities.models import Membership, PersonalGoal, SchoolLeader
from cycles import selectors as cycle_selectors
from cycles.services import cycles as cycle_services
from cycles.services import feeds
from notifications.collectors import digest
from notifications.digest_content import DIGEST_TIME, DIGEST_TIMEZONE
from notifications.models import Kind, Message
from observations.models import Instrument, Reflection, Visibility, Visit
from observations.services import reflections as reflection_services
from observations.services import visits as visit_services
from reports import services
from reports.models import Report
from tests.factories import UserFactory
from tests.test_url_matrix import MATRIX

PERSONAS = [
    "author",
    "coach",
    "fellow",
    "facilitator",
    "leader_member",
    "leader",
    "director",
    "outsider",
    "administrator",
]
# "Mijn leergemeenschap": the community's current members, whatever their role.
MEMBERS = {"author", "coach", "fellow", "facilitator", "leader_member"}

# kind -> (who reads it before, who reads it after its withdrawal). The observer of the
# visits is a member who is none of the personas; their reflections are about the visits.
TABLE: dict[str, tuple[set[str], set[str]]] = {
    # Reflections by the author; withdrawn: made private, or (coach) deleted.
    "reflection:private": ({"author"}, {"author"}),
    "reflection:coach": ({"author", "coach"}, set()),
    "reflection:community": (MEMBERS, {"author"}),
    "reflection:draft": ({"author"}, {"author"}),
    # The author is observed; withdrawn: the visit is taken back (no longer shared).
    "visit:unshared": ({"author", "coach"}, {"author", "coach"}),
    "visit:shared": (MEMBERS, {"author", "coach"}),
    # An observer's reflections follow the visit they are about.
    "observer_reflection:coach": ({"coach"}, {"coach"}),
    "observer_reflection:community": (MEMBERS, {"author", "coach"}),
    # Personal goals of the author; withdrawn: narrowed to private.
    "goal:private": ({"author"}, {"author"}),
    "goal:coach": ({"author", "coach"}, {"author"}),
    "goal:community": (MEMBERS, {"author"}),
}

# Mail that carries content, and mail that never does (a reminder names a meeting or a visit's
# time, never what was written or observed).
CONTENT_MAIL = {Kind.DIGEST}
NO_CONTENT_MAIL = {
    Kind.MEETING_REMINDER,
    Kind.MEETING_CHANGE,
    Kind.VISIT_REMINDER,
    Kind.REFLECTION_PROMPT,
    Kind.GOAL_NUDGE,
    Kind.INVITATION,
    Kind.PASSWORD_RESET,
    Kind.REPORT_READY,
    Kind.NEW_READER,
    Kind.STAFF_INVITATION,
}


def marker(kind: str) -> str:
    return "MX-" + kind.replace(":", "-").replace("_", "-").upper()


def test_every_kind_has_a_row():
    kinds = (
        {f"reflection:{v}" for v in Visibility.values}
        | {"reflection:draft", "visit:shared", "visit:unshared"}
        | {f"observer_reflection:{v}" for v in Visibility.values if v != Visibility.PRIVATE}
        | {f"goal:{v}" for v in PersonalGoal.Visibility.values}
    )
    assert kinds == set(TABLE)
    assert set(Kind.values) == CONTENT_MAIL | NO_CONTENT_MAIL
    assert not CONTENT_MAIL & NO_CONTENT_MAIL


class Scene:
    """The world of tests/conftest.py, with one of each kind of content and the cycle it
    falls in, made through the services as people would."""

    def __init__(self, world) -> None:
        self.world = world
        community = world.community
        self.people = {
            "author": world.teacher,
            "coach": world.coach,
            "fellow": world.other_teacher,
            "facilitator": world.facilitator,
            "leader": world.leader,
            "director": world.director,
            "outsider": world.outsider,
            "administrator": world.administrator,
            "leader_member": UserFactory(full_name="Lia Leading Member"),
        }
        SchoolLeader.objects.create(school=world.school, user=self.people["leader_member"])
        community_services.membership_add(
            community=community, user=self.people["leader_member"], role=Membership.Role.MEMBER
        )
        self.observer = UserFactory(full_name="Oscar Observer")
        community_services.membership_add(
            community=community, user=self.observer, role=Membership.Role.MEMBER
        )
        today = timezone.localdate()
        monday = today - dt.timedelta(days=today.weekday(), weeks=1)
        self.cycle = cycle_services.plan_create(
            community=community, template=cycle_selectors.template_default(), start=monday, count=1
        )[0]
        world.__dict__["_report_cycle"] = self.cycle  # the URL matrix's pages use it too
        author = world.teacher
        self.reflections = {}
        for visibility in Visibility.values:
            self.reflections[f"reflection:{visibility}"] = self._reflection(
                author, visibility, publish=True
            )
        self.reflections["reflection:draft"] = self._reflection(
            author, Visibility.COMMUNITY, publish=False, kind="reflection:draft"
        )
        instrument = Instrument.objects.filter(organisation=None, is_current=True).first()
        self.visits = {}
        for kind, starts in [("visit:unshared", 3), ("visit:shared", 2)]:
            visit = visit_services.visit_plan(
                community=community,
                observed=author,
                observers=[self.observer],
                instrument=instrument,
                starts_at=timezone.now() - dt.timedelta(days=starts),
                group="5B",
            )
            Visit.objects.filter(pk=visit.pk).update(cycle=self.cycle, focus=marker(kind))
            visit_services.score_save(
                visit=visit,
                item=instrument.domains.first().items.first(),
                level=None,
                evidence=marker(kind),
            )
            self.visits[kind] = visit
        visit_services.visit_share(visit=self.visits["visit:shared"], by=author, shared=True)
        self.reflections["observer_reflection:coach"] = self._reflection(
            self.observer,
            Visibility.COACH,
            publish=True,
            kind="observer_reflection:coach",
            visit=self.visits["visit:unshared"],
        )
        self.reflections["observer_reflection:community"] = self._reflection(
            self.observer,
            Visibility.COMMUNITY,
            publish=True,
            kind="observer_reflection:community",
            visit=self.visits["visit:shared"],
        )
        self.goals = {
            f"goal:{v}": community_services.personal_goal_create(
                owner=author, community=community, title=marker(f"goal:{v}"), visibility=v
            )
            for v in PersonalGoal.Visibility.values
        }

    def _reflection(self, author, visibility, *, publish, kind=None, visit=None) -> Reflection:
        kind = kind or f"reflection:{visibility}"
        return reflection_services.reflection_save(
            author=author,
            community=self.world.community,
            visibility=visibility,
            title=marker(kind),
            text=f"{marker(kind)} body",
            visit=visit,
            publish=publish,
        )

    def withdraw(self) -> None:
        """Each withdrawal a teacher can make."""
        self.own_pages()
        author = self.world.teacher
        reflection_services.reflection_set_visibility(
            reflection=self.reflections["reflection:community"], by=author, visibility="private"
        )
        reflection_services.reflection_delete(
            reflection=self.reflections["reflection:coach"], by=author
        )
        visit_services.visit_share(visit=self.visits["visit:shared"], by=author, shared=False)
        for kind in ("goal:coach", "goal:community"):
            community_services.personal_goal_update(
                goal=self.goals[kind], visibility=PersonalGoal.Visibility.PRIVATE
            )

    def own_pages(self) -> dict[str, str]:
        """kind -> the page where it is read (kept when the content is deleted)."""
        if hasattr(self, "_own_pages"):
            return self._own_pages
        pages = {
            kind: reverse("observations:reflection", args=[r.pk])
            for kind, r in self.reflections.items()
        }
        pages |= {
            kind: reverse("observations:visit", args=[v.pk]) for kind, v in self.visits.items()
        }
        pages |= {
            kind: reverse("communities:my_goal", args=[g.pk]) for kind, g in self.goals.items()
        }
        self._own_pages = pages
        return pages

    def matrix_pages(self) -> list[str]:
        """Every page of the URL matrix (made once: some entries make what they show)."""
        if not hasattr(self, "_matrix_pages"):
            self._matrix_pages = [
                reverse(name, kwargs=entry.kwargs(self.world))
                for name, entry in MATRIX.items()
                if entry.get is not None and set(entry.get.values()) != {405}
            ]
        return self._matrix_pages

    def reports(self) -> list[Report]:
        """A report with content (asked by the facilitator) and one with figures only (asked
        by the leader who is not a member), built now."""
        made = []
        for by, with_content in ((self.world.facilitator, True), (self.world.leader, False)):
            report, _created = services.cycle_report_request(
                cycle=self.cycle, by=by, language="nl", with_content=with_content
            )
            assert services.report_build(report_id=report.pk) == "ready"
            made.append(report)
        return made

    def digests(self) -> None:
        """This week's digests, waiting in the outbox (a test never commits, so they stay)."""
        now = timezone.now().astimezone(DIGEST_TIMEZONE)
        monday = (now + dt.timedelta(days=(7 - now.weekday()) % 7 or 7)).date()
        due = dt.datetime.combine(monday, DIGEST_TIME, tzinfo=DIGEST_TIMEZONE)
        with time_machine.travel(due, tick=False):
            digest.run(due)


def pdf_text(data: bytes) -> str:
    return subprocess.run(  # noqa: S603 - a fixed command on our own bytes
        ["/usr/bin/pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def seen_by(scene: Scene, client, persona: str, reports: list[Report]) -> dict[str, set[str]]:
    """marker -> the surfaces on which `persona` met it."""
    person = scene.people[persona]
    client.force_login(person)
    texts: list[tuple[str, str]] = []
    own = scene.own_pages()
    for url in [*own.values(), *scene.matrix_pages()]:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **headers)
            if response.status_code == 200 and not response.streaming:
                texts.append((f"page {url}", response.content.decode(errors="replace")))
    for report in reports:
        response = client.get(reverse("reports:report_download", args=[report.pk]))
        if response.status_code == 200:
            texts.append((f"pdf {report.pk}", pdf_text(b"".join(response.streaming_content))))
    for message in Message.objects.filter(recipient=person, kind__in=CONTENT_MAIL):
        texts.append((f"mail {message.kind}", f"{message.subject}\n{message.text}\n{message.html}"))
    client.logout()
    feed = feeds.feed_get_or_create(user=person)
    response = client.get(reverse("cycles:calendar_feed", args=[feed.token]))
    texts.append(("feed", response.content.decode()))
    seen: dict[str, set[str]] = {}
    for kind in TABLE:
        for surface, text in texts:
            if marker(kind) in text:
                seen.setdefault(kind, set()).add(surface)
    return seen


def check(scene: Scene, client, persona: str, reports: list[Report], *, after: bool) -> None:
    seen = seen_by(scene, client, persona, reports)
    own = scene.own_pages()
    for kind, rows in TABLE.items():
        allowed = persona in rows[after]
        where = seen.get(kind, set())
        moment = "after withdrawal" if after else "before"
        if allowed:
            assert f"page {own[kind]}" in where, f"{persona} can't read {kind} ({moment})"
        else:
            assert not where, f"{persona} reads {kind} ({moment}) on {sorted(where)}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_reads_what_on_every_surface_before_and_after_withdrawal(world, client, persona):
    scene = Scene(world)
    scene.digests()
    reports = scene.reports()
    check(scene, client, persona, reports, after=False)

    scene.withdraw()
    # What was made before is gone or rebuilt; what is made now is checked too.
    scene.digests()
    reports = [r for r in reports if Report.objects.filter(pk=r.pk).exists()]
    check(scene, client, persona, [*reports, *scene.reports()], after=True)
