"""URL x role entries for reflections (the teacher's private reflection unless stated)."""

from observations.services import reflections as reflection_services
from tests.matrix import ANY_SIGNED_IN, OWNER_ONLY, OWNER_POST, POST_ONLY, Entry, codes


def private_reflection(w) -> dict:
    reflection = reflection_services.reflection_save(
        author=w.teacher, community=w.community, happened="PRIVATE-REFLECTION", publish=True
    )
    return {"pk": reflection.pk}


ENTRIES: dict[str, Entry] = {
    "observations:journal": Entry(get=ANY_SIGNED_IN),
    "observations:reflection_create": Entry(get=ANY_SIGNED_IN),
    "observations:reflection": Entry(kwargs=private_reflection, get=OWNER_ONLY),
    "observations:reflection_edit": Entry(kwargs=private_reflection, get=OWNER_ONLY),
    "observations:reflection_visibility": Entry(
        kwargs=private_reflection,
        get=POST_ONLY,
        post=OWNER_POST,
        data=lambda w: {"visibility": "coach"},
    ),
    "observations:reflection_delete": Entry(
        kwargs=private_reflection, get=POST_ONLY, post=codes(302, 302, 404, 404, 404, 404, 404, 404)
    ),
    "observations:reflection_draft": Entry(
        get=POST_ONLY,
        # Without a session: 401 (nothing saved, the browser keeps its copy); an empty
        # post saves nothing either: 422.
        post=codes(401, 422, 422, 422, 422, 422, 422, 422),
    ),
}
