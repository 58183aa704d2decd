"""Demo data for observations: classroom visits in every stage, reflections with every
visibility, and PLC scan rounds. Extends communities.demo and cycles.demo; called by
`seed_demo`.

`seed` goes through the services, as people would create it. `scale` writes years of history
for the bulk teachers with bulk inserts, a chunk of teachers (or communities) per
transaction, so memory stays flat however many schools there are.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from communities.models import Community, CommunityGoal, PersonalGoal
from cycles.calendar import local_datetime
from cycles.models import ActivityKind, Cycle, Meeting, Product
from demo.communities import BOARD
from observations.models import (
    Instrument,
    Item,
    Reflection,
    ScanParticipation,
    ScanRound,
    ScanStatement,
    Visibility,
    Visit,
)
from observations.selectors import scan as scan_selectors
from observations.services import reflections as reflection_services
from observations.services import scan as scan_services
from observations.services import visits as visit_services

GENERAL = "Algemene lesobservatie"
SHORT = "Korte kijkwijzer"
DEMO_TEACHERS = [f"docent{i}@example.org" for i in range(1, 9)]
BULK_DOMAIN = "@bulk.example.org"


def _checklist(name_prefix: str) -> Instrument:
    """The current version of a built-in checklist."""
    built_in = Instrument.objects.filter(organisation=None, name__startswith=name_prefix)
    return built_in.filter(is_current=True).first() or built_in.order_by("-version").first()


def _school_day(day: dt.date) -> dt.date:
    """Saturday becomes Friday, Sunday becomes Monday."""
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


def _before_summer(day: dt.date) -> dt.date:
    """A day in the summer holiday (mid July to August) moves back to June or early July."""
    if day.month == 8 or (day.month == 7 and day.day > 10):
        return day - dt.timedelta(days=56)
    return day


def _lesson(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return local_datetime(_school_day(day), dt.time(hour, minute))


# Small demo ----------------------------------------------------------------------------


def _visit(
    *,
    community: Community,
    observed: User,
    observers: list[User],
    instrument: Instrument,
    starts_at: dt.datetime,
    group: str,
    subject: str,
    contract: tuple[str, str, str, list[str]] | None = None,
    scores: dict[str, tuple[int | None, str]] | None = None,
    coaching: tuple[str, str, str, str] | None = None,
    **links,
) -> Visit:
    """A visit taken as far as the arguments go: planned, contract, scores, coaching.

    `scores` maps the start of an item's text to (level value, evidence); the key "*" gives
    the items not named (without it they are scored "not seen")."""
    visit = visit_services.visit_plan(
        community=community,
        observed=observed,
        observers=observers,
        instrument=instrument,
        starts_at=starts_at,
        group=group,
        subject=subject,
        **links,
    )
    items = list(
        Item.objects.filter(domain__instrument=instrument)
        .select_related("domain")
        .order_by("domain__order", "order")
    )
    if contract is not None:
        focus, data_collection, agreements, focus_starts = contract
        visit = visit_services.visit_record_contract(
            visit=visit,
            version=visit.version,
            focus=focus,
            data_collection=data_collection,
            agreements=agreements,
            focus_items=[i for i in items if i.text.startswith(tuple(focus_starts))],
        )
    if scores is not None:
        levels = {level.value: level for level in instrument.levels.all()}
        default = scores.pop("*", (None, ""))
        for item in items:
            value, evidence = next(
                (given for start, given in scores.items() if item.text.startswith(start)),
                default,
            )
            visit_services.score_save(
                visit=visit, item=item, level=levels.get(value), evidence=evidence
            )
        visit.refresh_from_db()
    if coaching is not None:
        feed_up, feed_back, feed_forward, agreements = coaching
        visit = visit_services.visit_record_coaching(
            visit=visit,
            version=visit.version,
            feed_up=feed_up,
            feed_back=feed_back,
            feed_forward=feed_forward,
            coaching_agreements=agreements,
        )
    return visit


def _close_with_reflection(visit: Visit, author: User, **fields) -> Reflection:
    """The observed teacher's reflection on the visit, which closes it."""
    reflection = reflection_services.reflection_save(
        author=author, publish=True, visit=visit, **fields
    )
    # reflection_save closes the visit; make sure of it should that rule ever move.
    Visit.objects.filter(pk=visit.pk).exclude(status=Visit.Status.CLOSED).update(
        status=Visit.Status.CLOSED
    )
    return reflection


