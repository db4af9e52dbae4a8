"""A class in the store, on SQLite and on a real PostgreSQL: codes, the teacher's secret, following, the rounds of
a question, answers counted once, a flood refused, a closed vote, the end and the idle expiry; the questions'
truths computed from the maths and from a run."""

import logging
import time

import numpy as np
import pytest
import sqlalchemy as sa

from explainer.class_session import classes as cs
from explainer.class_session.phases import IllegalMove, Phase
from explainer.class_session.questions import LESSON_QUESTIONS, QUESTIONS, Facts, NeedsRun, questions_for
from explainer.lesson import LESSON
from explainer.links import LINKS, read_query
from explainer.store.database import Store, answers
from explainer.store.database import classes as classes_table
from tests.support.waiting import Clock


def asked(key: str, confusion=None):
    return QUESTIONS[key].ask(Facts(confusion))


def test_a_code_is_six_unambiguous_letters_and_a_typed_one_is_forgiven(store):
    code, secret = cs.start_class(store, "softmax")
    assert len(code) == 6 and set(code) <= set(cs.ALPHABET) and not set(code) & set("ILO01")
    assert cs.normalize_code(f" {code[:3].lower()}-{code[3:]} ") == code
    assert cs.find_class(store, code).page == "softmax" and cs.find_class(store, code).follow
    with pytest.raises(cs.UnknownClass, match="No class has the code"):
        cs.find_class(store, "QWERTY" if code != "QWERTY" else "ASDFGH")
    with pytest.raises(cs.ClassError, match="6 letters"):
        cs.normalize_code("AB0DEF")
    assert secret not in str(store.begin().__enter__().execute(sa.select(classes_table)).all()), "only a digest"


def test_a_student_or_a_forged_secret_cannot_drive_the_class_and_is_logged(store, caplog):
    code, secret = cs.start_class(store, "softmax")
    other_code, other_secret = cs.start_class(store, "softmax")
    for forged in (None, "", code, other_secret, secret[:-1]):
        with caplog.at_level(logging.WARNING), pytest.raises(cs.NotTheTeacher):
            cs.move(store, code, forged, "training")
    assert cs.find_class(store, code).page == "softmax"
    assert "refused teacher action 'move'" in caplog.text
    assert cs.move(store, code, secret, "softmax", "Step by step", 3).position == ("softmax", "Step by step", 3)
    assert not cs.set_follow(store, code, secret, False).follow


def test_the_flow_of_a_question_two_rounds_and_the_reveal(store, monkeypatch):
    clock = Clock(time.time())  # the class's clock (cs reads time.time()), moved past the flood limit by hand
    monkeypatch.setattr(cs, "time", clock.as_time_module())
    code, secret = cs.start_class(store, "softmax")
    state = cs.open_question(store, code, secret, asked("largest_bar"))
    assert (state.round, state.phase, state.question.key) == (1, Phase.VOTING, "largest_bar")
    a = state.asking
    assert cs.submit_answer(store, code, "s1", a, 1, "Class 1") == cs.Answer.TAKEN
    assert cs.submit_answer(store, code, "s2", a, 1, "Class 0") == cs.Answer.TAKEN
    clock.now += cs.MIN_SECONDS_BETWEEN_ANSWERS
    assert cs.submit_answer(store, code, "s1", a, 1, "Class 2") == cs.Answer.CHANGED  # a change of mind
    tally = cs.tally(store, code, a)
    assert tally.counts == {1: 2} and tally.answers[1] == {"Class 2": 1, "Class 0": 1}, "one answer a student"
    assert cs.my_answer(store, code, "s1", a, 1) == "Class 2"

    cs.show_answers(store, code, secret)
    with pytest.raises(cs.ClassError, match="vote has closed"):
        cs.submit_answer(store, code, "s3", a, 1, "Class 0")
    state = cs.second_round(store, code, secret)
    assert (state.round, state.phase) == (2, Phase.VOTING)
    with pytest.raises(cs.ClassError, match="vote has closed"):  # a phone still showing round 1
        cs.submit_answer(store, code, "s1", a, 1, "Class 0")
    for voter in ("s1", "s2", "s3"):
        cs.submit_answer(store, code, voter, a, 2, "Class 0")
    state = cs.reveal(store, code, secret)
    assert state.phase is Phase.REVEALED
    tally = cs.tally(store, code, a)
    assert tally.counts == {1: 2, 2: 3} and tally.right(state.question, 1) == 1 and tally.right(state.question, 2) == 3

    again = cs.open_question(store, code, secret, asked("uniform_loss"))  # a new question: new answers
    assert again.asking == a + 1 and cs.tally(store, code, again.asking).counts == {}
    assert cs.submit_answer(store, code, "s1", again.asking, 1, "2,3") == cs.Answer.TAKEN
    with pytest.raises(cs.ClassError, match="Type a number"):
        cs.submit_answer(store, code, "s2", again.asking, 1, "two")
    with pytest.raises(cs.ClassError, match="Pick one"):
        cs.open_question(store, code, secret, asked("largest_bar"))
        cs.submit_answer(store, code, "s2", again.asking + 1, 1, "Class 9")


def test_a_flood_from_one_session_is_refused(store):
    code, secret = cs.start_class(store)
    a = cs.open_question(store, code, secret, asked("largest_bar")).asking
    cs.submit_answer(store, code, "flood", a, 1, "Class 0")
    with pytest.raises(cs.ClassError, match="Too many answers too quickly"):
        cs.submit_answer(store, code, "flood", a, 1, "Class 1")
    assert cs.my_answer(store, code, "flood", a, 1) == "Class 0" and cs.tally(store, code, a).counts == {1: 1}


