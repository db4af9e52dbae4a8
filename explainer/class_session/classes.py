"""A class: a teacher's lesson that a room joins by a short code, follows, and answers questions in, kept in the
store so that every replica (and machine) sees the same class.

- A class has a join code (6 letters without look-alikes) that students type or scan, and a teacher's secret
  that only the teacher's session holds; the store keeps its SHA-256 digest, compared in constant time. Every
  teacher action checks it: :class:`NotTheTeacher` (and a log line) for a student or a forged link.
- The teacher's page, the softmax page's section and the worked example's step are the class's position;
  with ``follow`` on, students' pages go there.
- A question opens with its truth computed (:class:`~explainer.class_session.questions.Asked`); round 1 takes
  one answer per student session (changeable until the vote closes), showing the distribution closes it, round 2
  opens a revote, the reveal marks the right answer. Answers are anonymous: a random token per browser session.
- "Map it together" (:mod:`~explainer.class_session.room_map`) shares a grid of training settings over the room.
- A class ends when the teacher ends it, or after :data:`IDLE_SECONDS` without a teacher action or an answer;
  its answers, and its map, go with it.
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import logging
import math
import re
import secrets
import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import exc

from explainer.class_session.phases import MOVES, IllegalMove, Phase, after, flags, phase_of
from explainer.class_session.questions import Asked
from explainer.i18n import _
from explainer.store.database import CLASS_TABLES, Store, answers, asked_questions, classes, room_maps

log = logging.getLogger(__name__)

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ"  # no I, L, O: never read as 1, 0
CODE_LENGTH = 6  # 23^6 = 148 million codes
IDLE_SECONDS = 4 * 3600  # a class nobody touched for this long is deleted, with its answers
MIN_SECONDS_BETWEEN_ANSWERS = 0.5  # one session's answers: a flood is refused, a change of mind is not
MAX_CHANGES_PER_ROUND = 20
VOTE_SECONDS = (15, 30, 60, 90)  # the timers a teacher may set on a vote (15 s: "which bar is largest?")
MAX_VOTE_SECONDS = 600


class ClassError(ValueError):
    """A message fit to show: what went wrong and what to do."""


class UnknownClass(ClassError):
    """No class with this code (never was, ended, or expired)."""


class NotTheTeacher(ClassError):
    """A teacher action without the class's teacher secret."""


def normalize_code(text: str) -> str:
    """The code a student typed, as stored: capitals, spaces and dashes dropped; ClassError if it cannot be one.

    >>> normalize_code(" qwe-rty ")
    'QWERTY'
    >>> normalize_code("ab1")
    Traceback (most recent call last):
    ...
    explainer.class_session.classes.ClassError: A class code is 6 letters, like QWERTY; got 'AB1'.
    """
    code = re.sub(r"[\s\-]", "", str(text)).upper()[:40]
    if len(code) != CODE_LENGTH or any(letter not in ALPHABET for letter in code):
        raise ClassError(
            _("A class code is {length} letters, like QWERTY; got {code!r}.").format(length=CODE_LENGTH, code=code)
        )
    return code


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class ClassState:
    """A class as a student's poll or the projector sees it."""

    code: str
    follow: bool
    page: str
    section: str
    step: int
    asking: int  # which opening of a question the answers belong to
    question: Asked | None
    round: int
    phase: Phase
    mapping: bool = False  # the room maps the learning rate x momentum grid together
    closes: float | None = None  # while voting: when the vote closes by itself (time.time()), None: by the teacher

    @property
    def position(self) -> tuple[str, str, int]:
        return self.page, self.section, self.step

    def seconds_left(self, now: float | None = None) -> int | None:
        """Whole seconds until the vote closes by itself (rounded up); None without a timer or a vote."""
        if self.phase is not Phase.VOTING or self.closes is None:
            return None
        return max(0, math.ceil(self.closes - (time.time() if now is None else now)))


