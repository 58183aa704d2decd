"""URL matrix entries for the board administration: its board directors and board
administrators only; everyone else finds nothing there (404)."""

from tests.matrix import Entry, codes

ADMINISTRATORS = codes(302, 404, 404, 404, 404, 404, 200, 404, administrator=200)
# Sent empty: administrators get the form back with its errors.
ADMINISTRATORS_POST = ADMINISTRATORS

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
}
