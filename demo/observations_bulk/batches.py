"""How much bulk history there is and the portions it is written in: the sizes, plain
INSERTs in batches, and chunks of a list (a chunk per transaction)."""

import itertools
from collections.abc import Iterable, Iterator, Sequence

from django.db import connection, models

YEARS = 3
REFLECTIONS_PER_YEAR = 30
VISITS_PER_YEAR = 4
SCAN_ROUNDS_PER_YEAR = 2
BATCH = 2000
TEACHERS_PER_CHUNK = 100
COMMUNITIES_PER_CHUNK = 25
# Visits run four weeks ahead of today, so the coming weeks hold planned visits too.
VISITS_AHEAD = 28


def insert(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """Plain INSERTs in batches for rows nothing points at (scores, scan answers, link rows):
    for these, building a model instance per row costs more than writing it. `rows` holds
    database-ready values in the order of `fields`; fields with defaults must be given."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    table, values = quote(model._meta.db_table), ", ".join(["%s"] * len(fields))
    # Names come from the model's meta; the values go as parameters.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({values})"  # noqa: S608
    rows = iter(rows)
    written = 0
    with connection.cursor() as cursor:
        while batch := list(itertools.islice(rows, BATCH)):
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def chunks(values: Sequence, size: int) -> Iterator[Sequence]:
    """`values` in slices of `size`."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
