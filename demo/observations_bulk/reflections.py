"""What a bulk reflection says, drawn from pools of sentences, when it was written, and the
database row it becomes."""

import datetime as dt
import random

from django.db import connection
from django.utils import timezone

from cycles.calendar import local_datetime
from observations.models.reflections import REFLECTION_TEXT_FIELDS

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


def written_at(day: dt.date, rng: random.Random) -> dt.datetime:
    """After school on `day`, but never later than now."""
    at = local_datetime(day, dt.time(rng.randrange(15, 22), rng.choice([0, 15, 30, 45])))
    return min(at, timezone.now())


def reflection_text(rng: random.Random) -> dict[str, str]:
    """A title with free text, or with two to five of the guided questions answered."""
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
    *REFLECTION_TEXT_FIELDS,
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


def reflection_row(values: dict) -> tuple:
    """A reflection as database values in the order of REFLECTION_FIELDS; last saved when
    it was written."""
    written = connection.ops.adapt_datetimefield_value(values["created_at"])
    values = {**values, "created_at": written, "updated_at": written}
    return tuple(
        values.get(name, "" if name in REFLECTION_TEXT_FIELDS else None)
        for name in REFLECTION_FIELDS
    )
