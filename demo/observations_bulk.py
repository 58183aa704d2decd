"""Bulk demo data for `seed_demo --scale`: three school years of visits, reflections and
scan rounds for every bulk teacher and community, written in batches."""

import bisect
import datetime as dt
import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from communities.models import Community, CommunityGoal, Membership, PersonalGoal
from cycles.calendar import local_datetime
from cycles.models import ActivityKind, Meeting, Product
from demo.observations.shared import (
    BULK_DOMAIN,
    GENERAL,
    before_summer,
    checklist,
    lesson,
    school_day,
)
from observations import services
from observations.models import (
    Item,
    Reflection,
    ScaleLevel,
    ScanAnswer,
    ScanParticipation,
    ScanResponse,
    ScanRound,
    ScanStatement,
    Score,
    Visibility,
    Visit,
    random_key,
    scan_round_count,
)

# Bulk ----------------------------------------------------------------------------------

YEARS = 3
REFLECTIONS_PER_YEAR = 30
VISITS_PER_YEAR = 4
SCAN_ROUNDS_PER_YEAR = 2
BATCH = 2000
TEACHERS_PER_CHUNK = 100
COMMUNITIES_PER_CHUNK = 25
# Visits run four weeks ahead of today, so the coming weeks hold planned visits too.
VISITS_AHEAD = 28

GROUPS = [f"groep {n}" for n in range(3, 9)]
SUBJECTS = [
    "Begrijpend lezen",
    "Technisch lezen",
    "Rekenen",
    "Spelling",
    "Taal",
    "Schrijven",
    "Wereldoriëntatie",
]
TIMES = [(8, 45), (9, 30), (10, 45), (11, 15)]

