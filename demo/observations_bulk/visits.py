"""What a bulk visit looks like: its group, subject and time, the texts of its contract and
coaching, the evidence by a score, and the stage it has reached by its age."""

import datetime as dt
import random

from observations.models import Visit

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


def visit_status(starts: dt.date, today: dt.date, rng: random.Random) -> str:
    """The stage a visit on `starts` has reached by `today`: the older, the further."""
    age = (today - starts).days
    if age < 0:
        return Visit.Status.CONTRACTED if age >= -7 else Visit.Status.PLANNED
    if age < 7:
        return rng.choice([Visit.Status.OBSERVED, Visit.Status.OBSERVED, Visit.Status.COACHED])
    if age < 21:
        return rng.choice([Visit.Status.OBSERVED, Visit.Status.COACHED, Visit.Status.CLOSED])
    return Visit.Status.CLOSED if rng.random() < 0.9 else Visit.Status.COACHED


# A stage's place in the order of the stages.
STEP = {s: i for i, s in enumerate(Visit.Status.values)}
