"""URL matrix entries for the board administration: its board directors and board
administrators only; everyone else finds nothing there (404). The welcome page of a staff
invitation is public; with a link that doesn't work it says so (410)."""

from boards.models import StaffImport
from communities.models import StaffMember
from tests.conftest import World
from tests.matrix import POST_ONLY, Entry, codes

ADMINISTRATORS = codes(302, 404, 404, 404, 404, 404, 200, 404, administrator=200)
# Sent empty: administrators get the form back with its errors.
ADMINISTRATORS_POST = ADMINISTRATORS
# Done at once: administrators are sent back to the page (the person's, the import's).
ADMINISTRATORS_DONE = codes(302, 404, 404, 404, 404, 404, 302, 404, administrator=302)


def _teacher_record(world) -> dict:
    return {"pk": StaffMember.objects.get(user=world.teacher).pk}


# A welcome link that doesn't work (used, expired, broken): a page that says so.
GONE = codes(410, 410, 410, 410, 410, 410, 410, 410, administrator=410)


def staff_import(w: World) -> dict:
    """A staff file of the world's board, waiting in its preview."""
    row, _created = StaffImport.objects.get_or_create(
        organisation=w.board,
        file_name="personeel.csv",
        defaults={
            "header": ["Naam", "E-mail", "School"],
            "rows": [[2, ["Nina Nieuw", "nina@example.org", "De Brug"]]],
            "mapping": ["name", "email", "school"],
        },
    )
    return {"pk": row.pk}


ENTRIES: dict[str, Entry] = {
    "boards:schools": Entry(get=ADMINISTRATORS),
    "boards:school_create": Entry(get=ADMINISTRATORS, post=ADMINISTRATORS_POST),
    "boards:school_edit": Entry(
        kwargs=lambda w: {"pk": w.school.pk}, get=ADMINISTRATORS, post=ADMINISTRATORS_POST
    ),
    "boards:people": Entry(get=ADMINISTRATORS),
    "boards:person_create": Entry(get=ADMINISTRATORS, post=ADMINISTRATORS_POST),
    # The teacher whose reflections and goals the visibility matrix marks: none show here.
    "boards:person_edit": Entry(
        kwargs=lambda w: {"pk": w.teacher.staff_record.pk},
        get=ADMINISTRATORS,
        post=ADMINISTRATORS_POST,
    ),
    "boards:person_roles": Entry(
        kwargs=lambda w: {"pk": w.teacher.staff_record.pk},
        get=ADMINISTRATORS,
        post=ADMINISTRATORS_POST,
    ),
    "boards:communities": Entry(get=ADMINISTRATORS),
    "boards:community_create": Entry(get=ADMINISTRATORS, post=ADMINISTRATORS_POST),
    # The community whose members' content the visibility matrix marks: none shows here.
    "boards:community_edit": Entry(
        kwargs=lambda w: {"pk": w.community.pk}, get=ADMINISTRATORS, post=ADMINISTRATORS_POST
    ),
    "boards:community_facilitators": Entry(
        kwargs=lambda w: {"pk": w.community.pk}, get=ADMINISTRATORS, post=ADMINISTRATORS_POST
    ),
    "boards:import": Entry(get=ADMINISTRATORS, post=ADMINISTRATORS_POST),
    "boards:import_preview": Entry(kwargs=staff_import, get=ADMINISTRATORS),
    "boards:import_columns": Entry(
        kwargs=staff_import, get=ADMINISTRATORS, post=ADMINISTRATORS_POST
    ),
    "boards:import_leavers": Entry(kwargs=staff_import, get=POST_ONLY, post=ADMINISTRATORS_DONE),
    "boards:import_commit": Entry(kwargs=staff_import, get=POST_ONLY, post=ADMINISTRATORS_DONE),
    "boards:import_invite": Entry(kwargs=staff_import, get=POST_ONLY, post=ADMINISTRATORS_DONE),
    "boards:invitations": Entry(get=ADMINISTRATORS),
    "boards:invitation_resend": Entry(get=POST_ONLY, post=ADMINISTRATORS_DONE),
    "boards:welcome": Entry(kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"}, get=GONE),
    "boards:person_leave": Entry(
        kwargs=_teacher_record, get=ADMINISTRATORS, post=ADMINISTRATORS_POST
    ),
    "boards:person_return": Entry(kwargs=_teacher_record, post=ADMINISTRATORS_DONE),
}
