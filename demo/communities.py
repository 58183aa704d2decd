"""Demo data: the board "Scholengroep De Brug" with its people, and bulk data for benchmarks.

The small demo goes through the services, as people would create it. The bulk data
(`scale`) uses bulk inserts so 50 schools take seconds, not hours.
"""

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from communities import services
from communities.models import (
    Community,
    CommunityGoal,
    GoalStatus,
    Membership,
    Organisation,
    PersonalGoal,
    ProgressUpdate,
    School,
    SchoolLeader,
)
from demo import staff

DEMO_PASSWORD = "plc-demo-2026"  # noqa: S105 - demo accounts only, printed and documented
BOARD = "Scholengroep De Brug"
OUTSIDE_BOARD = "Stichting Buitenwijk"

# name, holiday region, and (fictitious) BRIN number, street, postcode and place.
SCHOOLS = [
    ("Basisschool De Brug", School.Region.NORTH, "99DB", "Brugstraat 1", "9401 AB", "Assen"),
    (
        "Basisschool De Horizon",
        School.Region.MIDDLE,
        "99DH",
        "Horizonlaan 12",
        "3511 CD",
        "Utrecht",
    ),
    ("Kindcentrum Het Anker", School.Region.SOUTH, "99HA", "Ankerweg 3", "4811 EF", "Breda"),
]


def _user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
    return user


@transaction.atomic
def seed(today: dt.date | None = None) -> list[tuple[str, str]]:
    """Create the demo board once; running it again changes nothing. Returns the accounts."""
    today = today or timezone.localdate()
    accounts = [
        ("bestuur@example.org", "Bram Bestuur", "board director"),
        ("beheer@example.org", "Bas Beheer", "board administrator"),
        ("directeur@example.org", "Dana Directeur", "school leader"),
        ("begeleider@example.org", "Bente Begeleider", "facilitator"),
        ("coach@example.org", "Cas Coach", "coach"),
        *[
            (f"docent{i}@example.org", name, "member")
            for i, name in enumerate(
                [
                    "Anouk de Vries",
                    "Bilal Yilmaz",
                    "Charlotte Jansen",
                    "Daan Bakker",
                    "Eva Smit",
                    "Fatima El Amrani",
                    "Gijs Mulder",
                    "Hanna de Boer",
                ],
                start=1,
            )
        ],
        ("buiten@example.org", "Bo Buitenwijk", "facilitator of another board"),
    ]
    users = {email: _user(email, name) for email, name, _ in accounts}
    if board := Organisation.objects.filter(name=BOARD).first():
        staff.seed(board, users)  # a demo database made before the staff list had one
        return [(email, role) for email, _, role in accounts]

    board = Organisation.objects.create(name=BOARD)
    schools = [
        School.objects.create(
            organisation=board,
            name=name,
            region=region,
            brin=brin,
            sector=School.Sector.PRIMARY,
            street=street,
            postcode=postcode,
            place=place,
        )
        for name, region, brin, street, postcode, place in SCHOOLS
    ]
    services.board_director_add(organisation=board, user=users["bestuur@example.org"])
    services.board_administrator_add(organisation=board, user=users["beheer@example.org"])
    services.school_leader_add(school=schools[0], user=users["directeur@example.org"])

    start = today - dt.timedelta(days=70)
    reading = services.community_create(
        name="PLG Begrijpend lezen",
        focus="Begrijpend lezen in groep 5 tot 8",
        schools=schools[:2],
        start_date=start,
        vision=(
            "Wij willen dat elke leerling teksten begrijpt die ertoe doen. "
            "We leren van elkaars lessen en ontwikkelen samen lesmateriaal."
        ),
        facilitator=users["begeleider@example.org"],
    )
    formative = services.community_create(
        name="PLG Formatief handelen",
        focus="Feedback die leerlingen verder helpt",
        schools=[schools[0], schools[2]],
        start_date=start,
        vision=(
            "Leerlingen weten waar ze naartoe werken, waar ze staan en wat hun volgende stap is."
        ),
        facilitator=users["begeleider@example.org"],
    )
    for community in (reading, formative):
        services.membership_add(
            community=community, user=users["coach@example.org"], role=Membership.Role.COACH
        )
    for i in range(1, 9):
        community = reading if i <= 4 else formative
        services.membership_add(
            community=community, user=users[f"docent{i}@example.org"], role=Membership.Role.MEMBER
        )

    facilitator = users["begeleider@example.org"]
    goal = services.community_goal_create(
        community=reading,
        title="Leerlingen passen twee leesstrategieën zelfstandig toe",
        outcome="80% van de leerlingen in groep 6 tot 8 past voorspellen en samenvatten toe.",
        success_criterion="Observatie met de kijkwijzer en de methodetoets in juni.",
        target_date=today + dt.timedelta(days=180),
        owner=facilitator,
    )
    for weeks_ago, value, done in [
        (8, 10, "Nulmeting gedaan in zes klassen."),
        (4, 30, "Lesopzet voor modelen van strategieën samen gemaakt."),
        (1, 45, "Eerste ronde lesbezoeken afgerond."),
    ]:
        services.goal_progress_add(
            goal=goal,
            author=facilitator,
            date=today - dt.timedelta(weeks=weeks_ago),
            done=done,
            value=value,
        )
    services.community_goal_create(
        community=formative,
        title="Elke les begint met een helder leerdoel",
        outcome="Leerlingen kunnen het leerdoel van de les in eigen woorden zeggen.",
        success_criterion="In 8 van de 10 bezochte lessen kan een leerling het doel noemen.",
        target_date=today + dt.timedelta(days=120),
        owner=users["docent5@example.org"],
    )
    docent1 = users["docent1@example.org"]
    services.personal_goal_create(
        owner=docent1,
        community=reading,
        community_goal=goal,
        title="Hardop denken bij het modelen",
        target_date=today + dt.timedelta(days=60),
        visibility=PersonalGoal.Visibility.COMMUNITY,
    )
    services.personal_goal_create(
        owner=docent1,
        community=reading,
        title="Rustiger reageren op onrust na de pauze",
        visibility=PersonalGoal.Visibility.PRIVATE,
    )
    services.personal_goal_create(
        owner=users["docent2@example.org"],
        community=reading,
        title="Meer vragen op hoger denkniveau stellen",
        visibility=PersonalGoal.Visibility.COACH,
    )

    staff.seed(board, users)

    outside = Organisation.objects.create(name=OUTSIDE_BOARD)
    outside_school = School.objects.create(
        organisation=outside, name="Basisschool Buitenwijk", region=School.Region.SOUTH
    )
    outside_community = services.community_create(
        name="PLG Rekenen",
        focus="Rekenen met begrip",
        schools=[outside_school],
        start_date=start,
        facilitator=users["buiten@example.org"],
    )
    services.community_goal_create(
        community=outside_community,
        title="Automatiseren tafels",
        outcome="Tafels tot 10 vlot.",
        success_criterion="Tempotoets",
        target_date=today + dt.timedelta(days=90),
    )
    return [(email, role) for email, _, role in accounts]