FOCUS = [
    "Hoe ik de instructie opbouw: voordoen, samen doen, zelf doen.",
    "Of alle leerlingen actief meedoen tijdens de uitleg.",
    "Welke vragen ik stel en hoeveel denktijd ik geef.",
    "Hoe ik omga met de verschillen tussen leerlingen bij het zelfstandig werken.",
    "Of het lesdoel voor leerlingen duidelijk is en aan het eind terugkomt.",
    "Hoe de overgangen tussen de lesdelen verlopen.",
]
DATA_COLLECTION = [
    "Turven hoeveel leerlingen actief meedoen, elke vijf minuten.",
    "Letterlijk opschrijven welke vragen ik stel.",
    "Twee leerlingen volgen die het lastig vinden.",
    "Na de les drie leerlingen vragen wat ze geleerd hebben.",
]
AGREEMENTS = [
    "Observant zit achterin en grijpt niet in. Nagesprek dezelfde week na schooltijd.",
    "Observant komt na de inloop binnen en blijft tot het einde van de instructie.",
    "Nagesprek in de eerstvolgende coachingsweek.",
]
FEED_UP = [
    "Alle leerlingen doen actief mee tijdens de instructie.",
    "Leerlingen weten aan het eind wat ze geleerd hebben.",
    "Leerlingen passen de strategie zelfstandig toe.",
    "Meer vragen die leerlingen laten nadenken.",
]
FEED_BACK = [
    "De uitleg was helder, maar bij het zelf doen haakte een groepje af.",
    "Je gaf veel denktijd; de beurten gingen nog vaak naar dezelfde leerlingen.",
    "Het lesdoel stond op het bord maar kwam aan het eind niet terug.",
    "De overgangen gingen vlot; de verlengde instructie begon pas laat.",
]
FEED_FORWARD = [
    "Gebruik wisbordjes bij de controlevraag, zodat je iedereen ziet.",
    "Werk met beurtstokjes in plaats van vingers.",
    "Plan vijf minuten terugblik en zet er een wekker voor.",
    "Haal het groepje eerder naar de instructietafel.",
]
COACHING_AGREEMENTS = [
    "Twee weken uitproberen en in de bijeenkomst vertellen hoe het ging.",
    "Over drie weken komt de observant nog tien minuten kijken.",
    "Bespreken in het volgende coachgesprek.",
]
EVIDENCE = [
    "Lesdoel stond op het bord en werd aan het begin voorgelezen.",
    "Na de vraag ongeveer vijf seconden gewacht.",
    "Drie leerlingen kregen verlengde instructie aan de instructietafel.",
    "De overgang naar zelfstandig werken duurde vier minuten.",
    "Leerlingen legden in tweetallen aan elkaar uit hoe ze het aanpakten.",
    "Twee leerlingen zaten tien minuten zonder werk.",
    "Leerling vroeg: 'mag ik eerst zelf proberen?' en kreeg die ruimte.",
    "Wisbordjes gebruikt; vrijwel iedereen schreef een antwoord op.",
    "De beurten gingen vooral naar de leerlingen vooraan.",
    "Goed werk werd concreet benoemd: 'je hebt eerst de vraag onderstreept, slim'.",
]
TITLES = [
    "Na de instructie",
    "Terugblik op deze week",
    "Zelfstandig werken",
    "Een les die niet liep",
    "Een les die wel liep",
    "Vragen stellen",
    "Na het lesbezoek",
    "Verschillen in de klas",
    "Het lesdoel",
    "Na de bijeenkomst",
]
HAPPENED = [
    "De instructie liep uit, waardoor er weinig tijd overbleef om zelf te oefenen.",
    "Bij het samen lezen deed bijna iedereen mee; alleen het groepje achterin haakte af.",
    "Ik begon met het lesdoel op het bord en liet een leerling het voorlezen.",
    "Tijdens het zelfstandig werken kwamen steeds dezelfde vragen terug.",
    "De wisbordjes werkten goed: ik zag in één keer wie het begreep.",
    "Na de gymles was de klas onrustig en kwam ik moeilijk op gang.",
    "Leerlingen legden elkaar in tweetallen de aanpak uit voordat ze zelf begonnen.",
    "Ik liet een leerling hardop denken bij een lastige som; dat hielp de rest zichtbaar.",
]
EXPECTED = [
    "Dat ze na het voordoen zelf aan de slag konden.",
    "Dat de sterke lezers de anderen zouden helpen.",
    "Dat iedereen de strategie in eigen woorden kon uitleggen.",
    "Dat tien minuten genoeg was voor de opdracht.",
]
CONTRIBUTION = [
    "Ik gaf het antwoord te snel zelf, zonder denktijd.",
    "Ik controleerde niet of iedereen het begreep voordat ik ze losliet.",
    "Mijn uitleg was kort en helder, dat hielp.",
    "Ik liep eerst naar de leerlingen die het meest nodig hadden.",
]
PATTERNS = [
    "Dit gebeurt vaker op maandag na het weekend.",
    "Het zijn steeds dezelfde leerlingen die afhaken bij zelfstandig werken.",
    "Als ik het doel niet noem, weten ze achteraf niet wat ze geleerd hebben.",
    "Bij nieuwe stof heb ik meer tijd nodig dan ik plan.",
]
DIFFERENCE = [
    "Ik wilde dat iedereen het zelf kon; ongeveer twee derde lukte het.",
    "Het doel was te groot voor één les.",
    "Ze deden wat ik vroeg, maar begrepen niet waarom.",
    "Het verschil was klein: bijna alles ging zoals gepland.",
]
NEXT_STEP = [
    "Volgende keer plan ik een korte controlevraag voordat ze zelf gaan werken.",
    "Ik ga beurtstokjes gebruiken, zodat niet alleen de vingers beurten krijgen.",
    "Ik vraag een collega om hier eens op te letten.",
    "Goed genoeg voor nu; ik houd dit vast en kijk over twee weken opnieuw.",
    "Ik bespreek dit met mijn coach.",
]
FREE = [
    "Vandaag ging het beter dan vorige week. De klas was rustiger en ik had meer tijd voor "
    "het groepje dat extra uitleg nodig had.",
    "Ik twijfel of ik te veel tegelijk wil veranderen. Eerst maar één ding goed doen.",
    "De bijeenkomst gaf me een idee dat ik morgen meteen ga proberen.",
    "Een drukke week; weinig tijd gehad om aan mijn doel te werken.",
    "Ik merk dat leerlingen beter meedoen als ik eerst vertel waarom we iets leren.",
    "Het lesbezoek was spannend, maar het nagesprek gaf me veel om mee verder te gaan.",
]


