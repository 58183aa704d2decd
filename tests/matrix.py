"""The URL x role matrix's vocabulary, shared by the per-feature entry modules."""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import PERSONAS, World


def codes(
    anonymous, teacher, other, facilitator, coach, leader, director, outsider, administrator=None
):
    """The answer for each persona. A board administrator holds no role in a community, so
    every community's page is as closed to them as to someone of another board: unless
    given, their answer is the outsider's."""
    if administrator is None:
        administrator = outsider
    return dict(
        zip(
            PERSONAS,
            [anonymous, teacher, other, facilitator, coach, leader, director, outsider]
            + [administrator],
            strict=True,
        )
    )


@dataclass
class Entry:
    kwargs: Callable[[World], dict] = lambda w: {}
    get: dict[str, int] | None = None
    post: dict[str, int] | None = None
    data: Callable[[World], dict] = field(default=lambda w: {})


MEMBERS_ONLY = codes(302, 200, 200, 200, 200, 200, 200, 404)
MANAGERS_ONLY = codes(302, 403, 403, 200, 403, 200, 200, 404)
MANAGERS_POST = codes(302, 403, 403, 302, 403, 302, 302, 404)
FACILITATOR_ONLY = codes(302, 403, 403, 200, 403, 403, 403, 404)
FACILITATOR_POST = codes(302, 403, 403, 302, 403, 403, 403, 404)
OWNER_ONLY = codes(302, 200, 404, 404, 404, 404, 404, 404)
OWNER_POST = codes(302, 302, 404, 404, 404, 404, 404, 404)
ANY_SIGNED_IN = codes(302, 200, 200, 200, 200, 200, 200, 200)
PUBLIC = codes(200, 200, 200, 200, 200, 200, 200, 200)
POST_ONLY = codes(405, 405, 405, 405, 405, 405, 405, 405)
