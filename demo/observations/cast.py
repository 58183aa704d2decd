"""Who and what the small observations demo refers to: the two demo communities, their
teachers and coach, checklists, goals, products and last meetings, looked up once."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from communities.models import Community, CommunityGoal, PersonalGoal
from cycles.calendar import local_datetime
from cycles.models import ActivityKind, Meeting, Product
from demo.communities import BOARD
from demo.observations.shared import GENERAL, SHORT, checklist
from observations.models import Instrument, Visit

DEMO_TEACHERS = [f"docent{i}@example.org" for i in range(1, 9)]


@dataclass(frozen=True)
class Cast:
    """The rows the demo visits, reflections and scan rounds point at, and the day it is."""

    today: dt.date
    reading: Community
    formative: Community
    anouk: User
    bilal: User
    charlotte: User
    daan: User
    eva: User
    fatima: User
    gijs: User
    hanna: User
    coach: User
    general: Instrument
    short: Instrument
    reading_goal: CommunityGoal | None
    formative_goal: CommunityGoal | None
    think_aloud: PersonalGoal | None
    calmer: PersonalGoal | None
    questions: PersonalGoal | None
    products: dict[str, Product]
    reading_meeting: Meeting | None
    formative_meeting: Meeting | None

    def days(self, n: int) -> dt.date:
        """The day `n` days from today (before it when negative)."""
        return self.today + dt.timedelta(days=n)

    def written(self, day: dt.date) -> dt.datetime:
        """The evening of `day`, when a reflection on it was written; never later than now."""
        return min(local_datetime(day, dt.time(19, 45)), timezone.now())

    def written_after(self, meeting: Meeting | None, otherwise: dt.date) -> dt.datetime:
        """The evening of the meeting's day, or of `otherwise` when there is no meeting."""
        if meeting is None:
            return self.written(otherwise)
        return self.written(timezone.localtime(meeting.starts_at).date())


def demo_communities() -> tuple[Community, Community] | None:
    """PLG Begrijpend lezen and PLG Formatief handelen of the demo board, or None when the
    communities demo has not made them."""
    communities = {
        c.name: c
        for c in Community.objects.filter(
            organisation__name=BOARD, name__in=["PLG Begrijpend lezen", "PLG Formatief handelen"]
        )
    }
    reading = communities.get("PLG Begrijpend lezen")
    formative = communities.get("PLG Formatief handelen")
    if reading is None or formative is None:
        return None
    return reading, formative


def has_observations(reading: Community, formative: Community) -> bool:
    """Whether the demo teachers have visits in the demo communities: the demo ran before."""
    return Visit.objects.filter(
        community__in=[reading, formative], observed__email__in=DEMO_TEACHERS
    ).exists()


def cast_load(today: dt.date, reading: Community, formative: Community) -> Cast:
    """The demo's people, checklists, goals, products and last held meetings."""
    people = {
        u.email.split("@")[0]: u
        for u in User.objects.filter(email__in=[*DEMO_TEACHERS, "coach@example.org"])
    }
    anouk, bilal, charlotte, daan = (people[f"docent{i}"] for i in range(1, 5))
    eva, fatima, gijs, hanna = (people[f"docent{i}"] for i in range(5, 9))
    goals = {g.title: g for g in PersonalGoal.objects.filter(community=reading)}
    held = Meeting.objects.filter(status=Meeting.Status.HELD).exclude(kind=ActivityKind.COACHING)
    return Cast(
        today=today,
        reading=reading,
        formative=formative,
        anouk=anouk,
        bilal=bilal,
        charlotte=charlotte,
        daan=daan,
        eva=eva,
        fatima=fatima,
        gijs=gijs,
        hanna=hanna,
        coach=people["coach"],
        general=checklist(GENERAL),
        short=checklist(SHORT),
        reading_goal=CommunityGoal.objects.filter(community=reading).order_by("pk").first(),
        formative_goal=CommunityGoal.objects.filter(community=formative).order_by("pk").first(),
        think_aloud=goals.get("Hardop denken bij het modelen"),
        calmer=goals.get("Rustiger reageren op onrust na de pauze"),
        questions=goals.get("Meer vragen op hoger denkniveau stellen"),
        products={p.title: p for p in Product.objects.filter(community=reading)},
        reading_meeting=held.filter(community=reading).order_by("-starts_at").first(),
        formative_meeting=held.filter(community=formative).order_by("-starts_at").first(),
    )
