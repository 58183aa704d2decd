"""Writes of the staff import: a staff file stored for its preview, its columns chosen,
leavers asked for or not, and the commit: new people (an account without a password, a
staff record with function and schools), changed people updated, community memberships
added, people who had left taken back, and on request leavers marked (through the
leavers' service); all in one transaction, only when no line is wrong,
once however often it is sent. A fixed number of queries per batch of rows, never per row
(leavers aside: each leaves through the leavers' service)."""

import datetime as dt
import uuid

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from boards import staff_file
from boards.access import can_administer
from boards.models import StaffImport
from boards.selectors.imports import Plan, import_plan
from boards.services.leavers import staff_leave, staff_return
from communities import services as community_services
from communities.models import Membership, Organisation, StaffMember
from core.once import made_before, save_once

BATCH = 500
PREVIEW_KEPT = dt.timedelta(days=7)


def _check_administers(user: User, organisation: Organisation) -> None:
    if not can_administer(user, organisation):
        raise PermissionDenied


def _check_preview(staff_import: StaffImport) -> None:
    if staff_import.status != StaffImport.Status.PREVIEW:
        raise ValidationError(_("This file has been imported already."))


@transaction.atomic
def staff_import_create(
    *,
    organisation: Organisation,
    by: User,
    file: UploadedFile,
    leavers: bool = False,
    client_key: uuid.UUID | None = None,
) -> StaffImport:
    """Read a staff file and keep it for its preview. Nothing of the staff changes yet. The
    same form sent twice (same client_key) keeps it once."""
    _check_administers(by, organisation)
    if earlier := made_before(StaffImport, client_key, organisation=organisation):
        return earlier
    table = staff_file.read(file, size=file.size)
    # A preview nobody imported is not kept longer than a week: it holds names and addresses.
    StaffImport.objects.filter(
        organisation=organisation,
        status=StaffImport.Status.PREVIEW,
        created_at__lt=timezone.now() - PREVIEW_KEPT,
    ).delete()
    name = str(file.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    staff_import = StaffImport(
        organisation=organisation,
        uploaded_by=by,
        file_name=name or "?",
        header=table.header,
        rows=[[line, cells] for line, cells in table.rows],
        mapping=staff_file.guess_mapping(table.header),
        leavers=leavers,
        client_key=client_key,
    )
    return save_once(staff_import, organisation=organisation)


@transaction.atomic
def staff_import_map(*, staff_import: StaffImport, by: User, mapping: list[str]) -> StaffImport:
    """What each column holds, as chosen in the columns step."""
    _check_administers(by, staff_import.organisation)
    _check_preview(staff_import)
    try:
        staff_import.mapping = staff_file.check_mapping(mapping, len(staff_import.header))
    except ValidationError as error:
        raise ValidationError({"__all__": error.messages}) from error
    staff_import.save(update_fields=["mapping"])
    return staff_import


@transaction.atomic
def staff_import_set_leavers(*, staff_import: StaffImport, by: User, leavers: bool) -> StaffImport:
    """List (and mark on commit) the board's staff who are not in the file, or not."""
    _check_administers(by, staff_import.organisation)
    _check_preview(staff_import)
    staff_import.leavers = leavers
    staff_import.save(update_fields=["leavers"])
    return staff_import


@transaction.atomic
def staff_import_commit(*, staff_import: StaffImport, by: User) -> StaffImport:
    """Import the file as its preview shows it. Refused while any line is wrong (nothing is
    saved); a second commit of the same import (a double click) does nothing."""
    _check_administers(by, staff_import.organisation)
    locked = StaffImport.objects.select_for_update().get(pk=staff_import.pk)
    if locked.status == StaffImport.Status.COMMITTED:
        return locked
    if staff_file.missing(locked.mapping):
        raise ValidationError(_("Choose first what the file's columns hold."))
    plan = import_plan(locked, by=by)
    if not plan.ok:
        raise ValidationError(
            ngettext(
                "%(count)s line of the file is wrong; nothing has been imported.",
                "%(count)s lines of the file are wrong; nothing has been imported.",
                len(plan.problems),
            )
            % {"count": len(plan.problems)}
        )
    now = timezone.now()
    for line in plan.changed:
        if line.record is not None and line.record.left_at is not None:
            line.record = staff_return(record=line.record, by=by)
    try:
        created = _write(locked, plan, now=now)
    except IntegrityError as error:
        # Someone changed the same people at this moment: the preview no longer holds.
        raise ValidationError(
            _("The staff changed while importing. Look at the preview again and import it.")
        ) from error
    if locked.leavers:
        # One by one: leaving calls off a person's coaching and visits (few people a time).
        for record in plan.leavers:
            staff_leave(record=record, by=by)
    locked.status = StaffImport.Status.COMMITTED
    locked.committed_at = now
    locked.result = {
        "created": created,
        "changed": len(plan.changed),
        "unchanged": len(plan.unchanged),
        "left": len(plan.leavers) if locked.leavers else 0,
    }
    # What the file said is in the staff list now; the file's rows are not kept.
    locked.rows = []
    locked.save(update_fields=["status", "committed_at", "result", "rows"])
    return locked


def _write(staff_import: StaffImport, plan: Plan, *, now) -> list[int]:
    """The plan's writes in bulk, in a savepoint (an IntegrityError leaves the outer
    transaction usable to report it). Returns the new people's user ids."""
    organisation_id = staff_import.organisation_id
    mapping = set(staff_import.mapping)
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    email=line.person.email,
                    full_name=line.person.name,
                    password=make_password(None),
                    date_joined=now,
                )
                for line in plan.new
            ],
            batch_size=BATCH,
        )
        for line, user in zip(plan.new, users, strict=True):
            line.user = user
        additions = plan.new + [line for line in plan.changed if line.record is None]
        made = StaffMember.objects.bulk_create(
            [
                StaffMember(
                    organisation_id=organisation_id,
                    user=line.user,
                    function=line.person.function,
                    created_at=now,
                )
                for line in additions
            ],
            batch_size=BATCH,
        )
        for line, record in zip(additions, made, strict=True):
            line.record = record
        renamed = [line.user for line in plan.changed if line.user.full_name != line.person.name]
        for line in plan.changed:
            line.user.full_name = line.person.name
        User.objects.bulk_update(renamed, ["full_name"], batch_size=BATCH)
        if staff_file.FUNCTION in mapping:
            refunctioned = []
            for line in plan.changed:
                if line.record.function != line.person.function:
                    line.record.function = line.person.function
                    refunctioned.append(line.record)
            StaffMember.objects.bulk_update(refunctioned, ["function"], batch_size=BATCH)
        if {staff_file.SCHOOL, staff_file.BRIN} & mapping:
            through = StaffMember.schools.through
            touched = plan.new + plan.changed
            through.objects.filter(
                staffmember_id__in=[line.record.pk for line in plan.changed]
            ).delete()
            through.objects.bulk_create(
                [
                    through(staffmember_id=line.record.pk, school_id=school.pk)
                    for line in touched
                    for school in line.schools
                ],
                batch_size=BATCH,
            )
        joining = [
            (line.user, community)
            for line in plan.new + plan.changed
            for community in line.communities
        ]
        # Who was a member before: they are told who now reads what they shared (the people
        # of this file join together, before any of them could share anything).
        before: dict[int, set[int]] = {}
        for community_id, user_id in Membership.objects.filter(
            community__in={community for _user, community in joining}
        ).values_list("community_id", "user_id"):
            before.setdefault(community_id, set()).add(user_id)
        Membership.objects.bulk_create(
            [
                Membership(
                    community=community, user=user, role=Membership.Role.MEMBER, joined_at=now
                )
                for user, community in joining
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        for user, community in joining:
            if before.get(community.pk):
                community_services.reader_notices_create(
                    community=community,
                    reader=user,
                    role=Membership.Role.MEMBER,
                    among=before[community.pk],
                )
    return [user.pk for user in users]
