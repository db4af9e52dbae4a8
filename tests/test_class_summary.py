"""A vote's timer and the class's summary, in the store (SQLite and a real PostgreSQL): a timed vote closes by itself
for everyone at its time and refuses a late answer; the summary counts every vote of every question as given, in the
order asked, and is deleted with the class; its CSV and printable page say the same numbers."""

import csv
import io
import time

import pytest

from explainer.class_session import classes as cs
from explainer.class_session.phases import Phase
from explainer.class_session.questions import QUESTIONS, Facts
from explainer.class_session.summary import class_summary, to_csv, to_html
from explainer.figures.class_summary import summary_figure, summary_words
from tests.support.waiting import Clock


def asked(key: str):
    return QUESTIONS[key].ask(Facts())


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(time.time())
    monkeypatch.setattr(cs, "time", clock.as_time_module())
    return clock


def test_a_timed_vote_closes_by_itself_and_refuses_a_late_answer(store, clock):
    code, secret = cs.start_class(store, "softmax")
    state = cs.open_question(store, code, secret, asked("largest_bar"), vote_seconds=30)
    assert state.phase is Phase.VOTING and state.seconds_left() == 30
    cs.submit_answer(store, code, "s1", state.asking, 1, "Class 1")
    clock.now += 29.5
    assert cs.find_class(store, code).seconds_left() == 1, "the time left is rounded up"
    clock.now += 0.5
    closed = cs.find_class(store, code)
    assert closed.phase is Phase.SHOWN and closed.seconds_left() is None
    with pytest.raises(cs.ClassError, match="vote has closed"):
        cs.submit_answer(store, code, "s2", state.asking, 1, "Class 0")
    with pytest.raises(cs.IllegalMove, match="already on the projector"):
        cs.show_answers(store, code, secret)  # the teacher's Show, a moment too late: the timer did it
    revote = cs.second_round(store, code, secret)  # round 2 without a timer: open until the teacher closes it
    assert revote.phase is Phase.VOTING and revote.seconds_left() is None
    clock.now += 3600
    assert cs.find_class(store, code).phase is Phase.VOTING
    timed = cs.open_question(store, code, secret, asked("largest_bar"), vote_seconds=60)
    assert timed.seconds_left() == 60 and cs.find_class(store, code).closes == pytest.approx(clock.now + 60)
    assert cs.reveal(store, code, secret).phase is Phase.REVEALED, "the teacher may end a timed vote early"


@pytest.mark.parametrize("seconds", [0, -5, cs.MAX_VOTE_SECONDS + 1])
def test_a_timer_out_of_range_is_refused_and_opens_nothing(store, seconds):
    code, secret = cs.start_class(store, "softmax")
    with pytest.raises(cs.ClassError, match="timer is 1 to"):
        cs.open_question(store, code, secret, asked("largest_bar"), vote_seconds=seconds)
    assert cs.find_class(store, code).question is None


def test_the_summary_counts_every_vote_as_given_in_the_order_asked(store, clock):
    code, secret = cs.start_class(store, "softmax")
    first = cs.open_question(store, code, secret, asked("largest_bar")).asking
    right = asked("largest_bar").correct
    wrong = next(c for c in asked("largest_bar").choices if c != right)
    for voter, answer in [("a", right), ("b", wrong), ("c", wrong)]:
        cs.submit_answer(store, code, voter, first, 1, answer)
    clock.now += 1
    cs.submit_answer(store, code, "c", first, 1, right)  # a change of mind counts once, as changed
    cs.show_answers(store, code, secret)
    cs.second_round(store, code, secret, vote_seconds=30)
    for voter in "abc":
        cs.submit_answer(store, code, voter, first, 2, right)
    second = cs.open_question(store, code, secret, asked("uniform_loss")).asking
    cs.submit_answer(store, code, "a", second, 1, "2.3")
    cs.submit_answer(store, code, "b", second, 1, "1")
    cs.open_question(store, code, secret, asked("largest_bar"))  # asked and closed before anyone answered

    summary = class_summary(store, code)
    assert [(s.number, s.asked.key) for s in summary] == [(1, "largest_bar"), (2, "uniform_loss"), (3, "largest_bar")]
    one, two, three = summary
    assert (one.votes[1].answered, one.votes[1].right, one.votes[1].counts) == (3, 2, {right: 2, wrong: 1})
    assert (one.votes[2].answered, one.votes[2].right, one.votes[2].share_right) == (3, 3, 1.0)
    assert (two.votes[1].answered, two.votes[1].right) == (2, 1) and 2 not in two.votes
    assert three.votes == {}

    table = list(csv.DictReader(io.StringIO(to_csv(summary))))
    assert [(r["question"], r["vote"], r["answered"], r["right"], r["share right"]) for r in table] == [
        ("1", "First vote", "3", "2", "67%"),
        ("1", "After discussion", "3", "3", "100%"),
        ("2", "First vote", "2", "1", "50%"),
        ("3", "", "0", "0", ""),
    ]
    assert table[0]["answers"] == f"{right}: 2; {wrong}: 1" and table[0]["right answer"] == right
    page = to_html(summary, code, "2026-12-05")
    assert page.startswith("<!doctype html><html lang='en'>") and f"Class {code}" in page
    assert "2 (67%)" in page and "3 (100%)" in page and "Nobody answered" in page
    assert "<script" not in page and "voter" not in page.lower()

    figure = summary_figure(summary)
    assert [trace.name for trace in figure.data] == ["First vote", "After discussion"]
    assert list(figure.data[0].y) == pytest.approx([200 / 3, 50, None]) and figure.data[0].text[0] == "67% of 3"
    assert figure.data[1].marker.pattern.shape == "/", "the revote is told apart without colour"
    assert summary_words(summary).startswith("Q1: first vote 2 of 3 right, after discussion 3 of 3 right")


def test_the_summary_goes_with_the_class(store):
    code, secret = cs.start_class(store, "softmax")
    state = cs.open_question(store, code, secret, asked("largest_bar"))
    cs.submit_answer(store, code, "a", state.asking, 1, state.question.correct)
    assert len(class_summary(store, code)) == 1
    cs.end_class(store, code, secret)
    assert class_summary(store, code) == []