# Bulk ----------------------------------------------------------------------

TEACHERS_PER_SCHOOL = 40
COMMUNITIES_PER_SCHOOL = 3
YEARS = 3


@transaction.atomic
def scale(schools: int, *, seed_value: int = 2026, today: dt.date | None = None) -> dict[str, int]:
    """Add about `schools` schools of 40 teachers each, with three school years of goals and
    progress, to the demo board. The demo communities get bulk members and history too.
    Running it again adds only what is missing."""
    rng = random.Random(seed_value)  # noqa: S311 - demo data, not security
    today = today or timezone.localdate()
    board = Organisation.objects.get(name=BOARD)
    password = make_password(DEMO_PASSWORD)
    existing = set(
        School.objects.filter(organisation=board, name__startswith="Bulkschool ").values_list(
            "name", flat=True
        )
    )
    names = [f"Bulkschool {i:03d}" for i in range(1, schools + 1)]
    new_names = [name for name in names if name not in existing]
    regions = School.Region.values
    School.objects.bulk_create(
        [School(organisation=board, name=n, region=rng.choice(regions)) for n in new_names]
    )
    new_schools = list(
        School.objects.filter(organisation=board, name__in=new_names).order_by("name")
    )

    users: list[User] = []
    for school in new_schools:
        number = school.name.split()[-1]
        users.append(
            User(
                email=f"leider{number}@bulk.example.org",
                full_name=f"Leider {number}",
                password=password,
            )
        )
        users.extend(
            User(
                email=f"docent{number}-{t:02d}@bulk.example.org",
                full_name=f"Docent {number}-{t:02d}",
                password=password,
            )
            for t in range(1, TEACHERS_PER_SCHOOL + 1)
        )
    User.objects.bulk_create(users, batch_size=2000)
    by_email = dict(
        User.objects.filter(email__endswith="@bulk.example.org").values_list("email", "pk")
    )
    SchoolLeader.objects.bulk_create(
        [
            SchoolLeader(school=s, user_id=by_email[f"leider{s.name.split()[-1]}@bulk.example.org"])
            for s in new_schools
        ]
    )

    start = today - dt.timedelta(days=365 * YEARS)
    communities: list[Community] = []
    for school in new_schools:
        number = school.name.split()[-1]
        communities.extend(
            Community(
                organisation=board,
                name=f"PLG {number}-{c}",
                focus="Samen lesgeven",
                start_date=start,
                status=Community.Status.ACTIVE,
            )
            for c in range(1, COMMUNITIES_PER_SCHOOL + 1)
        )
    staff_records = staff.scale(board, new_schools, by_email)
    Community.objects.bulk_create(communities, batch_size=2000)
    communities = list(
        Community.objects.filter(organisation=board, name__in=[c.name for c in communities])
    )
    school_by_number = {s.name.split()[-1]: s for s in new_schools}
    through = Community.schools.through
    through.objects.bulk_create(
        [
            through(
                community_id=c.pk, school_id=school_by_number[c.name.split()[1].split("-")[0]].pk
            )
            for c in communities
        ],
        batch_size=2000,
    )

    memberships: list[Membership] = []
    for community in communities:
        number, index = community.name.split()[1].split("-")
        teachers = range(int(index), TEACHERS_PER_SCHOOL + 1, COMMUNITIES_PER_SCHOOL)
        for position, t in enumerate(teachers):
            role = Membership.Role.FACILITATOR if position == 0 else Membership.Role.MEMBER
            memberships.append(
                Membership(
                    community_id=community.pk,
                    role=role,
                    user_id=by_email[f"docent{number}-{t:02d}@bulk.example.org"],
                )
            )

    # The demo communities grow too, so the demo accounts see scaled data.
    demo_communities = list(
        Community.objects.filter(
            organisation=board, name__in=["PLG Begrijpend lezen", "PLG Formatief handelen"]
        )
    )
    if new_schools:
        extra = [pk for email, pk in sorted(by_email.items()) if email.startswith("docent")]
        for i, community in enumerate(demo_communities):
            for user_id in extra[i * 20 : (i + 1) * 20]:
                memberships.append(Membership(community_id=community.pk, user_id=user_id))
    Membership.objects.bulk_create(memberships, batch_size=5000, ignore_conflicts=True)

    goals: list[CommunityGoal] = []
    for community in [*communities, *(demo_communities if new_schools else [])]:
        for year in range(YEARS):
            for g in range(2):
                target = start + dt.timedelta(days=365 * (year + 1) - 30 * g)
                done = target < today
                goals.append(
                    CommunityGoal(
                        community_id=community.pk,
                        title=f"Doel {year + 1}.{g + 1}",
                        outcome="Leerlingen laten aantoonbaar groei zien.",
                        success_criterion="Meting aan het eind van het schooljaar.",
                        target_date=target,
                        status=GoalStatus.ACHIEVED if done else GoalStatus.IN_PROGRESS,
                        progress=100 if done else rng.randrange(10, 90, 5),
                    )
                )
    CommunityGoal.objects.bulk_create(goals, batch_size=5000)
    updates = [
        ProgressUpdate(
            community_goal_id=goal.pk,
            date=min(goal.target_date, today) - dt.timedelta(days=30 * (4 - step)),
            done="Stap gezet in de kennisgemeenschap.",
            value=min(goal.progress, 25 * step),
        )
        for goal in goals
        for step in range(1, 5)
    ]
    ProgressUpdate.objects.bulk_create(updates, batch_size=5000)

    personal = [
        PersonalGoal(
            owner_id=m.user_id,
            community_id=m.community_id,
            title="Eigen leerdoel",
            visibility=rng.choice(PersonalGoal.Visibility.values),
            progress=rng.randrange(0, 100, 10),
            status=GoalStatus.IN_PROGRESS,
        )
        for m in memberships
    ]
    PersonalGoal.objects.bulk_create(personal, batch_size=5000)
    return {
        "schools": len(new_schools),
        "people": len(users),
        "staff records": staff_records,
        "communities": len(communities),
        "memberships": len(memberships),
        "goals": len(goals),
        "progress updates": len(updates),
        "personal goals": len(personal),
    }
