"""The built-in observation checklists and PLC scan. Texts are our own words (Dutch: the
content schools read); boards copy and adapt them."""

from django.db import migrations

GENERAL = {
    "name": "Algemene lesobservatie",
    "description": "Zes domeinen van goed lesgeven, gescoord van 1 tot 4, met ruimte voor "
    "wat je zag en hoorde.",
    "levels": [(1, "nog niet zichtbaar"), (2, "deels zichtbaar"), (3, "zichtbaar"),
               (4, "sterk zichtbaar")],
    "domains": [
        ("Veilig en stimulerend leerklimaat", [
            "De leraar spreekt leerlingen respectvol en bij naam aan.",
            "Leerlingen durven fouten te maken en vragen te stellen.",
            "De leraar laat merken dat hij verwacht dat iedere leerling kan leren.",
            "Inzet en goed werk worden benoemd en gewaardeerd.",
        ]),
        ("Doelmatig klassenmanagement", [
            "De les begint op tijd en de overgangen verlopen vlot.",
            "Leerlingen weten wat ze moeten doen en wat ze nodig hebben.",
            "De leraar ziet wat er in de klas gebeurt en grijpt tijdig in.",
            "De beschikbare tijd gaat grotendeels naar leren.",
        ]),
        ("Duidelijke instructie", [
            "Het doel van de les wordt helder gemaakt en in de les teruggehaald.",
            "De leraar bouwt voort op wat leerlingen al weten.",
            "Uitleg is stapsgewijs, met voorbeelden en hardop denken.",
            "De leraar controleert of leerlingen de uitleg begrepen hebben.",
        ]),
        ("Activerende didactiek", [
            "Alle leerlingen zijn actief bezig, niet alleen een paar.",
            "De leraar stelt vragen die aanzetten tot nadenken.",
            "Leerlingen werken samen of leggen elkaar iets uit.",
            "Leerlingen krijgen denktijd voordat er een antwoord wordt gevraagd.",
        ]),
        ("Afstemming op verschillen", [
            "Leerlingen die meer nodig hebben krijgen extra instructie of hulp.",
            "Snelle leerlingen krijgen uitdagender werk.",
            "De leraar past tempo of aanpak aan op wat hij ziet.",
        ]),
        ("Leerstrategieën", [
            "De leraar leert leerlingen hoe ze een taak kunnen aanpakken.",
            "Leerlingen worden gestimuleerd hun eigen werk te controleren.",
            "Leerlingen kijken terug op wat en hoe ze geleerd hebben.",
        ]),
    ],
}

FOCUSED = {
    "name": "Korte kijkwijzer: lesdoel en terugblik",
    "description": "Drie vragen voor een kort lesbezoek met één focus.",
    "levels": [(1, "ja"), (0, "nee"), (None, "niet gezien")],
    "domains": [
        ("Lesdoel en terugblik", [
            "Het lesdoel staat zichtbaar en wordt aan het begin besproken.",
            "Een leerling kan desgevraagd in eigen woorden zeggen wat hij leert.",
            "Aan het eind kijkt de klas terug op het lesdoel.",
        ]),
    ],
}

SCAN = {
    "name": "PLG-scan",
    "description": "Stellingen over onze leergemeenschap, van 1 (oneens) tot 5 (helemaal "
    "eens). Bespreek de uitkomst samen.",
    "themes": [
        ("Gedeelde visie en waarden", [
            "We weten van elkaar waar we met ons onderwijs naartoe willen.",
            "Wat we doen staat in het teken van het leren van alle leerlingen.",
            "We gebruiken onze visie bij keuzes in de lessen.",
        ]),
        ("Gezamenlijke verantwoordelijkheid", [
            "Ik voel me ook verantwoordelijk voor leerlingen van collega's.",
            "We spreken elkaar aan op afspraken die we samen maakten.",
            "Resultaten van leerlingen bespreken we als iets van ons allemaal.",
        ]),
        ("Onderzoekende en reflectieve houding", [
            "Ik kijk kritisch naar mijn eigen lessen.",
            "We gebruiken gegevens, zoals observaties en toetsen, om ons onderwijs te verbeteren.",
            "Bij een probleem zoeken we eerst naar wat we zelf kunnen veranderen.",
        ]),
        ("Samenwerking en open deuren", [
            "Collega's komen bij mij in de klas kijken en ik bij hen.",
            "We maken samen lesmateriaal dat we in de klas gebruiken.",
            "Ik deel wat werkt én wat niet werkt.",
        ]),
        ("Vertrouwen en veiligheid", [
            "Ik durf in de groep te vertellen waar ik moeite mee heb.",
            "Feedback van collega's voelt als hulp, niet als beoordeling.",
            "Verschillen van mening mogen er zijn en helpen ons verder.",
        ]),
        ("Ondersteunend leiderschap en structuur", [
            "Er is tijd en ruimte om samen te leren.",
            "De schoolleiding steunt wat we in de leergemeenschap doen.",
            "Onze bijeenkomsten hebben een duidelijk doel en een inhoudelijk onderwerp.",
        ]),
    ],
}


def create(apps, schema_editor):
    Instrument = apps.get_model("observations", "Instrument")
    ScaleLevel = apps.get_model("observations", "ScaleLevel")
    Domain = apps.get_model("observations", "Domain")
    Item = apps.get_model("observations", "Item")
    for data in (GENERAL, FOCUSED):
        instrument, created = Instrument.objects.get_or_create(
            organisation=None, name=data["name"], version=1,
            defaults={"description": data["description"]},
        )
        if not created:
            continue
        for order, (value, label) in enumerate(data["levels"]):
            ScaleLevel.objects.create(instrument=instrument, value=value, label=label,
                                      order=order)
        for d_order, (title, items) in enumerate(data["domains"]):
            domain = Domain.objects.create(instrument=instrument, title=title, order=d_order)
            Item.objects.bulk_create(
                Item(domain=domain, text=text, order=i) for i, text in enumerate(items)
            )
    Scan = apps.get_model("observations", "Scan")
    ScanTheme = apps.get_model("observations", "ScanTheme")
    ScanStatement = apps.get_model("observations", "ScanStatement")
    scan, created = Scan.objects.get_or_create(
        organisation=None, name=SCAN["name"], defaults={"description": SCAN["description"]}
    )
    if created:
        for t_order, (title, statements) in enumerate(SCAN["themes"]):
            theme = ScanTheme.objects.create(scan=scan, title=title, order=t_order)
            ScanStatement.objects.bulk_create(
                ScanStatement(theme=theme, text=text, order=i)
                for i, text in enumerate(statements)
            )


class Migration(migrations.Migration):
    dependencies = [("observations", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
