"""The small demo's reflections that do not close a visit, with every visibility: private,
for the coach, for the community, and a draft; on a meeting, a goal, a product or a visit
someone observed."""

from accounts.models import User
from demo.observations.cast import Cast
from observations.models import Reflection, Visibility, Visit
from observations.services import reflections as reflection_services


def _reflect(author: User, *, publish: bool = True, **fields) -> Reflection:
    return reflection_services.reflection_save(author=author, publish=publish, **fields)


def reading_reflections(cast: Cast, *, observed_visit: Visit) -> None:
    """Anouk's, Bilal's and Daan's reflections in PLG Begrijpend lezen; Daan's is on the
    visit he observed (`observed_visit`)."""
    _reflect(
        cast.anouk,
        community=cast.reading,
        visibility=Visibility.PRIVATE,
        personal_goal=cast.calmer,
        title="Na de pauze",
        text=(
            "PRIVÉ, alleen voor mezelf: vandaag ben ik na de pauze tegen een leerling "
            "uitgevallen en daar baal ik van. Ik merk dat mijn lontje kort is als ik slecht "
            "geslapen heb. Morgen begin ik na de pauze met twee minuten stillezen, zodat ik "
            "niet boven de klas uit hoef te praten."
        ),
        created_at=cast.written(cast.days(-9)),
    )
    _reflect(
        cast.anouk,
        community=cast.reading,
        visibility=Visibility.COACH,
        meeting=cast.reading_meeting,
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
        created_at=cast.written_after(cast.reading_meeting, cast.days(-7)),
    )
    _reflect(
        cast.anouk,
        publish=False,
        community=cast.reading,
        visibility=Visibility.COMMUNITY,
        product=cast.products.get("Kijkwijzer leesstrategieën"),
        title="Kijkwijzer ook voor mezelf?",
        text=(
            "Idee: de kijkwijzer leesstrategieën niet alleen bij een lesbezoek gebruiken, maar "
            "hem zelf na een les invullen. Nog uitzoeken: welke drie punten kies ik, en"
        ),
    )
    _reflect(
        cast.bilal,
        community=cast.reading,
        visibility=Visibility.COMMUNITY,
        product=cast.products.get("Lesopzet modelen met hardop denken"),
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
        created_at=cast.written(cast.days(-12)),
    )
    _reflect(
        cast.bilal,
        community=cast.reading,
        visibility=Visibility.COACH,
        personal_goal=cast.questions,
        title="Waarom-vragen",
        text=(
            "Ik heb drie waarom-vragen op een briefje gezet. De eerste twee gingen goed, bij "
            "de derde viel het stil. Misschien was de vraag te groot. Ik wil met Cas kijken "
            "hoe ik zo'n vraag kleiner maak zonder dat hij weer een 'wat staat er'-vraag wordt."
        ),
        created_at=cast.written(cast.days(-5)),
    )
    _reflect(
        cast.daan,
        community=cast.reading,
        visibility=Visibility.PRIVATE,
        visit=observed_visit,
        title="Wat ik leerde bij Charlotte",
        text=(
            "Bij Charlotte zag ik hoe ze zinnen wegstreept en zegt waarom. Dat doe ik nooit "
            "zo expliciet. Mijn twee leerlingen deden goed mee bij het wegstrepen, maar "
            "schreven daarna toch de hele alinea over. Dat neem ik mee naar mijn eigen les."
        ),
        created_at=cast.written(cast.days(-3)),
    )


def formative_reflections(cast: Cast) -> None:
    """Fatima's, Gijs's and Hanna's reflections in PLG Formatief handelen."""
    _reflect(
        cast.fatima,
        community=cast.formative,
        visibility=Visibility.COMMUNITY,
        community_goal=cast.formative_goal,
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
        created_at=cast.written(cast.days(-16)),
    )
    _reflect(
        cast.gijs,
        community=cast.formative,
        visibility=Visibility.COMMUNITY,
        meeting=cast.formative_meeting,
        title="Bijeenkomst over feedback",
        text=(
            "Goede bijeenkomst. De voorbeelden van leerlingwerk maakten veel duidelijker wat "
            "we met 'feedback die verder helpt' bedoelen dan de theorie vorige keer."
        ),
        created_at=cast.written_after(cast.formative_meeting, cast.days(-6)),
    )
    _reflect(
        cast.hanna,
        community=cast.formative,
        visibility=Visibility.PRIVATE,
        title="Nakijken",
        text=(
            "Het nakijken van de schrijfopdrachten kost me elke week een avond. Ik schrijf "
            "veel, maar ik weet niet of ze het lezen. Volgende keer probeer ik één tip en één "
            "top per leerling, en laat ik ze er in de les iets mee doen."
        ),
        created_at=cast.written(cast.days(-2)),
    )
