"""The small demo's classroom visits in PLG Formatief handelen: closed with a reflection for
the coach, observed with the short checklist, and planned."""

from demo.observations.cast import Cast
from demo.observations.shared import lesson
from demo.observations.visits import close_with_reflection, visit_through_stages
from observations.models import Visibility


def eva_closed(cast: Cast) -> None:
    """Closed: Eva observed by Fatima, coached; her reflection, for the coach, closes it."""
    learning_goal = visit_through_stages(
        community=cast.formative,
        observed=cast.eva,
        observers=[cast.fatima],
        instrument=cast.general,
        starts_at=lesson(cast.days(-28), 9, 15),
        group="groep 4",
        subject="Rekenen",
        community_goal=cast.formative_goal,
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
    close_with_reflection(
        learning_goal,
        cast.eva,
        community=cast.formative,
        visibility=Visibility.COACH,
        title="Het lesdoel aan het eind",
        text=(
            "Fatima zag wat ik zelf al vermoedde: aan het begin noem ik het doel netjes, aan "
            "het eind ben ik het kwijt. Met de wekker lukte het deze week drie van de vijf "
            "keer. Twee keer heb ik hem weggedrukt omdat ze zo lekker bezig waren. Dat wil ik "
            "met Cas bespreken: is doorwerken dan echt belangrijker?"
        ),
        community_goal=cast.formative_goal,
        created_at=cast.written(cast.days(-22)),
    )


def fatima_observed(cast: Cast) -> None:
    """Observed with the short checklist by Gijs and the coach; one item not seen."""
    visit_through_stages(
        community=cast.formative,
        observed=cast.fatima,
        observers=[cast.gijs, cast.coach],
        instrument=cast.short,
        starts_at=lesson(cast.days(-6), 8, 45),
        group="groep 3",
        subject="Taal",
        community_goal=cast.formative_goal,
        scores={
            "Het lesdoel staat zichtbaar": (1, "Plaatje van het doel op het digibord."),
            "Een leerling kan desgevraagd": (
                0,
                "Twee leerlingen gevraagd; allebei noemden ze de opdracht, niet het doel.",
            ),
            "Aan het eind kijkt": (None, "Wij moesten voor het einde weg."),
        },
    )


def gijs_planned(cast: Cast) -> None:
    """Planned: Gijs observed by Hanna in a few weeks."""
    visit_through_stages(
        community=cast.formative,
        observed=cast.gijs,
        observers=[cast.hanna],
        instrument=cast.general,
        starts_at=lesson(cast.days(9), 11, 15),
        group="groep 7",
        subject="Geschiedenis",
    )