@dataclass(frozen=True)
class Tally:
    """The answers of the current question: how many per round, and what, in the order the projector shows."""

    counts: dict[int, int]  # round -> answers
    answers: dict[int, collections.Counter]  # round -> answer -> how many
    raw: dict[int, list[str]]  # round -> every answer (numbers: for a histogram)

    def right(self, asked: Asked, round_: int) -> int:
        return sum(n for answer, n in self.answers.get(round_, {}).items() if asked.is_right(answer))


def _state(row) -> ClassState:
    """The class in ``row`` now: a timed vote whose time is up reads as closed (shown), whoever looks first."""
    phase = phase_of(bool(row.question and row.truth), row.voting, row.shown, row.revealed)
    if phase is Phase.VOTING and row.closes is not None and row.closes <= time.time():
        phase = Phase.SHOWN
    return ClassState(
        row.code,
        row.follow,
        row.page,
        row.section,
        row.step,
        row.asking,
        Asked.from_json(row.truth) if row.question and row.truth else None,
        row.round,
        phase,
        row.mapping_since is not None,
        row.closes if phase is Phase.VOTING else None,
    )


def _row(db: sa.Connection, code: str):
    """The class's row, when its room started mapping (None: not mapping) and when the vote closes, in one query."""
    opening = (asked_questions.c.code == classes.c.code) & (asked_questions.c.asking == classes.c.asking)
    joined = classes.outerjoin(room_maps, room_maps.c.code == classes.c.code).outerjoin(asked_questions, opening)
    columns = (room_maps.c.started.label("mapping_since"), asked_questions.c.closes)
    query = sa.select(classes, *columns).select_from(joined)
    return db.execute(query.where(classes.c.code == code)).first()


def _delete(db: sa.Connection, codes: list[str]) -> None:
    """The classes ``codes`` and everything they own."""
    for table in CLASS_TABLES:
        db.execute(table.delete().where(table.c.code.in_(codes)))
    db.execute(classes.delete().where(classes.c.code.in_(codes)))


def expire_idle(store: Store, now: float | None = None) -> int:
    """Delete the classes idle for :data:`IDLE_SECONDS` and their answers; how many went."""
    cutoff = (now or time.time()) - IDLE_SECONDS
    with store.begin() as db:
        old = list(db.execute(sa.select(classes.c.code).where(classes.c.touched < cutoff)).scalars())
        if old:
            _delete(db, old)
    return len(old)


def start_class(store: Store, page: str = "") -> tuple[str, str]:
    """A new class at ``page`` with students following; its (join code, teacher secret)."""
    expire_idle(store)
    secret = secrets.token_urlsafe(24)
    now = time.time()
    for _attempt in range(10):
        code = "".join(secrets.choice(ALPHABET) for _letter in range(CODE_LENGTH))
        row = {"code": code, "teacher_digest": _digest(secret), "created": now, "touched": now, "page": page}
        row |= {"follow": True, "section": "", "step": 0, "asking": 0, "round": 0}
        row |= {"voting": False, "shown": False, "revealed": False}
        try:
            with store.begin() as db:
                db.execute(classes.insert().values(**row))
            return code, secret
        except exc.IntegrityError:  # that code is taken: draw another
            continue
    raise ClassError(_("Could not find a free class code; try again."))


def find_class(store: Store, code: str) -> ClassState:
    """The class with this code; UnknownClass when there is none (never was, ended, or idle too long)."""
    with store.begin() as db:
        row = _row(db, code)
    if row is None or row.touched < time.time() - IDLE_SECONDS:
        raise UnknownClass(
            _("No class has the code {code}: it may have ended. Check the code on the projector.").format(code=code)
        )
    return _state(row)


def is_teacher(store: Store, code: str, secret: str | None) -> bool:
    """Whether ``secret`` is this class's teacher secret (constant-time comparison of the digests)."""
    if not secret:
        return False
    with store.begin() as db:
        digest = db.execute(sa.select(classes.c.teacher_digest).where(classes.c.code == code)).scalar()
    return digest is not None and hmac.compare_digest(digest, _digest(secret))


