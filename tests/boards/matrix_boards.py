"""URL matrix entries for the board administration: its board directors and board
administrators only; everyone else finds nothing there (404)."""

from communities.models import StaffMember
from tests.matrix import Entry, codes

ADMINISTRATORS = codes(302, 404, 404, 404, 404, 404, 200, 404, administrator=200)
# Sent empty: administrators get the form back with its errors.
ADMINISTRATORS_POST = ADMINISTRATORS
# Done at once: administrators are sent back to the person's page.
ADMINISTRATORS_DONE = codes(302, 404, 404, 404, 404, 404, 302, 404, administrator=302)


def _teacher_record(world) -> dict:
    return {"pk": StaffMember.objects.get(user=world.teacher).pk}


ENTRIES: dict[str, Entry] = {
    "boards:schools": Entry(get=ADMINISTRATORS),
    "boards:school_create": Entry(get=ADMINISTRATORS, post=ADMINISTRATORS_POST),
    "boards:school_edit": Entry(
        kwargs=lambda w: {"pk": w.school.pk}, get=ADMINISTRATORS, post=ADMINISTRATORS_POST
    ),
    "boards:person_leave": Entry(
        kwargs=_teacher_record, get=ADMINISTRATORS, post=ADMINISTRATORS_POST
    ),
    "boards:person_return": Entry(kwargs=_teacher_record, post=ADMINISTRATORS_DONE),
}
