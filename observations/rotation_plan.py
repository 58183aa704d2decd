"""Peer visits per cycle: a fair rotation of who observes whom, and on which school day.
Pure: person ids and dates in, pairings out, no database.

`propose` is deterministic. Fair means: everyone observes `observers_per_visit` colleagues
and is observed by as many, nobody observes themselves, and (from three people on) nobody
observes the colleague who observes them in the same cycle. Across cycles the pairs rotate:
an observer meets every colleague before meeting anyone a second time. For a group that
stays the same this comes from a fixed schedule (`schedule`); when people join or leave, or
visits that have begun are kept, from a minimum-cost assignment of the pairs least used so
far.

`selectors.rotation.rotation_propose` gathers a cycle's inputs from the database;
`services.rotation.rotation_create` writes.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

# Costs of one pair in the assignment, so that fairness beats mutual pairs beats repeats.
_FORBIDDEN = 10**12
_PER_DUTY = 10**6
_MUTUAL = 10**3

# K8* split into seven derangements without a mutual pair (found by a search; the halving
# construction in `schedule` cannot make this size from two halves of four).
_EIGHT = (
    (1, 2, 0, 4, 5, 6, 7, 3),
    (2, 0, 1, 5, 3, 7, 4, 6),
    (3, 4, 5, 6, 7, 0, 1, 2),
    (4, 3, 6, 7, 1, 2, 0, 5),
    (5, 6, 7, 2, 0, 1, 3, 4),
    (6, 7, 3, 1, 2, 4, 5, 0),
    (7, 5, 4, 0, 6, 3, 2, 1),
)


class RotationError(ValueError):
    """The rotation can't be made; the message says why, for the facilitator."""


@dataclass(frozen=True)
class Pairing:
    observed: int
    observers: tuple[int, ...]
    day: dt.date


# The schedule for a group that stays the same --------------------------------------------


@lru_cache(maxsize=64)
def schedule(n: int) -> tuple[tuple[int, ...], ...]:
    """n-1 derangements of range(n) (position i observes position f[i]) that together hold
    every ordered pair exactly once. None has a mutual pair, except for n = 2 (one pair
    observing each other) and n = 4 (the third cycle: four people can't do otherwise)."""
    if n < 2:
        return ()
    if n % 2 or n <= 4:
        shifts = [1, 3, 2] if n == 4 else range(1, n)
        return tuple(tuple((i + s) % n for i in range(n)) for s in shifts)
    if n == 8:
        return _EIGHT
    # Two halves A and B: each half rotates within itself, then A observes B while B
    # observes A one place further on (a -> b -> a + 1, so never back to a).
    m = n // 2
    within = [f + tuple(m + x for x in f) for f in schedule(m)]
    across = [
        tuple(m + (a + j) % m for a in range(m)) + tuple((x + 1 - j) % m for x in range(m))
        for j in range(m)
    ]
    return tuple(within + across)


@lru_cache(maxsize=64)
def trio_schedule(n: int) -> tuple[tuple[int, int], ...]:
    """Pairs of `schedule(n)` to use together for trios: first pairs without a mutual pair
    between them (a perfect matching where one exists), then every other pair."""
    factors = schedule(n)

    def clean(i: int, j: int) -> bool:
        f, g = factors[i], factors[j]
        return all(g[f[a]] != a and f[g[a]] != a for a in range(n))

    matched: list[tuple[int, int]] = []
    budget = [10_000]

    def match(free: list[int]) -> bool:
        if len(free) < 2:
            return True
        budget[0] -= 1
        first, rest = free[0], free[1:]
        for partner in rest:
            if budget[0] > 0 and clean(first, partner):
                matched.append((first, partner))
                if match([x for x in rest if x != partner]):
                    return True
                matched.pop()
        return len(free) % 2 == 1 and match(rest)  # an odd count leaves one over

    if not match(list(range(len(factors)))):
        matched.clear()
    pairs = [(i, j) for i in range(len(factors)) for j in range(i + 1, len(factors))]
    return tuple(matched + [pair for pair in pairs if pair not in matched])


# The assignment ----------------------------------------------------------------------------