def _answers(scan_round: ScanRound, rng: random.Random, lean: float) -> dict[int, int]:
    statements = ScanStatement.objects.filter(theme__scan=scan_round.scan).values_list(
        "pk", flat=True
    )
    return {pk: max(1, min(5, round(rng.gauss(3.2 + lean, 0.8)))) for pk in statements}


def _scan_rounds(
    community: Community,
    today: dt.date,
    closed_respondents: list[User],
    open_respondents: list[User],
    rng: random.Random,
) -> int:
    """A closed round in the last cycle and an open round in this one."""
    scan = scan_selectors.scan_default()
    last_cycle = (
        Cycle.objects.filter(community=community, end_date__lt=today).order_by("-end_date").first()
    )
    if last_cycle is not None:
        opened, closes = last_cycle.start_date + dt.timedelta(days=7), last_cycle.end_date
    else:
        opened, closes = today - dt.timedelta(days=42), today - dt.timedelta(days=21)
    closed = scan_services.scan_round_open(community=community, scan=scan)
    for person in closed_respondents:
        scan_services.scan_answer(
            scan_round=closed, respondent=person, scores=_answers(closed, rng, lean=-0.2)
        )
    scan_services.scan_round_close(scan_round=closed)
    # The round was held in the last cycle; the services stamp today, so move it back.
    ScanRound.objects.filter(pk=closed.pk).update(
        opened_at=_lesson(opened, 15, 30), closes_on=closes
    )
    ScanParticipation.objects.filter(round=closed).update(
        submitted_on=min(opened + dt.timedelta(days=3), closes)
    )
    current = scan_services.scan_round_open(
        community=community, scan=scan, closes_on=today + dt.timedelta(days=14)
    )
    for person in open_respondents:
        scan_services.scan_answer(
            scan_round=current, respondent=person, scores=_answers(current, rng, lean=0.2)
        )
    return 2