@dataclass
class _Context:
    """What a chunk of teachers needs, looked up once per chunk: a few rows per community
    or member."""

    seed_value: int
    today: dt.date
    instrument_id: int
    item_ids: list[int]
    level_ids: dict[int, int]  # value 1..4 -> pk
    email: dict[int, str] = field(default_factory=dict)
    communities_of: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    members: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    starts: dict[int, dt.date] = field(default_factory=dict)
    goals: dict[int, list[tuple[dt.date, int]]] = field(default_factory=lambda: defaultdict(list))
    personal_goal: dict[tuple[int, int], int] = field(default_factory=dict)
    meetings: dict[int, list[tuple[dt.date, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    products: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))


def _insert(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """Plain INSERTs in batches for rows nothing points at (scores, scan answers, link rows):
    for these, building a model instance per row costs more than writing it. `rows` holds
    database-ready values in the order of `fields`; fields with defaults must be given."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    table, values = quote(model._meta.db_table), ", ".join(["%s"] * len(fields))
    # Names come from the model's meta; the values go as parameters.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({values})"  # noqa: S608
    rows = iter(rows)
    written = 0
    with connection.cursor() as cursor:
        while batch := list(itertools.islice(rows, BATCH)):
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def _chunks(values: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _bulk_communities():
    return Community.objects.filter(name__regex=r"^PLG \d{3}-\d$")


def _context(seed_value: int, today: dt.date, teacher_ids: list[int]) -> _Context:
    general = checklist(GENERAL)
    ctx = _Context(
        seed_value=seed_value,
        today=today,
        instrument_id=general.pk,
        item_ids=list(
            Item.objects.filter(domain__instrument=general)
            .order_by("domain__order", "order")
            .values_list("pk", flat=True)
        ),
        level_ids=dict(
            ScaleLevel.objects.filter(instrument=general, value__isnull=False).values_list(
                "value", "pk"
            )
        ),
    )
    ctx.email = dict(User.objects.filter(pk__in=teacher_ids).values_list("pk", "email"))
    community_ids = set()
    for user_id, community_id in (
        Membership.objects.filter(user_id__in=teacher_ids)
        .order_by("community_id")
        .values_list("user_id", "community_id")
    ):
        ctx.communities_of[user_id].append(community_id)
        community_ids.add(community_id)
    for community_id, user_id in (
        Membership.objects.filter(community_id__in=community_ids)
        .order_by("community_id", "user__email")
        .values_list("community_id", "user_id")
    ):
        ctx.members[community_id].append(user_id)
    ctx.starts = dict(
        Community.objects.filter(pk__in=community_ids).values_list("pk", "start_date")
    )
    for community_id, target, pk in (
        CommunityGoal.objects.filter(community_id__in=community_ids)
        .order_by("community_id", "target_date", "pk")
        .values_list("community_id", "target_date", "pk")
    ):
        ctx.goals[community_id].append((target, pk))
    for owner_id, community_id, pk in (
        PersonalGoal.objects.filter(owner_id__in=teacher_ids, community_id__in=community_ids)
        .order_by("pk")
        .values_list("owner_id", "community_id", "pk")
    ):
        ctx.personal_goal.setdefault((owner_id, community_id), pk)
    for community_id, starts_at, pk in (
        Meeting.objects.filter(community_id__in=community_ids, status=Meeting.Status.HELD)
        .exclude(kind=ActivityKind.COACHING)
        .order_by("community_id", "starts_at")
        .values_list("community_id", "starts_at", "pk")
    ):
        ctx.meetings[community_id].append((timezone.localtime(starts_at).date(), pk))
    for community_id, pk in (
        Product.objects.filter(community_id__in=community_ids)
        .order_by("pk")
        .values_list("community_id", "pk")
    ):
        ctx.products[community_id].append(pk)
    return ctx


def _community_for(ctx: _Context, teacher: int, day: dt.date, rng: random.Random) -> int:
    """One of the teacher's communities that had started by `day` (else the oldest)."""
    mine = ctx.communities_of[teacher]
    started = [c for c in mine if ctx.starts[c] <= day]
    return rng.choice(started) if started else min(mine, key=lambda c: ctx.starts[c])


def _goal_for(ctx: _Context, community: int, day: dt.date) -> int | None:
    """The community's first goal due on or after `day`."""
    goals = ctx.goals.get(community, [])
    index = bisect.bisect_left(goals, (day, 0))
    return goals[index][1] if index < len(goals) else None


def _written(day: dt.date, rng: random.Random) -> dt.datetime:
    """After school on `day`, but never later than now."""
    at = local_datetime(day, dt.time(rng.randrange(15, 22), rng.choice([0, 15, 30, 45])))
    return min(at, timezone.now())


def _reflection_text(rng: random.Random) -> dict[str, str]:
    if rng.random() < 0.4:
        return {"title": rng.choice(TITLES), "text": " ".join(rng.sample(FREE, 2))}
    fields = {"title": rng.choice(TITLES), "happened": rng.choice(HAPPENED)}
    pools = [
        ("expected", EXPECTED),
        ("contribution", CONTRIBUTION),
        ("patterns", PATTERNS),
        ("difference", DIFFERENCE),
        ("next_step", NEXT_STEP),
    ]
    for name, pool in rng.sample(pools, rng.randint(2, 5)):
        fields[name] = rng.choice(pool)
    return fields


REFLECTION_FIELDS = [
    "author",
    "community",
    *services.REFLECTION_TEXT_FIELDS,
    "visibility",
    "is_draft",
    "meeting",
    "visit",
    "community_goal",
    "personal_goal",
    "product",
    "created_at",
    "updated_at",
]


def _reflection_row(values: dict) -> tuple:
    """A reflection as database values in the order of REFLECTION_FIELDS; last saved when
    it was written."""
    written = connection.ops.adapt_datetimefield_value(values["created_at"])
    values = {**values, "created_at": written, "updated_at": written}
    return tuple(
        values.get(name, "" if name in services.REFLECTION_TEXT_FIELDS else None)
        for name in REFLECTION_FIELDS
    )


def _visit_status(starts: dt.date, today: dt.date, rng: random.Random) -> str:
    age = (today - starts).days
    if age < 0:
        return Visit.Status.CONTRACTED if age >= -7 else Visit.Status.PLANNED
    if age < 7:
        return rng.choice([Visit.Status.OBSERVED, Visit.Status.OBSERVED, Visit.Status.COACHED])
    if age < 21:
        return rng.choice([Visit.Status.OBSERVED, Visit.Status.COACHED, Visit.Status.CLOSED])
    return Visit.Status.CLOSED if rng.random() < 0.9 else Visit.Status.COACHED


_STEP = {s: i for i, s in enumerate(Visit.Status.values)}


def _teachers_chunk(ctx: _Context, teacher_ids: Sequence[int]) -> Counter:
    """Visits (with observers, focus items and scores) and reflections for some teachers."""
    today = ctx.today
    visits: list[Visit] = []
    plans: list[tuple[list[int], list[int], list[int | None], str | None]] = []
    reflections: list[dict] = []
    # Reflections on a visit need its pk: kept apart until the visits are saved.
    visit_reflections: list[tuple[int, dict]] = []
    for teacher in teacher_ids:
        if not ctx.communities_of.get(teacher):
            continue
        rng = random.Random(f"{ctx.seed_value}:{ctx.email[teacher]}")  # noqa: S311 - demo
        skill = rng.gauss(2.4, 0.35)
        for year in range(YEARS):
            year_end = today - dt.timedelta(days=365 * (YEARS - 1 - year))
            year_start = year_end - dt.timedelta(days=365)
            group = rng.choice(GROUPS)
            closed_visits: list[tuple[dt.date, int, bool, int]] = []
            for v in range(VISITS_PER_YEAR):
                day = year_start + dt.timedelta(
                    days=VISITS_AHEAD + int((v + rng.random()) * 365 / VISITS_PER_YEAR)
                )
                day = school_day(before_summer(day))
                community = _community_for(ctx, teacher, day, rng)
                others = [m for m in ctx.members[community] if m != teacher]
                if not others:
                    continue
                observers = rng.sample(others, 2 if len(others) > 1 and rng.random() < 0.25 else 1)
                status = _visit_status(day, today, rng)
                step = _STEP[status]
                shared = status == Visit.Status.CLOSED and rng.random() < 0.25
                visit = Visit(
                    community_id=community,
                    observed_id=teacher,
                    instrument_id=ctx.instrument_id,
                    starts_at=lesson(day, *rng.choice(TIMES)),
                    group=group,
                    subject=rng.choice(SUBJECTS),
                    community_goal_id=_goal_for(ctx, community, day)
                    if rng.random() < 0.5
                    else None,
                    personal_goal_id=ctx.personal_goal.get((teacher, community))
                    if rng.random() < 0.3
                    else None,
                    status=status,
                    shared_with_community=shared,
                    version=1 + min(step, 3),
                    created_at=min(
                        local_datetime(day - dt.timedelta(days=21), dt.time(15, 30)),
                        timezone.now(),
                    ),
                )
                if step >= _STEP[Visit.Status.CONTRACTED]:
                    visit.focus = rng.choice(FOCUS)
                    visit.data_collection = rng.choice(DATA_COLLECTION)
                    visit.agreements = rng.choice(AGREEMENTS)
                if step >= _STEP[Visit.Status.COACHED]:
                    visit.feed_up = rng.choice(FEED_UP)
                    visit.feed_back = rng.choice(FEED_BACK)
                    visit.feed_forward = rng.choice(FEED_FORWARD)
                    visit.coaching_agreements = rng.choice(COACHING_AGREEMENTS)
                focus_items = (
                    rng.sample(ctx.item_ids, rng.randint(2, 3))
                    if step >= _STEP[Visit.Status.CONTRACTED]
                    else []
                )
                levels: list[int | None] = []
                if step >= _STEP[Visit.Status.OBSERVED]:
                    # Teachers grow a little every year; items differ lesson to lesson.
                    mean = skill + 0.25 * year
                    levels = [
                        ctx.level_ids[max(1, min(4, round(rng.gauss(mean, 0.6))))]
                        for _item in ctx.item_ids
                    ]
                evidence = rng.choice(EVIDENCE) if levels else None
                visits.append(visit)
                plans.append((observers, focus_items, levels, evidence))
                if status == Visit.Status.CLOSED:
                    closed_visits.append((day, community, shared, len(visits) - 1))

            # The observed teacher's reflection closes each closed visit; they count
            # towards the year's reflections.
            for day, community, shared, index in closed_visits:
                written = min(day + dt.timedelta(days=rng.randint(1, 4)), today)
                visibility = (
                    Visibility.COMMUNITY
                    if shared
                    else rng.choice([Visibility.PRIVATE, Visibility.COACH, Visibility.COACH])
                )
                reflection = {
                    **_reflection_text(rng),
                    "author": teacher,
                    "community": community,
                    "visibility": visibility,
                    "is_draft": False,
                    "created_at": _written(written, rng),
                    "title": "Na het lesbezoek",
                }
                visit_reflections.append((index, reflection))
            for _r in range(REFLECTIONS_PER_YEAR - len(closed_visits)):
                day = before_summer(year_start + dt.timedelta(days=rng.randint(1, 365)))
                community = _community_for(ctx, teacher, day, rng)
                links: dict[str, int | None] = {}
                meetings = ctx.meetings.get(community, [])
                if meetings and rng.random() < 0.3:
                    low = bisect.bisect_left(meetings, (year_start, 0))
                    high = bisect.bisect_right(meetings, (year_end, 2**62))
                    if low < high:
                        met, links["meeting"] = meetings[rng.randrange(low, high)]
                        day = min(met + dt.timedelta(days=rng.randint(0, 2)), today)
                roll = rng.random()
                if roll < 0.15:
                    links["community_goal"] = _goal_for(ctx, community, day)
                elif roll < 0.35:
                    links["personal_goal"] = ctx.personal_goal.get((teacher, community))
                elif roll < 0.40 and ctx.products.get(community):
                    links["product"] = rng.choice(ctx.products[community])
                reflections.append(
                    {
                        "author": teacher,
                        "community": community,
                        "visibility": rng.choices(
                            [Visibility.PRIVATE, Visibility.COACH, Visibility.COMMUNITY],
                            weights=[45, 30, 25],
                        )[0],
                        "is_draft": rng.random() < 0.1,
                        "created_at": _written(day, rng),
                        **_reflection_text(rng),
                        **links,
                    }
                )

    Visit.objects.bulk_create(visits, batch_size=BATCH)
    observers_through = Visit.observers.through
    focus_through = Visit.focus_items.through
    observer_rows, focus_rows, score_rows = [], [], []
    for visit, (observers, focus_items, levels, evidence) in zip(visits, plans, strict=True):
        observer_rows.extend((visit.pk, o) for o in observers)
        focus_rows.extend((visit.pk, i) for i in focus_items)
        score_rows.extend(
            (
                visit.pk,
                item,
                level,
                # A line of evidence on the first focus item, as observers write.
                evidence if focus_items and item == focus_items[0] else "",
            )
            for item, level in zip(ctx.item_ids, levels, strict=False)
        )
    _insert(observers_through, ["visit", "user"], observer_rows)
    _insert(focus_through, ["visit", "item"], focus_rows)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    _insert(
        Score,
        ["visit", "item", "level", "evidence", "updated_at"],
        (row + (now,) for row in score_rows),
    )
    for index, reflection in visit_reflections:
        reflection["visit"] = visits[index].pk
        reflections.append(reflection)
    _insert(Reflection, REFLECTION_FIELDS, map(_reflection_row, reflections))
    return Counter(
        {
            "visits": len(visits),
            "observers": len(observer_rows),
            "scores": len(score_rows),
            "reflections": len(reflections),
        }
    )


def _scan_chunk(
    communities: Sequence[tuple[int, str]],
    today: dt.date,
    seed_value: int,
    scan_id: int,
    statements: list[tuple[int, int]],
) -> Counter:
    """Rounds twice a year with answers from most members, for (community pk, name)."""
    members: dict[int, list[int]] = defaultdict(list)
    for community_id, user_id in (
        Membership.objects.filter(community_id__in=[c for c, _n in communities])
        .order_by("community_id", "user__email")
        .values_list("community_id", "user_id")
    ):
        members[community_id].append(user_id)
    rounds: list[ScanRound] = []
    plans: list[tuple[int, str, list[int], dt.date, float]] = []
    for community_id, name in communities:
        rng = random.Random(f"{seed_value}:scan:{name}")  # noqa: S311 - demo data
        lean = rng.gauss(0, 0.3)
        for year in range(YEARS):
            year_start = today - dt.timedelta(days=365 * (YEARS - year))
            for offset in (60, 340)[:SCAN_ROUNDS_PER_YEAR]:
                opened = school_day(year_start + dt.timedelta(days=offset))
                if opened > today:
                    continue
                closes = opened + dt.timedelta(days=35)
                is_open = closes >= today
                rounds.append(
                    ScanRound(
                        community_id=community_id,
                        scan_id=scan_id,
                        opened_at=local_datetime(opened, dt.time(15, 30)),
                        closes_on=closes,
                        status=ScanRound.Status.OPEN if is_open else ScanRound.Status.CLOSED,
                    )
                )
                share = 0.7 if is_open else 0.85
                who = [m for m in members[community_id] if rng.random() < share]
                plans.append((len(rounds) - 1, name, who, opened, lean + 0.2 * year))
    ScanRound.objects.bulk_create(rounds, batch_size=BATCH)
    participations, responses, scores = [], [], []
    for index, name, who, opened, lean in plans:
        scan_round = rounds[index]
        rng = random.Random(f"{seed_value}:scan-round:{name}:{opened}")  # noqa: S311 - demo
        last = min(opened + dt.timedelta(days=35), today)
        participations.extend(
            (
                scan_round.pk,
                user_id,
                connection.ops.adapt_datefield_value(
                    opened + dt.timedelta(days=rng.randint(0, (last - opened).days))
                ),
            )
            for user_id in who
        )
        # The answers are drawn apart from who answered: a response names nobody.
        for _person in who:
            responses.append(ScanResponse(round_id=scan_round.pk))
            theme_lean = {}
            answers = []
            for statement, theme in statements:
                if theme not in theme_lean:
                    theme_lean[theme] = rng.gauss(0, 0.4)
                score = round(rng.gauss(3.1 + lean + theme_lean[theme], 0.8))
                answers.append((statement, max(1, min(5, score))))
            scores.append(answers)
    _insert(ScanParticipation, ["round", "respondent", "submitted_on"], participations)
    ScanResponse.objects.bulk_create(responses, batch_size=BATCH)
    _insert(
        ScanAnswer,
        ["id", "response", "statement", "score"],
        (
            (random_key(), response.pk, statement, score)
            for response, answers in zip(responses, scores, strict=True)
            for statement, score in answers
        ),
    )
    scan_round_count([r.pk for r in rounds if r.status == ScanRound.Status.CLOSED])
    return Counter(
        {
            "scan rounds": len(rounds),
            "scan responses": len(responses),
            "scan answers": len(responses) * len(statements),
        }
    )


def scale(*, seed_value: int = 2026, today: dt.date | None = None) -> dict[str, int]:
    """Three school years of visits and reflections for every bulk teacher, and scan rounds
    for every bulk community. Teachers and communities that have them already are skipped,
    so running it again adds only what is missing."""
    today = today or timezone.localdate()
    counts: Counter = Counter(
        {
            "visits": 0,
            "observers": 0,
            "scores": 0,
            "reflections": 0,
            "scan rounds": 0,
            "scan responses": 0,
            "scan answers": 0,
        }
    )
    teachers = Q(email__startswith="docent", email__endswith=BULK_DOMAIN)
    # A teacher's history is written in one transaction: any of it means all of it.
    bulk_teachers = User.objects.filter(teachers)
    done = set(
        Reflection.objects.filter(author__in=bulk_teachers)
        .values_list("author_id", flat=True)
        .distinct()
    ) | set(
        Visit.objects.filter(observed__in=bulk_teachers)
        .values_list("observed_id", flat=True)
        .distinct()
    )
    todo = [
        pk
        for pk in User.objects.filter(teachers).order_by("email").values_list("pk", flat=True)
        if pk not in done
    ]
    for chunk in _chunks(todo, TEACHERS_PER_CHUNK):
        ctx = _context(seed_value, today, list(chunk))
        with transaction.atomic():
            counts.update(_teachers_chunk(ctx, chunk))

    scan = services.scan_default()
    statements = list(
        ScanStatement.objects.filter(theme__scan=scan)
        .order_by("theme__order", "order")
        .values_list("pk", "theme_id")
    )
    without_rounds = [
        (pk, name)
        for pk, name in _bulk_communities()
        .filter(scan_rounds__isnull=True)
        .order_by("name")
        .values_list("pk", "name")
    ]
    for chunk in _chunks(without_rounds, COMMUNITIES_PER_CHUNK):
        with transaction.atomic():
            counts.update(
                _scan_chunk(
                    [(pk, name) for pk, name in chunk], today, seed_value, scan.pk, statements
                )
            )
    return dict(counts)