def _hungarian(cost: list[list[int]]) -> list[int]:
    """The column of each row in a minimum-cost assignment (rows <= columns)."""
    rows, cols = len(cost), len(cost[0])
    u, v, owner, way = [0] * (rows + 1), [0] * (cols + 1), [0] * (cols + 1), [0] * (cols + 1)
    for row in range(1, rows + 1):
        owner[0], col0 = row, 0
        low, used = [float("inf")] * (cols + 1), [False] * (cols + 1)
        while owner[col0]:
            used[col0] = True
            row0, delta, col1 = owner[col0], float("inf"), 0
            for col in range(1, cols + 1):
                if not used[col]:
                    reduced = cost[row0 - 1][col - 1] - u[row0] - v[col]
                    if reduced < low[col]:
                        low[col], way[col] = reduced, col0
                    if low[col] < delta:
                        delta, col1 = low[col], col
            for col in range(cols + 1):
                if used[col]:
                    u[owner[col]] += delta
                    v[col] -= delta
                else:
                    low[col] -= delta
            col0 = col1
        while col0:
            col1 = way[col0]
            owner[col0] = owner[col1]
            col0 = col1
    result = [0] * rows
    for col in range(1, cols + 1):
        if owner[col]:
            result[owner[col] - 1] = col - 1
    return result


Assignment = dict[int, list[int]]  # observed -> observers


def _score(
    assign: Assignment, k: int, kept: list[tuple[int, int]], history: Counter
) -> tuple[int, int, int]:
    """(observations above the fair share, mutual pairs, pairs seen before): lower is better."""
    arcs = [(o, t) for t, observers in assign.items() for o in observers]
    load = Counter(o for o, _t in kept) + Counter(o for o, _t in arcs)
    every = set(arcs) | set(kept)
    return (
        sum(max(0, count - k) for count in load.values()),
        sum(1 for o, t in every if o < t and (t, o) in every),
        sum(history[arc] for arc in arcs),
    )


def _optimise(
    targets: list[int], people: list[int], k: int, kept: list[tuple[int, int]], history: Counter
) -> Assignment:
    """Round by round, a minimum-cost observer for every target; then `_improve`."""
    assign: Assignment = {t: [] for t in targets}
    load = Counter(o for o, _t in kept)
    arcs = set(kept)
    for _round in range(k):
        cost = [
            [
                _FORBIDDEN
                if o == t or o in assign[t]
                else load[o] * _PER_DUTY + _MUTUAL * ((t, o) in arcs) + history[(o, t)]
                for o in people
            ]
            for t in targets
        ]
        for row, col in enumerate(_hungarian(cost)):
            t = targets[row]
            if cost[row][col] < _FORBIDDEN:
                o = people[col]
                assign[t].append(o)
                load[o] += 1
                arcs.add((o, t))
    return _improve(assign, people, k, kept, history)


def _improve(
    assign: Assignment, people: list[int], k: int, kept: list[tuple[int, int]], history: Counter
) -> Assignment:
    """Steepest descent on `_score`: swap the observers of two visits, or (when kept visits
    make the loads uneven) give a visit another observer. Removes the mutual pairs an
    assignment can't see."""
    assign = {t: list(observers) for t, observers in assign.items()}
    best = _score(assign, k, kept, history)
    slots = [(t, i) for t in assign for i in range(len(assign[t]))]
    while best != (0, 0, 0):
        moves: list[tuple[tuple[int, int, int], list[tuple[int, int, int]]]] = []
        for a, (t1, i1) in enumerate(slots):
            o1 = assign[t1][i1]
            for t2, i2 in slots[a + 1 :]:
                o2 = assign[t2][i2]
                if t1 == t2 or o2 == t1 or o1 == t2 or o2 in assign[t1] or o1 in assign[t2]:
                    continue
                assign[t1][i1], assign[t2][i2] = o2, o1
                moves.append((_score(assign, k, kept, history), [(t1, i1, o2), (t2, i2, o1)]))
                assign[t1][i1], assign[t2][i2] = o1, o2
            for p in people if kept else ():
                if p != t1 and p not in assign[t1]:
                    assign[t1][i1] = p
                    moves.append((_score(assign, k, kept, history), [(t1, i1, p)]))
                    assign[t1][i1] = o1
        score, changes = min(moves, key=lambda move: move[0], default=(best, []))
        if score >= best:
            break
        best = score
        for t, i, o in changes:
            assign[t][i] = o
    return assign