@transaction.atomic
def seed(today: dt.date | None = None) -> dict[str, int]:
    """Visits, reflections and scan rounds for the two demo communities, once. Returns what
    was added (nothing when it ran before)."""
    today = today or timezone.localdate()
    added = {"visits": 0, "reflections": 0, "scan rounds": 0}
    communities = {
        c.name: c
        for c in Community.objects.filter(
            organisation__name=BOARD, name__in=["PLG Begrijpend lezen", "PLG Formatief handelen"]
        )
    }
    reading = communities.get("PLG Begrijpend lezen")
    formative = communities.get("PLG Formatief handelen")
    if reading is None or formative is None:
        return added
    if Visit.objects.filter(
        community__in=[reading, formative], observed__email__in=DEMO_TEACHERS
    ).exists():
        return added
    visits_before, reflections_before = Visit.objects.count(), Reflection.objects.count()
    people = {
        u.email.split("@")[0]: u
        for u in User.objects.filter(email__in=[*DEMO_TEACHERS, "coach@example.org"])
    }
    anouk, bilal, charlotte, daan = (people[f"docent{i}"] for i in range(1, 5))
    eva, fatima, gijs, hanna = (people[f"docent{i}"] for i in range(5, 9))
    coach = people["coach"]
    general, short = _checklist(GENERAL), _checklist(SHORT)
    reading_goal = CommunityGoal.objects.filter(community=reading).order_by("pk").first()
    formative_goal = CommunityGoal.objects.filter(community=formative).order_by("pk").first()
    goals = {g.title: g for g in PersonalGoal.objects.filter(community=reading)}
    think_aloud = goals.get("Hardop denken bij het modelen")
    calmer = goals.get("Rustiger reageren op onrust na de pauze")
    questions = goals.get("Meer vragen op hoger denkniveau stellen")
    products = {p.title: p for p in Product.objects.filter(community=reading)}
    held = Meeting.objects.filter(status=Meeting.Status.HELD).exclude(kind=ActivityKind.COACHING)
    reading_meeting = held.filter(community=reading).order_by("-starts_at").first()
    formative_meeting = held.filter(community=formative).order_by("-starts_at").first()

    def days(n: int) -> dt.date:
        return today + dt.timedelta(days=n)

    def written(day: dt.date) -> dt.datetime:
        return min(local_datetime(day, dt.time(19, 45)), timezone.now())

    def written_after(meeting: Meeting | None, otherwise: dt.date) -> dt.datetime:
        if meeting is None:
            return written(otherwise)
        return written(timezone.localtime(meeting.starts_at).date())

    # PLG Begrijpend lezen ----------------------------------------------------------------
    # Closed: Anouk observed by Bilal and the coach, coached, her reflection closes it, and
    # she shares it with the community.
    prediction = _visit(
        community=reading,
        observed=anouk,
        observers=[bilal, coach],
        instrument=general,
        starts_at=_lesson(days(-35), 10, 15),
        group="groep 6A",
        subject="Begrijpend lezen",
        community_goal=reading_goal,
        personal_goal=think_aloud,
        contract=(
            "Hoe ik hardop denk als ik voordoe hoe je voorspelt waar een tekst over gaat, en "
            "of leerlingen het daarna zelf doen.",
            "Bilal schrijft letterlijk op wat ik zeg tijdens het voordoen. Cas telt hoeveel "
            "leerlingen zelf een voorspelling opschrijven.",
            "Bilal zit achterin bij tafelgroep 3, Cas komt na de inloop binnen. Nagesprek "
            "donderdag om 15.00 uur in het lokaal van groep 6.",
            ["Uitleg is stapsgewijs", "Het doel van de les", "De leraar leert leerlingen hoe"],
        ),
        scores={
            "*": (3, ""),
            "Uitleg is stapsgewijs": (
                3,
                "'Ik zie de titel en het plaatje, dus ik denk dat het gaat over…' Twee keer "
                "voorgedaan, daarna een keer samen met de klas.",
            ),
            "Het doel van de les": (
                4,
                "Doel stond op het bord en werd aan het eind teruggevraagd; vier leerlingen "
                "zeiden het in eigen woorden.",
            ),
            "De leraar leert leerlingen hoe": (
                2,
                "De stappenkaart hing op het bord, maar bij het zelf lezen werd er niet meer "
                "naar verwezen.",
            ),
            "Alle leerlingen zijn actief": (
                2,
                "Bij het samen voorspellen praatten vooral de leerlingen vooraan mee. 17 van "
                "de 26 schreven zelf een voorspelling op.",
            ),
            "Leerlingen krijgen denktijd": (
                3,
                "Na de vraag telde Anouk zichtbaar tot vijf op haar vingers.",
            ),
            "Snelle leerlingen": (2, "Wie klaar was, ging stillezen in het eigen boek."),
        },
        coaching=(
            "Leerlingen voorspellen zelfstandig met behulp van de titel, de plaatjes en de "
            "eerste alinea.",
            "Het voordoen was helder en je benoemde elke denkstap. Bij het zelf doen "
            "verdween de stappenkaart uit beeld en schreven negen leerlingen niets op.",
            "Houd de stappenkaart in beeld bij het zelf doen en loop eerst langs de leerlingen "
            "die bij het samen doen stil bleven.",
            "Anouk probeert dit twee weken. Daarna komt Bilal nog tien minuten kijken.",
        ),
    )
    _close_with_reflection(
        prediction,
        anouk,
        community=reading,
        visibility=Visibility.COMMUNITY,
        title="Lesbezoek voorspellen: wat ik terugzag",
        happened=(
            "Bilal en Cas keken mee bij mijn les voorspellen in 6A. Het voordoen ging goed, "
            "maar toen ze het zelf moesten doen bleef een flink deel van de klas stil."
        ),
        expected=(
            "Ik verwachtte dat iedereen na twee voorbeelden zelf een voorspelling kon opschrijven."
        ),
        contribution=(
            "Ik had de stappenkaart wel opgehangen, maar ik heb er daarna niet meer naar "
            "verwezen. Eigenlijk liet ik ze te snel los."
        ),
        patterns=(
            "Dit herken ik: zodra ik overschakel naar zelfstandig werken, haken dezelfde "
            "leerlingen af."
        ),
        difference=(
            "Ik wilde dat alle leerlingen de strategie zelf toepasten. Het waren er zeventien "
            "van de zesentwintig."
        ),
        next_step=(
            "Nog niet goed genoeg. Volgende keer houd ik de kaart in beeld en ga ik eerst naar "
            "de stille leerlingen toe."
        ),
        personal_goal=think_aloud,
        community_goal=reading_goal,
        created_at=written(days(-33)),
    )
    visit_services.visit_share(visit=prediction, by=anouk, shared=True)

    # Coached, no reflection yet: Bilal observed by Charlotte (kept between them).
    _visit(
        community=reading,
        observed=bilal,
        observers=[charlotte],
        instrument=general,
        starts_at=_lesson(days(-14), 9, 0),
        group="groep 7B",
        subject="Begrijpend lezen",
        personal_goal=questions,
        contract=(
            "Welke vragen ik stel als we de tekst nabespreken.",
            "Charlotte schrijft elke vraag op die ik stel en zet er een streep achter als een "
            "leerling moet uitleggen waarom.",
            "Charlotte komt om 9.00 uur, de nabespreking begint rond 9.25 uur.",
            ["De leraar stelt vragen", "Leerlingen krijgen denktijd"],
        ),
        scores={
            "*": (3, ""),
            "De leraar stelt vragen": (
                2,
                "Twaalf vragen gesteld: negen 'wat staat er'-vragen, drie 'waarom denk je "
                "dat'-vragen.",
            ),
            "Leerlingen krijgen denktijd": (
                2,
                "Meestal kwam het antwoord van de eerste vinger die omhoog ging.",
            ),
            "De leraar spreekt leerlingen respectvol": (
                4,
                "Iedere leerling werd bij naam genoemd, ook bij het binnenkomen.",
            ),
        },
        coaching=(
            "Leerlingen leggen uit waarom ze iets denken, niet alleen wat er in de tekst staat.",
            "Je stelt veel vragen en de sfeer is goed, maar de meeste vragen vragen om "
            "terugzoeken in de tekst.",
            "Bereid drie waarom-vragen voor en schrijf ze op een briefje naast de tekst. Laat "
            "na elke vraag eerst iedereen in tweetallen overleggen.",
            "Bilal kiest de vragen samen met Cas in het coachgesprek van volgende week.",
        ),
    )

    # Observed, coaching conversation still to come: Charlotte observed by Daan and Anouk.
    observed_visit = _visit(
        community=reading,
        observed=charlotte,
        observers=[daan, anouk],
        instrument=general,
        starts_at=_lesson(days(-4), 11, 0),
        group="groep 5",
        subject="Begrijpend lezen",
        community_goal=reading_goal,
        contract=(
            "Samenvatten: laat ik genoeg zien hoe je de hoofdzaak kiest?",
            "Daan volgt twee zwakke lezers, Anouk kijkt naar de hele klas.",
            "Niet ingrijpen tijdens de les; vragen bewaren voor het nagesprek.",
            ["Uitleg is stapsgewijs", "Leerlingen worden gestimuleerd"],
        ),
        scores={
            "*": (3, ""),
            "Uitleg is stapsgewijs": (
                4,
                "Charlotte streepte samen met de klas zinnen weg die 'niet nodig' waren en "
                "zei waarom.",
            ),
            "Leerlingen worden gestimuleerd": (
                2,
                "Na het samenvatten werd niet gevraagd of de samenvatting klopte met de tekst.",
            ),
            "Leerlingen die meer nodig hebben": (
                3,
                "Vier leerlingen kregen verlengde instructie aan de instructietafel.",
            ),
        },
    )

    # Contract conversation held: Daan observed by Charlotte, next week.
    _visit(
        community=reading,
        observed=daan,
        observers=[charlotte],
        instrument=general,
        starts_at=_lesson(days(6), 10, 30),
        group="groep 8",
        subject="Begrijpend lezen",
        contract=(
            "Hoe ik leerlingen laat terugkijken op de leesstrategie aan het eind van de les.",
            "Charlotte noteert de laatste tien minuten wat leerlingen zeggen.",
            "Charlotte komt om 11.05 uur binnen, na de instructie.",
            ["Leerlingen kijken terug", "Het doel van de les"],
        ),
    )
    # Planned in the coming weeks.
    _visit(
        community=reading,
        observed=anouk,
        observers=[daan],
        instrument=general,
        starts_at=_lesson(days(13), 9, 30),
        group="groep 6A",
        subject="Begrijpend lezen",
        personal_goal=think_aloud,
    )
    _visit(
        community=reading,
        observed=bilal,
        observers=[anouk],
        instrument=general,
        starts_at=_lesson(days(20), 10, 45),
        group="groep 7B",
        subject="Woordenschat",
    )

    # PLG Formatief handelen --------------------------------------------------------------
    learning_goal = _visit(
        community=formative,
        observed=eva,
        observers=[fatima],
        instrument=general,
        starts_at=_lesson(days(-28), 9, 15),
        group="groep 4",
        subject="Rekenen",
        community_goal=formative_goal,
        contract=(
            "Komt het lesdoel aan het begin en het eind van de les terug?",
            "Fatima vraagt na de les aan drie leerlingen wat ze geleerd hebben.",
            "Fatima zit bij de deur, Eva stelt haar niet voor aan de klas.",
            ["Het doel van de les", "Leerlingen kijken terug"],
        ),
        scores={
            "*": (3, ""),
            "Het doel van de les": (
                3,
                "Doel genoemd bij de start ('vandaag leren we splitsen tot 20'), niet meer aan "
                "het eind.",
            ),
            "Leerlingen kijken terug": (
                1,
                "De les eindigde met opruimen; er was geen terugblik.",
            ),
            "De les begint op tijd": (4, "Binnen twee minuten zat iedereen met het schrift."),
        },
        coaching=(
            "Elke les begint en eindigt met het lesdoel.",
            "Het begin staat als een huis. Aan het eind was de tijd op en verdween het doel.",
            "Zet een wekker vijf minuten voor het einde: dan stopt het werken en kijken we terug.",
            "Eva probeert de wekker een week; Fatima vraagt er in de bijeenkomst naar.",
        ),
    )
    _close_with_reflection(
        learning_goal,
        eva,
        community=formative,
        visibility=Visibility.COACH,
        title="Het lesdoel aan het eind",
        text=(
            "Fatima zag wat ik zelf al vermoedde: aan het begin noem ik het doel netjes, aan "
            "het eind ben ik het kwijt. Met de wekker lukte het deze week drie van de vijf "
            "keer. Twee keer heb ik hem weggedrukt omdat ze zo lekker bezig waren. Dat wil ik "
            "met Cas bespreken: is doorwerken dan echt belangrijker?"
        ),
        community_goal=formative_goal,
        created_at=written(days(-22)),
    )
    _visit(
        community=formative,
        observed=fatima,
        observers=[gijs, coach],
        instrument=short,
        starts_at=_lesson(days(-6), 8, 45),
        group="groep 3",
        subject="Taal",
        community_goal=formative_goal,
        scores={
            "Het lesdoel staat zichtbaar": (1, "Plaatje van het doel op het digibord."),
            "Een leerling kan desgevraagd": (
                0,
                "Twee leerlingen gevraagd; allebei noemden ze de opdracht, niet het doel.",
            ),
            "Aan het eind kijkt": (None, "Wij moesten voor het einde weg."),
        },
    )
    _visit(
        community=formative,
        observed=gijs,
        observers=[hanna],
        instrument=general,
        starts_at=_lesson(days(9), 11, 15),
        group="groep 7",
        subject="Geschiedenis",
    )

    # Reflections -------------------------------------------------------------------------
    def reflect(author: User, *, publish: bool = True, **fields) -> Reflection:
        return reflection_services.reflection_save(author=author, publish=publish, **fields)

    reflect(
        anouk,
        community=reading,
        visibility=Visibility.PRIVATE,
        personal_goal=calmer,
        title="Na de pauze",
        text=(
            "PRIVÉ, alleen voor mezelf: vandaag ben ik na de pauze tegen een leerling "
            "uitgevallen en daar baal ik van. Ik merk dat mijn lontje kort is als ik slecht "
            "geslapen heb. Morgen begin ik na de pauze met twee minuten stillezen, zodat ik "
            "niet boven de klas uit hoef te praten."
        ),
        created_at=written(days(-9)),
    )
    reflect(
        anouk,
        community=reading,
        visibility=Visibility.COACH,
        meeting=reading_meeting,
        title="Bijeenkomst: hardop denken bij moeilijke zinnen",
        happened=(
            "Charlotte liet een filmpje zien van haar instructie. Wat me opviel: ze zegt ook "
            "hardop wat ze níet snapt, en hoe ze dat dan oplost."
        ),
        contribution=(
            "Ik doe vooral voor hoe het moet als alles lukt. Daardoor lijkt lezen voor mijn "
            "zwakke lezers iets wat je wel of niet kunt."
        ),
        next_step=(
            "Bij de tekst van volgende week kies ik eerst een zin waar ik zelf over struikel, "
            "en laat ik horen wat ik dan doe."
        ),
        created_at=written_after(reading_meeting, days(-7)),
    )
    reflect(
        anouk,
        publish=False,
        community=reading,
        visibility=Visibility.COMMUNITY,
        product=products.get("Kijkwijzer leesstrategieën"),
        title="Kijkwijzer ook voor mezelf?",
        text=(
            "Idee: de kijkwijzer leesstrategieën niet alleen bij een lesbezoek gebruiken, maar "
            "hem zelf na een les invullen. Nog uitzoeken: welke drie punten kies ik, en"
        ),
    )
    reflect(
        bilal,
        community=reading,
        visibility=Visibility.COMMUNITY,
        product=products.get("Lesopzet modelen met hardop denken"),
        title="Lesopzet modelen uitgeprobeerd in 7B",
        happened=(
            "Ik heb de vijf stappen uit onze lesopzet gevolgd bij een informatieve tekst over "
            "vulkanen."
        ),
        expected="Dat stap 3, samen doen, snel zou gaan omdat de tekst niet moeilijk was.",
        difference=(
            "Samen doen kostte juist de meeste tijd: leerlingen wilden allemaal hun eigen "
            "voorspelling vertellen. Voor stap 4 bleef maar tien minuten over."
        ),
        next_step=(
            "Bij stap 3 laat ik ze voortaan eerst in tweetallen overleggen en vraag ik daarna "
            "maar twee duo's. Wie heeft een andere manier gevonden?"
        ),
        created_at=written(days(-12)),
    )
    reflect(
        bilal,
        community=reading,
        visibility=Visibility.COACH,
        personal_goal=questions,
        title="Waarom-vragen",
        text=(
            "Ik heb drie waarom-vragen op een briefje gezet. De eerste twee gingen goed, bij "
            "de derde viel het stil. Misschien was de vraag te groot. Ik wil met Cas kijken "
            "hoe ik zo'n vraag kleiner maak zonder dat hij weer een 'wat staat er'-vraag wordt."
        ),
        created_at=written(days(-5)),
    )
    reflect(
        daan,
        community=reading,
        visibility=Visibility.PRIVATE,
        visit=observed_visit,
        title="Wat ik leerde bij Charlotte",
        text=(
            "Bij Charlotte zag ik hoe ze zinnen wegstreept en zegt waarom. Dat doe ik nooit "
            "zo expliciet. Mijn twee leerlingen deden goed mee bij het wegstrepen, maar "
            "schreven daarna toch de hele alinea over. Dat neem ik mee naar mijn eigen les."
        ),
        created_at=written(days(-3)),
    )
    reflect(
        fatima,
        community=formative,
        visibility=Visibility.COMMUNITY,
        community_goal=formative_goal,
        title="Lesdoel in eigen woorden",
        happened=(
            "Ik vroeg aan het eind van elke taalles aan één leerling: wat heb je vandaag "
            "geleerd? Meestal kreeg ik de opdracht terug: 'we hebben blad 12 gemaakt'."
        ),
        patterns="Het doel staat bij mij op het bord als opdracht, niet als iets wat je leert.",
        next_step=(
            "Ik schrijf het doel voortaan als 'ik kan…' en laat een leerling het aan het begin "
            "in eigen woorden herhalen."
        ),
        created_at=written(days(-16)),
    )
    reflect(
        gijs,
        community=formative,
        visibility=Visibility.COMMUNITY,
        meeting=formative_meeting,
        title="Bijeenkomst over feedback",
        text=(
            "Goede bijeenkomst. De voorbeelden van leerlingwerk maakten veel duidelijker wat "
            "we met 'feedback die verder helpt' bedoelen dan de theorie vorige keer."
        ),
        created_at=written_after(formative_meeting, days(-6)),
    )
    reflect(
        hanna,
        community=formative,
        visibility=Visibility.PRIVATE,
        title="Nakijken",
        text=(
            "Het nakijken van de schrijfopdrachten kost me elke week een avond. Ik schrijf "
            "veel, maar ik weet niet of ze het lezen. Volgende keer probeer ik één tip en één "
            "top per leerling, en laat ik ze er in de les iets mee doen."
        ),
        created_at=written(days(-2)),
    )

    # Scan rounds -------------------------------------------------------------------------
    rng = random.Random(2026)  # noqa: S311 - demo data
    rounds = _scan_rounds(
        reading,
        today,
        closed_respondents=[anouk, bilal, charlotte, daan, coach],
        open_respondents=[bilal, charlotte, daan],  # Anouk (docent1) can still answer
        rng=rng,
    )
    rounds += _scan_rounds(
        formative,
        today,
        closed_respondents=[eva, fatima, gijs, hanna],
        open_respondents=[fatima, gijs],  # too few to show results yet
        rng=rng,
    )
    added["visits"] = Visit.objects.count() - visits_before
    added["reflections"] = Reflection.objects.count() - reflections_before
    added["scan rounds"] = rounds
    return added
