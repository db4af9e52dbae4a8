"""A class's question as a named phase, and the teacher's moves between phases in one table.

A class is in the lesson (no question), or a question's round is voting (answers come in, hidden on the
projector), shown (the round's answers on the projector, the vote closed) or revealed (every round's answers
and the right one). :data:`MOVES` says from which phases each teacher action may start and where it leads; a move
the table forbids raises :class:`IllegalMove`, which the projector says in words (two teacher screens pressing
"Show" at once: the second is told the class moved on).

>>> after("show", Phase.VOTING, 1)
(<Phase.SHOWN: 'shown'>, 1)
>>> after("round 2", Phase.SHOWN, 1)
(<Phase.VOTING: 'voting'>, 2)
>>> after("round 2", Phase.SHOWN, 2)
Traceback (most recent call last):
...
explainer.class_session.phases.IllegalMove: This question had its second vote already.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from explainer.i18n import N_, _


class Phase(StrEnum):
    LESSON = "lesson"  # no question: the phones follow the lesson
    VOTING = "voting"  # a round takes answers, hidden on the projector
    SHOWN = "shown"  # the round's answers on the projector; the vote is closed
    REVEALED = "revealed"  # every round's answers, the right one marked


class IllegalMove(ValueError):
    """A teacher action that the class's phase does not allow (the message says why, for the teacher)."""


@dataclass(frozen=True)
class Move:
    starts: frozenset[Phase]  # the phases it may start from
    leads_to: Phase
    round: int | None  # the round it leads to (None: the round stays)
    only_in_round: int | None = None  # the round it may start from (None: any)
    opens_question: bool = False  # answers from now on belong to a new opening (asking)


_QUESTION = frozenset({Phase.VOTING, Phase.SHOWN, Phase.REVEALED})
MOVES: dict[str, Move] = {
    "open": Move(frozenset(Phase), Phase.VOTING, round=1, opens_question=True),  # a new question replaces any open one
    "show": Move(frozenset({Phase.VOTING}), Phase.SHOWN, round=None),
    "round 2": Move(frozenset({Phase.SHOWN, Phase.REVEALED}), Phase.VOTING, round=2, only_in_round=1),
    "reveal": Move(frozenset({Phase.VOTING, Phase.SHOWN}), Phase.REVEALED, round=None),
    "close": Move(_QUESTION, Phase.LESSON, round=0),
}

_REFUSALS = {
    "show": N_("The answers are already on the projector."),
    "round 2": N_("This question had its second vote already."),
    "reveal": N_("The answer is already revealed."),
    "close": N_("No question is open."),
}


def allowed(phase: Phase, round_: int) -> list[str]:
    """The actions the table allows from ``phase`` in ``round_``, in the table's order (the projector's buttons).

    >>> allowed(Phase.SHOWN, 1)
    ['open', 'round 2', 'reveal', 'close']
    """
    return [action for action, move in MOVES.items() if phase in move.starts and move.only_in_round in (None, round_)]


def after(action: str, phase: Phase, round_: int) -> tuple[Phase, int]:
    """The phase and round ``action`` leads to from ``phase`` in ``round_``; IllegalMove if the table forbids it."""
    move = MOVES[action]
    if action not in allowed(phase, round_):
        reason = _("No question is open.") if phase is Phase.LESSON else _(_REFUSALS[action])
        raise IllegalMove(reason)
    return move.leads_to, round_ if move.round is None else move.round


# How the store keeps a phase: three flags, as its table has always had them.
_FLAGS = {
    Phase.LESSON: (False, False, False),
    Phase.VOTING: (True, False, False),
    Phase.SHOWN: (False, True, False),
    Phase.REVEALED: (False, True, True),
}


def flags(phase: Phase) -> dict[str, bool]:
    """The store's columns for ``phase``.

    >>> flags(Phase.REVEALED)
    {'voting': False, 'shown': True, 'revealed': True}
    """
    return dict(zip(("voting", "shown", "revealed"), _FLAGS[phase], strict=True))


def phase_of(has_question: bool, voting: bool, shown: bool, revealed: bool) -> Phase:
    """The phase the store's columns hold.

    >>> phase_of(True, voting=False, shown=True, revealed=False)
    <Phase.SHOWN: 'shown'>
    """
    if not has_question:
        return Phase.LESSON
    if revealed:
        return Phase.REVEALED
    return Phase.VOTING if voting else Phase.SHOWN if shown else Phase.LESSON
