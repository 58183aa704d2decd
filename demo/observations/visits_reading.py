"""The small demo's classroom visits in PLG Begrijpend lezen, one at every stage: closed
and shared, coached, observed, contract held, and planned."""

from demo.observations.cast import Cast
from demo.observations.shared import lesson
from demo.observations.visits import close_with_reflection, visit_through_stages
from observations.models import Visibility, Visit
from observations.services import visits as visit_services


def anouk_closed_and_shared(cast: Cast) -> None:
    """Closed: Anouk observed by Bilal and the coach, coached, her reflection closes it, and
    she shares it with the community."""
    prediction = visit_through_stages(
        community=cast.reading,
        observed=cast.anouk,
        observers=[cast.bilal, cast.coach],
        instrument=cast.general,
        starts_at=lesson(cast.days(-35), 10, 15),
        group="groep 6A",
        subject="Begrijpend lezen",
        community_goal=cast.reading_goal,
        personal_goal=cast.think_aloud,
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
    close_with_reflection(
        prediction,
        cast.anouk,
        community=cast.reading,
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
        personal_goal=cast.think_aloud,
        community_goal=cast.reading_goal,
        created_at=cast.written(cast.days(-33)),
    )
    visit_services.visit_share(visit=prediction, by=cast.anouk, shared=True)


def bilal_coached(cast: Cast) -> None:
    """Coached, no reflection yet: Bilal observed by Charlotte (kept between them)."""
    visit_through_stages(
        community=cast.reading,
        observed=cast.bilal,
        observers=[cast.charlotte],
        instrument=cast.general,
        starts_at=lesson(cast.days(-14), 9, 0),
        group="groep 7B",
        subject="Begrijpend lezen",
        personal_goal=cast.questions,
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


def charlotte_observed(cast: Cast) -> Visit:
    """Observed, coaching conversation still to come: Charlotte observed by Daan and Anouk.
    Returns the visit, which Daan reflects on."""
    observed_visit = visit_through_stages(
        community=cast.reading,
        observed=cast.charlotte,
        observers=[cast.daan, cast.anouk],
        instrument=cast.general,
        starts_at=lesson(cast.days(-4), 11, 0),
        group="groep 5",
        subject="Begrijpend lezen",
        community_goal=cast.reading_goal,
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
    return observed_visit


def daan_contracted(cast: Cast) -> None:
    """Contract conversation held: Daan observed by Charlotte, next week."""
    visit_through_stages(
        community=cast.reading,
        observed=cast.daan,
        observers=[cast.charlotte],
        instrument=cast.general,
        starts_at=lesson(cast.days(6), 10, 30),
        group="groep 8",
        subject="Begrijpend lezen",
        contract=(
            "Hoe ik leerlingen laat terugkijken op de leesstrategie aan het eind van de les.",
            "Charlotte noteert de laatste tien minuten wat leerlingen zeggen.",
            "Charlotte komt om 11.05 uur binnen, na de instructie.",
            ["Leerlingen kijken terug", "Het doel van de les"],
        ),
    )


def planned(cast: Cast) -> None:
    """Planned in the coming weeks: Anouk observed by Daan, Bilal by Anouk."""
    visit_through_stages(
        community=cast.reading,
        observed=cast.anouk,
        observers=[cast.daan],
        instrument=cast.general,
        starts_at=lesson(cast.days(13), 9, 30),
        group="groep 6A",
        subject="Begrijpend lezen",
        personal_goal=cast.think_aloud,
    )
    visit_through_stages(
        community=cast.reading,
        observed=cast.bilal,
        observers=[cast.anouk],
        instrument=cast.general,
        starts_at=lesson(cast.days(20), 10, 45),
        group="groep 7B",
        subject="Woordenschat",
    )
