"""Bulk demo data for `seed_demo --scale`: three school years of visits, reflections and
scan rounds for every bulk teacher and community, written in batches, a chunk of teachers
(or communities) per transaction, so memory stays flat however many schools there are."""

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from communities.models import Community
from demo.observations.shared import BULK_DOMAIN
from demo.observations_bulk.batches import COMMUNITIES_PER_CHUNK, TEACHERS_PER_CHUNK, chunks
from demo.observations_bulk.context import chunk_context
from demo.observations_bulk.scans import scan_chunk
from demo.observations_bulk.teachers import teachers_chunk
from observations.models import Reflection, ScanStatement, Visit
from observations.selectors import scan as scan_selectors


def _bulk_communities():
    """The communities demo.communities.scale made."""
    return Community.objects.filter(name__regex=r"^PLG \d{3}-\d$")


def scale(*, seed_value: int = 2026, today: dt.date | None = None) -> dict[str, int]:
    """Three school years of visits and reflections for every bulk teacher, and scan rounds
    for every bulk community. Teachers and communities that have them already are skipped,
    so running it again adds only what is missing."""
    today = today or timezone.localdate()
    counts: Counter = Counter(
        {
            "visits": 0,
            "observers": 0,
            "scores": 0,
            "reflections": 0,
            "scan rounds": 0,
            "scan responses": 0,
            "scan answers": 0,
        }
    )
    teachers = Q(email__startswith="docent", email__endswith=BULK_DOMAIN)
    # A teacher's history is written in one transaction: any of it means all of it.
    bulk_teachers = User.objects.filter(teachers)
    done = set(
        Reflection.objects.filter(author__in=bulk_teachers)
        .values_list("author_id", flat=True)
        .distinct()
    ) | set(
        Visit.objects.filter(observed__in=bulk_teachers)
        .values_list("observed_id", flat=True)
        .distinct()
    )
    todo = [
        pk
        for pk in User.objects.filter(teachers).order_by("email").values_list("pk", flat=True)
        if pk not in done
    ]
    for chunk in chunks(todo, TEACHERS_PER_CHUNK):
        ctx = chunk_context(seed_value, today, list(chunk))
        with transaction.atomic():
            counts.update(teachers_chunk(ctx, chunk))

    scan = scan_selectors.scan_default()
    statements = list(
        ScanStatement.objects.filter(theme__scan=scan)
        .order_by("theme__order", "order")
        .values_list("pk", "theme_id")
    )
    without_rounds = [
        (pk, name)
        for pk, name in _bulk_communities()
        .filter(scan_rounds__isnull=True)
        .order_by("name")
        .values_list("pk", "name")
    ]
    for chunk in chunks(without_rounds, COMMUNITIES_PER_CHUNK):
        with transaction.atomic():
            counts.update(
                scan_chunk(
                    [(pk, name) for pk, name in chunk], today, seed_value, scan.pk, statements
                )
            )
    return dict(counts)
