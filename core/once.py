"""A new row made once, however often its form is sent (a double click, a resent POST).

The form carries a `client_key`, a fresh UUID per rendered form (`plc.forms.CreateOnce`).
The model stores it, unique within a scope (its creator or the community or meeting it is
made in) where it is set. The service asks `made_before` first and saves with `save_once`:
the second submit gets the row the first one made, also when both arrive at the same moment.
"""

import uuid
from typing import TypeVar

from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)


def made_before(model: type[M], client_key: uuid.UUID | None, **scope) -> M | None:
    """The row an earlier submit of the same form made, or None."""
    if client_key is None:
        return None
    return model._default_manager.filter(client_key=client_key, **scope).first()


def save_once(row: M, **scope) -> M:
    """Insert `row`; when the same form's other submit inserted its row at the same moment
    (the unique key refuses this one), that row."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        earlier = made_before(type(row), row.client_key, **scope)
        if earlier is None:
            raise
        return earlier
    return row