def test_ending_a_class_deletes_its_answers_and_idle_classes_expire(store):
    code, secret = cs.start_class(store)
    idle, _ = cs.start_class(store)
    a = cs.open_question(store, code, secret, asked("largest_bar")).asking
    cs.submit_answer(store, code, "s1", a, 1, "Class 0")
    cs.end_class(store, code, secret)
    with pytest.raises(cs.UnknownClass):
        cs.find_class(store, code)
    with store.begin() as db:
        assert db.execute(sa.select(sa.func.count()).select_from(answers)).scalar_one() == 0
    assert cs.expire_idle(store, now=time.time() + cs.IDLE_SECONDS + 1) == 1
    with pytest.raises(cs.UnknownClass):
        cs.find_class(store, idle)


def test_an_answer_given_survives_the_process_that_took_it(store_url):
    """A replica killed mid-class loses nothing: the answer is committed before the phone hears 'taken'."""
    first = Store(store_url)
    code, secret = cs.start_class(first)
    a = cs.open_question(first, code, secret, asked("largest_bar")).asking
    cs.submit_answer(first, code, "s1", a, 1, "Class 0")
    first.engine.dispose()  # as if its process were gone
    assert cs.tally(Store(store_url), code, a).counts == {1: 1}


def test_every_page_has_questions_and_at_least_eight_in_all():
    assert len(LESSON_QUESTIONS) >= 8
    assert {step.url_path for step in LESSON} == {q.page for q in LESSON_QUESTIONS}
    assert questions_for("softmax")[0].key == "largest_bar"


def test_every_reveal_is_a_valid_link_to_its_page():
    for question in LESSON_QUESTIONS:
        assert set(question.reveal) <= set(LINKS), question.key
        assert read_query(question.reveal, question.reveal, {})[1] == [], question.key
    assert {q.page for q in LESSON_QUESTIONS if q.reveal} >= {"softmax", "sigmoid_vs_softmax", "training", "evaluation"}


def test_the_truths_come_from_the_maths():
    assert asked("largest_bar").correct == "Class 0"
    assert asked("largest_p").value == pytest.approx(np.exp(0.2) / np.exp([0.2, 0.1, -0.1]).sum())
    assert asked("shift_softmax").correct == "They stay exactly the same"
    assert asked("shift_sigmoids").correct == "They all grow"
    assert asked("sigmoid_sum").value == pytest.approx(5.0)
    assert asked("uniform_loss").value == pytest.approx(np.log(10)) and asked("uniform_loss").correct == "2.3026"
    assert asked("otto_uniform").value == pytest.approx(np.log(9))
    assert asked("black_pixel").value == pytest.approx(-0.1307 / 0.3081, abs=1e-4)
    assert asked("first_layer").value == 784 * 512 + 512 and asked("first_layer").correct == "401,920"
    assert asked("pixels").is_right("784") and not asked("pixels").is_right("785")


def test_the_run_questions_read_the_run_and_need_one():
    matrix = np.diag([90] * 10)
    matrix[4, 9], matrix[7, 4], matrix[9, 7] = 3, 5, 9  # 7 and 4 mixed up most: 5 against 3
    assert asked("confused_with_4", matrix).correct == "7"
    assert asked("precision_or_recall", matrix).correct == "Precision"  # 9's FN (9 read as 7) > its FP (4 as 9)
    with pytest.raises(NeedsRun, match="Train a run first"):
        asked("confused_with_4")


def test_lr_ten_is_answered_by_training_the_lecture_network():
    assert asked("lr_ten").correct == "It blows up (inf or nan)"


def test_the_projector_figure_counts_each_round_and_marks_the_truth_once_revealed():
    from explainer.figures.class_votes import votes_figure, votes_summary

    choice = asked("largest_bar")
    hidden = votes_figure(choice, {1: ["Class 1", "Class 0", "Class 1"], 2: ["Class 0"] * 3}, revealed=False)
    assert [list(bar.y) for bar in hidden.data] == [[1, 2, 0], [3, 0, 0]] and "✓" not in "".join(hidden.data[0].x)
    shown = votes_figure(choice, {1: ["Class 1"], 2: ["Class 0"]}, revealed=True)
    assert list(shown.data[0].x) == ["Class 0 ✓", "Class 1", "Class 2"]
    number = asked("uniform_loss")
    guesses = votes_figure(number, {1: ["2.3", "1", "5", "2.31"]}, revealed=True)
    assert sum(guesses.data[0].y) == 4 and sum("✓" in label for label in guesses.data[0].x) == 1
    assert votes_summary(number, {1: ["2.3", "1"]}, True) == "First vote: 2 answers (2.3: 1, 1: 1), 1 right."


def test_a_move_the_phase_table_forbids_is_refused_and_changes_nothing(store):
    code, secret = cs.start_class(store, "softmax")
    with pytest.raises(IllegalMove, match="No question is open"):
        cs.show_answers(store, code, secret)
    a = cs.open_question(store, code, secret, asked("largest_bar")).asking
    cs.show_answers(store, code, secret)
    with pytest.raises(IllegalMove, match="already on the projector"):  # a second teacher screen, a moment late
        cs.show_answers(store, code, secret)
    cs.second_round(store, code, secret)
    cs.reveal(store, code, secret)
    with pytest.raises(IllegalMove, match="second vote already"):
        cs.second_round(store, code, secret)
    with pytest.raises(IllegalMove, match="already revealed"):
        cs.reveal(store, code, secret)
    state = cs.find_class(store, code)
    assert (state.asking, state.round, state.phase) == (a, 2, Phase.REVEALED)
    assert cs.close_question(store, code, secret).phase is Phase.LESSON
