"""Demo data: the staff list of "Scholengroep De Brug". Every demo person has a staff record
with a function and the schools they work at, so that the board administrator's people
list (`beheer@example.org`) shows a filled list; the bulk teachers and leaders get theirs in
bulk."""

from communities.models import Organisation, School, StaffMember

# e-mail -> (function, the names of their schools)
BRUG = "Basisschool De Brug"
HORIZON = "Basisschool De Horizon"
ANKER = "Kindcentrum Het Anker"
FUNCTIONS: dict[str, tuple[str, list[str]]] = {
    "bestuur@example.org": ("bestuurder", []),
    "beheer@example.org": ("functioneel beheerder", []),
    "directeur@example.org": ("schoolleider", [BRUG]),
    "begeleider@example.org": ("intern begeleider", [BRUG, HORIZON]),
    "coach@example.org": ("onderwijscoach", [BRUG, ANKER]),
    "docent1@example.org": ("leerkracht groep 5", [BRUG]),
    "docent2@example.org": ("leerkracht groep 6", [HORIZON]),
    "docent3@example.org": ("leerkracht groep 7", [BRUG]),
    "docent4@example.org": ("leerkracht groep 8", [HORIZON]),
    "docent5@example.org": ("leerkracht groep 3", [BRUG]),
    "docent6@example.org": ("leerkracht groep 4", [ANKER]),
    "docent7@example.org": ("onderwijsassistent", [BRUG]),
    "docent8@example.org": ("leerkracht groep 1-2", [ANKER]),
}


def seed(board: Organisation, users: dict) -> None:
    """The demo people's staff records (made or completed; running it again changes
    nothing)."""
    schools = {school.name: school for school in School.objects.filter(organisation=board)}
    for email, (function, names) in FUNCTIONS.items():
        record, _created = StaffMember.objects.update_or_create(
            user=users[email], defaults={"organisation": board, "function": function}
        )
        record.schools.set([schools[name] for name in names if name in schools])


def scale(board: Organisation, schools: list[School], by_email: dict[str, int]) -> int:
    """Staff records for the bulk leaders and teachers of `schools` (new bulk schools)."""
    records = []
    for school in schools:
        number = school.name.split()[-1]
        for email, user_id in by_email.items():
            if email.startswith((f"leider{number}@", f"docent{number}-")):
                function = "schoolleider" if email.startswith("leider") else "leerkracht"
                records.append((user_id, function, school.pk))
    StaffMember.objects.bulk_create(
        [
            StaffMember(organisation=board, user_id=user_id, function=function)
            for user_id, function, _school in records
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    ids = dict(
        StaffMember.objects.filter(user_id__in=[r[0] for r in records]).values_list("user_id", "pk")
    )
    StaffMember.schools.through.objects.bulk_create(
        [
            StaffMember.schools.through(staffmember_id=ids[user_id], school_id=school_id)
            for user_id, _function, school_id in records
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    return len(records)
