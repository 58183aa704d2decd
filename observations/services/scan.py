"""Writes for the PLC scan: opening and closing a round, and one member's answers, stored
apart from who gave them."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community, Membership
from observations.models import Scan, ScanAnswer, ScanParticipation, ScanResponse, ScanRound


def scan_round_count(rounds) -> None:
    """Count the responses and add up the scores of these rounds (one UPDATE)."""
    responses = ScanResponse.objects.filter(round=models.OuterRef("pk")).order_by().values("round")
    answers = (
        ScanAnswer.objects.filter(response__round=models.OuterRef("pk"))
        .order_by()
        .values("response__round")
    )

    def one(rows, aggregate):
        return Coalesce(models.Subquery(rows.annotate(v=aggregate).values("v")), 0)

    ScanRound.objects.filter(pk__in=rounds).update(
        response_count=one(responses, models.Count("pk")),
        score_sum=one(answers, models.Sum("score")),
        score_count=one(answers, models.Count("pk")),
    )


@transaction.atomic
def scan_round_open(
    *, community: Community, scan: Scan, closes_on: dt.date | None = None
) -> ScanRound:
    if ScanRound.objects.filter(community=community, status=ScanRound.Status.OPEN).exists():
        raise ValidationError(_("A round is open already; close it first."))
    scan_round = ScanRound(community=community, scan=scan, closes_on=closes_on)
    scan_round.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            scan_round.save()
    except IntegrityError:  # opened twice at once: the other one stands
        raise ValidationError(_("A round is open already; close it first.")) from None
    return scan_round


@transaction.atomic
def scan_round_close(*, scan_round: ScanRound) -> ScanRound:
    # The row lock makes an answer that arrives at the same moment go first or be refused,
    # so the totals counted here are final.
    ScanRound.objects.select_for_update().filter(pk=scan_round.pk).update(
        status=ScanRound.Status.CLOSED
    )
    scan_round_count([scan_round.pk])
    scan_round.status = ScanRound.Status.CLOSED
    return scan_round


@transaction.atomic
def scan_answer(*, scan_round: ScanRound, respondent: User, scores: dict[int, int]) -> None:
    """Record one member's answers once. The answers are stored apart from who gave them."""
    # Read under a row lock: a round being closed right now is closed for this answer too.
    status = (
        ScanRound.objects.select_for_update()
        .filter(pk=scan_round.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status != ScanRound.Status.OPEN or (
        scan_round.closes_on and scan_round.closes_on < timezone.localdate()
    ):
        raise ValidationError(_("This round is closed."))
    if not Membership.objects.filter(community=scan_round.community, user=respondent).exists():
        raise ValidationError(_("Only members of the community answer the scan."))
    statements = set(scan_round.scan.themes.values_list("statements__pk", flat=True))
    if set(scores) != statements:
        raise ValidationError(_("Answer every statement."))
    if any(score not in range(1, 6) for score in scores.values()):
        raise ValidationError(_("Scores go from 1 to 5."))
    try:
        with transaction.atomic():
            ScanParticipation.objects.create(round=scan_round, respondent=respondent)
    except IntegrityError:
        raise ValidationError(_("You have answered this round already.")) from None
    response = ScanResponse.objects.create(round=scan_round)
    ScanAnswer.objects.bulk_create(
        ScanAnswer(response=response, statement_id=pk, score=score) for pk, score in scores.items()
    )
