"""What every question of the class is made of: the :class:`Question` a page declares, the :class:`Facts` its truth
may read besides the maths, and the :class:`Asked` question the store keeps, truth included, as JSON."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from explainer.i18n import _

if TYPE_CHECKING:
    from explainer.class_session.room_map import RoomRun

Kind = Literal["choice", "number"]


class NeedsRun(ValueError):
    """The question is about the current run, and there is none with a finished epoch yet."""


@dataclass(frozen=True)
class Facts:
    """What a question may be about besides the maths: the teacher's current run, as a 10 x 10 confusion matrix
    (rows: true digit, columns: predicted) of its latest epoch on the test digits; None without a run."""

    confusion: np.ndarray | None = None
    room_runs: tuple[RoomRun, ...] = ()  # the runs on the class's map (the map questions)


@dataclass(frozen=True)
class Asked:
    """A question as put to the class: what the phones show, and the truth the reveal shows."""

    key: str
    page: str
    prompt: str
    kind: Kind
    choices: tuple[str, ...]  # empty for a number
    correct: str  # the right choice, or the number printed as the reveal shows it
    value: float | None  # the right number (for a number)
    tolerance: float  # a guess this close to ``value`` counts as right
    explanation: str  # one sentence the reveal shows under the answer
    reveal: dict[str, str] = field(default_factory=dict)  # link parameters of ``page`` that show the case
    mark: tuple[float, float] | None = None  # the (learning rate, momentum) cell the class's map outlines at the reveal
    # The prompt, explanation and choices are kept in English, the catalog's keys, with the words they name: each
    # phone shows them in its own language (prompt_text, explanation_text, choice_text), the projector in the teacher's.
    words: dict[str, str] = field(default_factory=dict)
    # The English template every choice was made from ("Class {choice}": "Class 3"), or "" (see choice_text).
    choice_label: str = ""

    def prompt_text(self) -> str:
        """The prompt in the reader's language."""
        return _filled(_(self.prompt), self.words)

    def explanation_text(self) -> str:
        """The explanation the reveal shows, in the reader's language."""
        return _filled(_(self.explanation), self.words)

    def choice_text(self, choice: str) -> str:
        """How a choice reads in the reader's language (the store keeps the English: answers compare by it).

        A choice made from ``choice_label`` reads as that template translated, filled with the choice's own part; a
        number reads the same in every language; any other choice is a message of its own.

        >>> from explainer.class_session.questions import QUESTIONS
        >>> QUESTIONS["largest_bar"].ask(Facts()).choice_text("Class 3")
        'Class 3'
        """
        if self.choice_label:
            before, _placeholder, after = self.choice_label.partition("{choice}")
            if len(choice) >= len(before) + len(after) and choice.startswith(before) and choice.endswith(after):
                return _(self.choice_label).format(choice=choice[len(before) : len(choice) - len(after)])
        if _is_number(choice):
            return choice
        return _(choice)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Asked:
        data = json.loads(text)
        mark = data.get("mark")
        return cls(**{**data, "choices": tuple(data["choices"]), "mark": tuple(mark) if mark else None})

    def parse(self, text: str) -> str:
        """A student's answer as the store keeps it, or ValueError with a message fit for a phone.

        >>> from explainer.class_session.questions import QUESTIONS
        >>> QUESTIONS["uniform_loss"].ask(Facts()).parse(" 2,3 ")
        '2.3'
        """
        text = str(text).strip()
        if self.kind == "choice":
            if text not in self.choices:
                raise ValueError(_("Pick one of the answers shown."))
            return text
        try:
            number = float(text.replace(",", ".").replace("−", "-"))
        except ValueError:
            raise ValueError(_("Type a number, e.g. {example}.").format(example=_example(self.value))) from None
        if not math.isfinite(number) or abs(number) > 1e9:
            raise ValueError(_("Type a finite number."))
        return f"{number:g}"

    def is_right(self, answer: str) -> bool:
        if self.kind == "choice":
            return answer == self.correct
        return abs(float(answer) - (self.value or 0.0)) <= self.tolerance


def _filled(template: str, words: dict[str, str]) -> str:
    # Only with words: other prompts may hold braces of their own (LaTeX).
    return template.format(**words) if words else template


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _example(value: float | None) -> str:
    return "0.5" if value is None or abs(value) < 10 else "1000"


@dataclass(frozen=True)
class Told:
    """What a truth found besides the answer: words its prompt and explanation name ({lr}), the map's cell to mark,
    and the explanation (an English template marked with N_) when the answer needs another than the question's."""

    words: dict[str, str] = field(default_factory=dict)
    mark: tuple[float, float] | None = None
    explanation: str = ""


@dataclass(frozen=True)
class Question:
    key: str
    page: str  # the lesson's url_path it belongs to
    prompt: str
    kind: Kind
    # -> (choices, correct choice or number), or those and a Told: what the prompt names and the map marks
    truth: Callable[[Facts], tuple[Any, ...]]
    explanation: str
    tolerance: float = 0.0  # for numbers: absolute
    reveal: dict[str, str] = field(default_factory=dict)
    digits: int = 4  # for numbers: how the reveal prints the right value
    about_run: bool = False  # its truth reads Facts.confusion: the teacher's current run
    about_map: bool = False  # its truth reads Facts.room_runs: the class's map
    # Words the prompt and explanation always name ({z}), merged with those its truth tells: a template with words is
    # filled by str.format, so it doubles any brace of its own.
    words: dict[str, str] = field(default_factory=dict)
    # The English template of every choice ("Class {choice}", marked with N_), if the choices are not messages or
    # numbers of their own: the truth makes them with it, choice_text translates them.
    choice_label: str = ""

    def prompt_text(self) -> str:
        """The prompt in the reader's language, before it is asked (words its truth tells stay placeholders)."""
        return _filled(_(self.prompt), self.words)

    def ask(self, facts: Facts) -> Asked:
        """The question with its truth computed now (NeedsRun if it is about a run and there is none)."""
        choices, correct, *more = self.truth(facts)
        told = more[0] if more else Told()
        prompt, explanation, words = self.prompt, told.explanation or self.explanation, {**self.words, **told.words}
        if self.kind == "choice":
            assert correct in choices, (self.key, correct, choices)
            return Asked(
                self.key, self.page, prompt, "choice", choices, str(correct), None, 0, explanation, self.reveal,
                told.mark, words, self.choice_label,
            )  # fmt: skip
        value = float(correct)
        shown = f"{value:,.{self.digits}f}"
        shown = shown.rstrip("0").rstrip(".") if "." in shown else shown  # 0.3780 -> 0.378, 401,920 stays
        return Asked(
            self.key, self.page, prompt, "number", (), shown, value, self.tolerance, explanation, self.reveal,
            told.mark, words,
        )  # fmt: skip