def _from_schedule(people: list[int], factors: Sequence[tuple[int, ...]]) -> Assignment:
    assign: Assignment = {p: [] for p in people}
    for factor in factors:
        for i, j in enumerate(factor):
            assign[people[j]].append(people[i])
    return assign


def _spread(
    visits: list[tuple[int, tuple[int, ...]]],
    days: list[dt.date],
    busy: dict[dt.date, list[set[int]]],
) -> list[Pairing]:
    """Visits evenly over the days, nobody in two visits on one day where that can be.
    busy: the people of the visits already on a day."""
    taken = {day: set().union(*busy.get(day, [])) for day in days}
    count = Counter({day: len(busy.get(day, [])) for day in days})
    result = []
    for index, (observed, observers) in enumerate(visits):
        people = {observed, *observers}
        ideal = (2 * index + 1) * len(days) // (2 * len(visits))
        position = min(
            range(len(days)),
            key=lambda d: (len(taken[days[d]] & people), count[days[d]], abs(d - ideal), d),
        )
        day = days[position]
        taken[day] |= people
        count[day] += 1
        result.append(Pairing(observed, observers, day))
    return result


def propose(
    *,
    participants: Iterable[int],
    school_days: Iterable[dt.date],
    observers_per_visit: int = 1,
    history: Iterable[tuple[int, int]] = (),
    kept: Iterable[tuple[int, Sequence[int], dt.date | None]] = (),
) -> list[Pairing]:
    """The visits of one cycle's rotation, by observed person.

    participants: the people who take part. school_days: the days visits may fall on.
    history: (observer, observed) of every rotation visit in earlier cycles, repeated as
    often as it happened. kept: (observed, observers, day) of this cycle's visits that have
    begun: their observed people get no new visit, their observers observe that much less.
    """
    people = sorted(set(participants))
    days = sorted(set(school_days))
    k = observers_per_visit
    if k not in (1, 2):
        raise RotationError(_("Choose one or two observers per visit."))
    if len(people) < 2:
        raise RotationError(_("A rotation needs at least two participants."))
    if len(people) <= k:
        raise RotationError(_("Trios need at least three participants."))
    if not days:
        raise RotationError(_("There are no school days left in this cycle."))
    members = set(people)
    seen = Counter((o, t) for o, t in history if o in members and t in members)
    kept = list(kept)
    kept_arcs = [(o, t) for t, observers, _day in kept for o in observers]
    done = {t for t, _observers, _day in kept}
    targets = [p for p in people if p not in done]
    if not targets:
        return []

    def score(assign: Assignment) -> tuple[int, int, int]:
        return _score(assign, k, kept_arcs, seen)

    # No rotation can do better than this: fair, no mutual pair, the least-seen observers.
    floor = (0, 0, sum(sum(sorted(seen[(o, t)] for o in people if o != t)[:k]) for t in targets))
    best, best_score = None, None
    if not kept:  # the schedule, in order: the first perfect step is the rotation's next one
        factors = schedule(len(people))
        if k == 1:
            steps = [[f] for f in factors]
        else:
            steps = [[factors[i], factors[j]] for i, j in trio_schedule(len(people))]
        for step in steps:
            candidate = _from_schedule(people, step)
            if best_score is None or score(candidate) < best_score:
                best, best_score = candidate, score(candidate)
            if best_score == floor:
                break
    if best is None or best_score != floor:
        # Nothing in the schedule is perfect: people changed, or the new pairs ran out.
        candidates = [_optimise(targets, people, k, kept_arcs, seen)]
        if best is not None:
            candidates.insert(0, _improve(best, people, k, kept_arcs, seen))
        best = min(candidates, key=score)
    busy: dict[dt.date, list[set[int]]] = {}
    for t, observers, day in kept:
        if day is not None:
            busy.setdefault(day, []).append({t, *observers})
    visits = [(t, tuple(sorted(best[t]))) for t in targets if best[t]]
    return _spread(visits, days, busy)