def require_teacher(store: Store, code: str, secret: str | None, action: str) -> None:
    """NotTheTeacher (and a log line) unless ``secret`` is this class's teacher secret."""
    if not is_teacher(store, code, secret):
        log.warning("refused teacher action %r on class %s: wrong or missing teacher secret", action, code)
        raise NotTheTeacher(_("Only the teacher who started this class can do that."))


def _teach(
    store: Store, code: str, secret: str | None, action: str, vote_seconds: float | None = None, **values: object
) -> ClassState:
    """Apply a teacher action's column changes, after checking the secret; the class as it is now. An action in
    :data:`~explainer.class_session.phases.MOVES` also moves the question's phase, if the table allows it from the
    phase the class is in at that instant (IllegalMove if not: a second teacher screen pressed it first). A move
    that opens a vote records the opening and when the vote closes by itself (``vote_seconds``; None: never)."""
    require_teacher(store, code, secret, action)
    if vote_seconds is not None and not (0 < vote_seconds <= MAX_VOTE_SECONDS):
        raise ClassError(
            _("A vote's timer is 1 to {most} seconds; got {seconds}.").format(
                most=MAX_VOTE_SECONDS, seconds=vote_seconds
            )
        )
    now = time.time()
    where = classes.c.code == code
    with store.begin() as db:
        row = _row(db, code)
        if row is None:
            raise UnknownClass(_("The class {code} has ended.").format(code=code))
        if action in MOVES:
            phase, round_ = after(action, _state(row).phase, row.round)
            values |= {"round": round_, **flags(phase)}
            if MOVES[action].opens_question:
                values["asking"] = row.asking + 1
            # Only from the state just read: of two screens pressing at once, one moves and the other is refused.
            for column in ("asking", "round", "voting", "shown"):
                where &= classes.c[column] == row._mapping[column]
        if db.execute(classes.update().where(where).values(touched=now, **values)).rowcount == 0:
            raise IllegalMove(_("The class moved on meanwhile: look at the projector again."))
        if action in MOVES and MOVES[action].leads_to is Phase.VOTING:
            closes = None if vote_seconds is None else now + vote_seconds
            _time_the_vote(db, code, int(values.get("asking", row.asking)), values.get("truth"), now, closes)
        row = _row(db, code)
    return _state(row)


def _time_the_vote(db: sa.Connection, code: str, asking: int, truth: object, now: float, closes: float | None) -> None:
    """A new opening is recorded with its truth (the summary reads it); a revote only sets its closing time."""
    if truth is not None:
        db.execute(asked_questions.insert().values(code=code, asking=asking, truth=truth, opened=now, closes=closes))
        return
    opening = (asked_questions.c.code == code) & (asked_questions.c.asking == asking)
    db.execute(asked_questions.update().where(opening).values(closes=closes))


def move(store: Store, code: str, secret: str | None, page: str, section: str = "", step: int = 0) -> ClassState:
    """The teacher is now at ``page`` (the softmax page's ``section`` and worked-example ``step``)."""
    return _teach(store, code, secret, "move", page=page, section=section, step=step)


def set_follow(store: Store, code: str, secret: str | None, follow: bool) -> ClassState:
    """Students' pages follow the teacher's (True), or the room explores freely (False)."""
    return _teach(store, code, secret, "follow", follow=follow)


def open_question(
    store: Store, code: str, secret: str | None, asked: Asked, vote_seconds: float | None = None
) -> ClassState:
    """Put ``asked`` to the class: round 1, voting open (for ``vote_seconds``, or until the teacher closes it),
    answers hidden on the projector."""
    return _teach(store, code, secret, "open", vote_seconds, question=asked.key, truth=asked.to_json())


def show_answers(store: Store, code: str, secret: str | None) -> ClassState:
    """Close the vote and show the distribution of the answers on the projector."""
    return _teach(store, code, secret, "show")


