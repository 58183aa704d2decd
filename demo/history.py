"""Bulk demo history for `seed_demo --scale`: every meeting of a bulk community that has
taken place is held, with attendance, notes, decisions and agreed actions.

Attendance differs per community and drifts over the school years, so dashboards have
something to compare: most communities are present 80-95% of the time, about one in five
60-70%; each member leans a little, and December and the weeks before summer are worse."""

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils import timezone

from communities.models import Community, Membership
from cycles.calendar import school_year_of
from cycles.models import ActivityKind, AgreedAction, Attendance, Cycle, Meeting
from cycles.services.meetings import attendance_recount

# How many school years before the current one the bulk communities have.
YEARS_BACK = 2

CYCLE_TOPICS = [
    "Modelen met hardop denken",
    "Activerende werkvormen bij de instructie",
    "Controleren of iedereen het begrijpt",
    "Feedback die leerlingen verder helpt",
    "Differentiëren in de verlengde instructie",
    "Het lesdoel zichtbaar maken",
    "Woordenschat in de zaakvakken",
    "Samenwerkend leren in tweetallen",
    "Denktijd en beurtverdeling",
    "Zelfstandig werken met weektaken",
    "Begrijpend lezen met echte teksten",
    "Automatiseren bij rekenen",
]
NOTES = {
    ActivityKind.TRAINING: [
        "De trainer deed de werkvorm voor; daarna oefenden we in tweetallen.",
        "We bekeken een lesfragment en benoemden wat de leerkracht deed.",
        "Uitleg over de theorie achter het onderwerp, met voorbeelden uit groep 5 en 7.",
        "We oefenden met elkaar als 'klas' en bespraken wat lastig was.",
    ],
    ActivityKind.KNOWLEDGE: [
        "Iedereen vertelde hoe het uitproberen ging; twee collega's lieten leerlingwerk zien.",
        "We vergeleken de lesvoorbeelden en zochten wat in alle groepen werkte.",
        "Het lesbezoek van deze cyclus besproken: wat zagen we, wat nemen we mee.",
        "Korte terugblik op de vorige cyclus en de doelen voor deze cyclus aangescherpt.",
        "We bekeken de resultaten van de toets en wat ze zeggen over onze aanpak.",
    ],
}
DECISIONS = [
    "Volgende keer neemt iedereen een voorbeeld van leerlingwerk mee.",
    "We proberen de werkvorm twee weken in elke groep.",
    "De lesopzet komt in de gedeelde map, zodat nieuwe collega's hem kunnen gebruiken.",
    "We houden de afspraak vast en kijken er in de volgende cyclus opnieuw naar.",
    "Eén collega vraagt de intern begeleider om mee te kijken.",
    "We nodigen de bouwcoördinator uit voor de volgende kennisgemeenschap.",
]
ACTIONS = [
    "Lesvoorbeeld uitproberen in de klas",
    "Leerlingwerk verzamelen van drie leerlingen",
    "Lesopzet uitwerken en delen",
    "Een collega uitnodigen om te komen kijken",
    "Artikel lezen en twee vragen meenemen",
    "Kijkwijzer aanpassen na het lesbezoek",
    "Resultaten van de toets per groep op een rij zetten",
]


@dataclass(frozen=True)
class Profile:
    """How a community turns up: its share present this school year and the change per
    school year (positive: it used to be lower)."""

    rate: float
    trend: float

    def chance(self, years_ago: int, month: int) -> float:
        season = -0.05 if month in (12, 6, 7) else 0.0
        return self.rate - self.trend * years_ago + season


def profile_for(name: str) -> Profile:
    rng = random.Random(f"attendance:{name}")  # noqa: S311 - demo data
    low = rng.random() < 0.2
    rate = rng.uniform(0.60, 0.72) if low else rng.uniform(0.82, 0.96)
    return Profile(rate=rate, trend=rng.uniform(-0.03, 0.05))


def hold(community: Community, cycles: list[Cycle], today: dt.date) -> Counter:
    """Hold every meeting of `community` before `today`: group meetings with attendance of
    every member, notes and decisions, agreed actions at the knowledge meetings (those of past
    school years mostly done); coaching sessions just held. Cycles that have begun get a
    topic. Returns the counts written."""
    rng = random.Random(f"history:{community.name}")  # noqa: S311 - demo data
    current = school_year_of(today)
    profile = profile_for(community.name)
    members = list(
        Membership.objects.filter(community=community)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    lean = {user_id: rng.gauss(0, 0.06) for user_id in members}

    offset = rng.randrange(len(CYCLE_TOPICS))
    begun = [cycle for cycle in cycles if cycle.start_date <= today]
    for index, cycle in enumerate(begun):
        cycle.topic = CYCLE_TOPICS[(offset + index) % len(CYCLE_TOPICS)]
    Cycle.objects.bulk_update(begun, ["topic"])

    past = list(
        Meeting.objects.filter(community=community, starts_at__date__lt=today)
        .exclude(kind=ActivityKind.COACHING)
        .order_by("starts_at")
    )
    attendance: list[Attendance] = []
    actions: list[AgreedAction] = []
    for meeting in past:
        day = timezone.localtime(meeting.starts_at).date()
        years_ago = current - school_year_of(day)
        # Now and then a meeting half the team misses (flu, a school trip).
        chance = profile.chance(years_ago, day.month) - (0.2 if rng.random() < 0.04 else 0)
        for user_id in members:
            if rng.random() < min(0.99, max(0.2, chance + lean[user_id])):
                status = Attendance.Status.PRESENT
            elif rng.random() < 0.65:
                status = Attendance.Status.EXCUSED
            else:
                status = Attendance.Status.ABSENT
            attendance.append(Attendance(meeting=meeting, user_id=user_id, status=status))
        meeting.status = Meeting.Status.HELD
        meeting.notes = rng.choice(NOTES.get(meeting.kind, NOTES[ActivityKind.KNOWLEDGE]))
        meeting.decisions = rng.choice(DECISIONS)
        if meeting.kind != ActivityKind.KNOWLEDGE or not members:
            continue
        for _action in range(rng.choice([0, 1, 1, 2])):
            due = day + dt.timedelta(days=14)
            if years_ago:
                done = rng.random() < 0.9
            else:
                done = rng.random() < (0.7 if due < today else 0.25)
            actions.append(
                AgreedAction(
                    meeting=meeting,
                    description=rng.choice(ACTIONS),
                    owner_id=rng.choice(members),
                    due_date=due,
                    done=done,
                )
            )
    # A few texts, so one UPDATE per text is cheaper than bulk_update's CASE per meeting.
    Meeting.objects.filter(pk__in=[m.pk for m in past]).update(status=Meeting.Status.HELD)
    for name in ("notes", "decisions"):
        by_text = defaultdict(list)
        for meeting in past:
            by_text[getattr(meeting, name)].append(meeting.pk)
        for text, pks in by_text.items():
            Meeting.objects.filter(pk__in=pks).update(**{name: text})
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    attendance_recount(Meeting.objects.filter(community=community).values("pk"))
    AgreedAction.objects.bulk_create(actions, batch_size=5000)
    Meeting.objects.filter(
        community=community, kind=ActivityKind.COACHING, starts_at__date__lt=today
    ).update(status=Meeting.Status.HELD)
    return Counter(
        {
            "cycles": len(cycles),
            "meetings": Meeting.objects.filter(community=community).count(),
            "attendance rows": len(attendance),
            "agreed actions": len(actions),
        }
    )
