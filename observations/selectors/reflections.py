"""The reads of a teacher's reflection journal."""

from django.db.models import Q

from accounts.models import User
from communities.models import PersonalGoal
from observations.models import Reflection
from observations.models.reflections import REFLECTION_TEXT_FIELDS

JOURNAL_PAGE_SIZE = 50


def journal(author: User, *, query: str = "", goal: PersonalGoal | None = None) -> list[Reflection]:
    """The author's own reflections, newest first: those with `query` in their text, or
    about `goal`, when given."""
    reflections = Reflection.objects.filter(author=author).select_related(
        "community", "personal_goal"
    )
    if query:
        text = Q()
        for name in REFLECTION_TEXT_FIELDS:
            text |= Q(**{f"{name}__icontains": query})
        reflections = reflections.filter(text)
    if goal:
        reflections = reflections.filter(personal_goal=goal)
    return list(reflections.order_by("-created_at")[:JOURNAL_PAGE_SIZE])