def second_round(store: Store, code: str, secret: str | None, vote_seconds: float | None = None) -> ClassState:
    """ "Discuss with your neighbours and vote again": round 2 opens (for ``vote_seconds``, or until the teacher
    closes it), its answers hidden until shown."""
    return _teach(store, code, secret, "round 2", vote_seconds)


def reveal(store: Store, code: str, secret: str | None) -> ClassState:
    """Close any vote, show every round's answers and mark the right one."""
    return _teach(store, code, secret, "reveal")


def close_question(store: Store, code: str, secret: str | None) -> ClassState:
    """Back to the lesson: no question on the phones (its answers stay until the class ends)."""
    return _teach(store, code, secret, "close", question=None, truth=None)


def end_class(store: Store, code: str, secret: str | None) -> None:
    """End the class: the code stops working and every answer (and the room's map) is deleted."""
    _teach(store, code, secret, "end")
    with store.begin() as db:
        _delete(db, [code])


class Answer:
    """What became of a student's answer: a word the phone turns into a message."""

    TAKEN = "taken"
    CHANGED = "changed"


def submit_answer(store: Store, code: str, voter: str, asking: int, round_: int, text: str) -> str:
    """Record ``voter``'s answer to round ``round_`` of opening ``asking`` (one per voter: a second one replaces
    the first); :data:`Answer.TAKEN` or :data:`Answer.CHANGED`, else ClassError saying why not (the vote closed,
    too many answers, not an answer)."""
    state = find_class(store, code)
    if state.question is None or state.asking != asking or state.round != round_ or state.phase is not Phase.VOTING:
        raise ClassError(_("This vote has closed: your answer was not counted. Look at the projector."))
    try:
        answer = state.question.parse(text)
    except ValueError as error:
        raise ClassError(str(error)) from None
    now = time.time()
    key = (answers.c.code == code) & (answers.c.asking == asking) & (answers.c.round == round_)
    with store.begin() as db:
        old = db.execute(sa.select(answers.c.changed, answers.c.changes).where(key, answers.c.voter == voter)).first()
        if old is None:
            row = {"code": code, "asking": asking, "round": round_, "voter": voter, "answer": answer}
            try:
                with db.begin_nested():
                    db.execute(answers.insert().values(**row, changed=now, changes=1))
            except exc.IntegrityError:  # the same session's other tab (or replica) answered just now
                raise ClassError(_("Your answer is already in; wait a moment before changing it.")) from None
            outcome = Answer.TAKEN
        else:
            if now - old.changed < MIN_SECONDS_BETWEEN_ANSWERS or old.changes >= MAX_CHANGES_PER_ROUND:
                raise ClassError(_("Too many answers too quickly: your last one counts."))
            db.execute(
                answers.update()
                .where(key, answers.c.voter == voter)
                .values(answer=answer, changed=now, changes=old.changes + 1)
            )
            outcome = Answer.CHANGED
        db.execute(classes.update().where(classes.c.code == code).values(touched=now))
    return outcome


def my_answer(store: Store, code: str, voter: str, asking: int, round_: int) -> str | None:
    """The answer this voter gave in this round, if any."""
    key = (answers.c.code == code) & (answers.c.asking == asking) & (answers.c.round == round_)
    with store.begin() as db:
        return db.execute(sa.select(answers.c.answer).where(key, answers.c.voter == voter)).scalar()


def tally(store: Store, code: str, asking: int) -> Tally:
    """Every round's answers to opening ``asking``: counts, and the distribution."""
    with store.begin() as db:
        rows = db.execute(
            sa.select(answers.c.round, answers.c.answer).where(answers.c.code == code, answers.c.asking == asking)
        ).all()
    raw: dict[int, list[str]] = collections.defaultdict(list)
    for round_, answer in rows:
        raw[round_].append(answer)
    return Tally({r: len(a) for r, a in raw.items()}, {r: collections.Counter(a) for r, a in raw.items()}, dict(raw))
