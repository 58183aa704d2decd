"""URL x role entries for classroom visits. The visit: Tess (teacher) is observed by Fay (the
facilitator); Otto (other_teacher) is a member who is not in it; Cas is the coach."""

import datetime as dt

from django.utils import timezone

from observations.models import Instrument
from observations.services import visits as visit_services
from tests.matrix import ANY_SIGNED_IN, MEMBERS_ONLY, POST_ONLY, Entry, codes


def private_visit(w):
    return visit_services.visit_plan(
        community=w.community,
        observed=w.teacher,
        observers=[w.facilitator],
        instrument=Instrument.objects.get(name="Algemene lesobservatie", organisation=None),
        starts_at=timezone.now() + dt.timedelta(days=3),
        group="5B",
    )


def visit(w) -> dict:
    return {"pk": private_visit(w).pk}


def community(w) -> dict:
    return {"pk": w.community.pk}


# Seen by the observed teacher, the observer and the coach; 404 for everyone else.
IN_THE_VISIT = codes(302, 200, 404, 200, 200, 404, 404, 404)
IN_THE_VISIT_POST = codes(302, 302, 404, 302, 302, 404, 404, 404)
# A form's errors come back with the form (200).
IN_THE_VISIT_FORM = codes(302, 200, 404, 200, 200, 404, 404, 404)

ENTRIES: dict[str, Entry] = {
    "observations:my_visits": Entry(get=ANY_SIGNED_IN),
    # Leaders see the figures of the community's visits, never their content.
    "observations:community_visits": Entry(kwargs=community, get=MEMBERS_ONLY),
    "observations:visit_create": Entry(
        kwargs=community,
        get=codes(302, 200, 200, 200, 200, 403, 403, 404),
        post=codes(302, 200, 200, 200, 200, 403, 403, 404),
    ),
    "observations:visit": Entry(kwargs=visit, get=IN_THE_VISIT),
    "observations:visit_edit": Entry(kwargs=visit, get=IN_THE_VISIT, post=IN_THE_VISIT_FORM),
    "observations:visit_cancel": Entry(kwargs=visit, get=POST_ONLY, post=IN_THE_VISIT_POST),
    "observations:visit_contract": Entry(kwargs=visit, get=IN_THE_VISIT, post=IN_THE_VISIT_FORM),
    "observations:visit_coaching": Entry(kwargs=visit, get=IN_THE_VISIT, post=IN_THE_VISIT_FORM),
    # Only the observer fills in the checklist: 403 for the observed teacher and the coach.
    "observations:visit_observe": Entry(
        kwargs=visit,
        get=codes(302, 403, 404, 200, 403, 404, 404, 404),
        post=codes(302, 403, 404, 302, 403, 404, 404, 404),
    ),
    "observations:visit_score": Entry(
        kwargs=visit,
        get=POST_ONLY,
        # Without a session: 401, nothing saved, the phone keeps its copy.
        post=codes(401, 403, 404, 200, 403, 404, 404, 404),
    ),
    # Only the observed teacher shares their visit.
    "observations:visit_share": Entry(
        kwargs=visit,
        get=POST_ONLY,
        post=codes(302, 302, 404, 403, 403, 404, 404, 404),
        data=lambda w: {"shared": "1"},
    ),
}
