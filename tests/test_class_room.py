"""The class on the app's pages (AppTest, the store a real SQLite file or PostgreSQL): start and join, a wrong code,
a forged teacher link, following the teacher, answering on a phone, the projector's count, and a store that
stops answering mid-class."""

import time

import numpy as np
import pytest
import streamlit as st

from explainer.class_session import classes as cs
from explainer.class_session.questions import QUESTIONS, Facts
from explainer.lesson import step_for
from explainer.store.database import presence as presence_table
from explainer.store.database import shared_store
from explainer.store.settings import STORE_ENV, sqlite_url
from tests.support.apptest import (
    button,
    component_data,
    heatmap_cells,
    home,
    no_exceptions,
    run_status,
    run_until,
    texts,
)
from tests.support.waiting import Clock


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The app's own store (shared_store), on a SQLite file of this test."""
    monkeypatch.setenv(STORE_ENV, sqlite_url(tmp_path))
    return shared_store()


def test_a_teacher_starts_a_class_and_gets_a_code_a_link_and_a_qr_code(store):
    at = home()
    button(at, "Start a class").click().run()
    no_exceptions(at)
    code = at.session_state["class:code"]
    assert cs.find_class(store, code).code == code
    assert any(code in e.value for e in at.get("html"))  # the big code
    assert [c.value for c in at.code if c.value.endswith(f"/?class={code}")]  # the link, with its copy button
    assert len(at.get("image")) == 1  # the QR code, made offline
    assert at.toggle(key="class-follow").value is True


def test_a_student_joins_by_typed_code_and_a_wrong_code_gets_a_message_and_the_field(store):
    code, _ = cs.start_class(store)
    at = home()
    at.text_input(key="class-join").input("QWERTZ" if code != "QWERTZ" else "ASDFGH")
    at.button[0].click().run()  # the form's Join
    assert "No class has the code" in texts(at) and at.text_input(key="class-join") is not None
    at.text_input(key="class-join").input("12")
    at.button[0].click().run()
    assert "6 letters" in texts(at)
    at.text_input(key="class-join").input(code.lower())
    at.button[0].click().run()
    no_exceptions(at)
    assert at.session_state["class:code"] == code and f"You are in class **{code}**" in texts(at)


def test_a_link_joins_and_an_expired_one_says_so(store):
    code, _ = cs.start_class(store)
    assert home({"class": code}).session_state["class:code"] == code
    at = home({"class": "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY"})
    assert "No class has the code" in texts(at) and "class:code" not in at.session_state


def test_a_forged_teacher_link_is_refused_and_the_real_one_reopens_the_class(store, caplog):
    code, secret = cs.start_class(store)
    for forged in (code, secret[:-2] + "xx"):
        at = home({"class": code, "teacher": forged})
        no_exceptions(at)
        assert "not valid for this class" in texts(at) and "class:secret" not in at.session_state
        assert "teacher" not in at.query_params
    assert "refused a teacher link" in caplog.text
    at = home({"class": code, "teacher": secret})
    assert at.session_state["class:secret"] == secret and "teacher" not in at.query_params


def test_students_follow_the_teacher_to_a_page_and_a_step(store):
    code, secret = cs.start_class(store)
    student = home({"class": code})
    cs.move(store, code, secret, "softmax", "Step by step", 2)
    student.run()  # the poll
    no_exceptions(student)
    assert student.title[0].value == "Softmax and cross-entropy"
    assert student.session_state["softmax:step"] == 2 and student.session_state["softmax:section"] == "Step by step"
    cs.set_follow(store, code, secret, False)
    cs.move(store, code, secret, "mnist_data")
    student.run()
    assert student.title[0].value == "Softmax and cross-entropy", "released: the student explores freely"


def test_a_move_within_the_page_reruns_its_fragment_not_the_whole_page(store):
    """The stage hands a step on the student's page to the class poll as a nudge (class_poll.js reruns the page's
    fragment with it: a Next cost 80 whole-page reruns), and stops once the fragment has drawn the step."""
    code, secret = cs.start_class(store)
    student = home({"class": code})
    cs.move(store, code, secret, "softmax", "Step by step", 1)
    student.run()  # another page: the whole app reruns on the teacher's page
    assert student.title[0].value == step_for("softmax").title
    assert component_data(student, "explainer.class_poll")["nudge"] == ""
    cs.move(store, code, secret, "softmax", "Step by step", 2)
    student.run()  # the poll (AppTest reruns the whole script: the fragment draws the step in the same run)
    no_exceptions(student)
    assert component_data(student, "explainer.class_poll")["nudge"] == "1"
    assert student.session_state["softmax:step"] == 2
    student.run()
    assert component_data(student, "explainer.class_poll")["nudge"] == "", "drawn: nothing more to ask"


def test_a_phone_answers_once_and_the_projector_counts_without_showing_what(store):
    code, secret = cs.start_class(store)
    teacher = home({"class": code, "teacher": secret})
    student = home({"class": code})
    cs.set_follow(store, code, secret, False)
    state = cs.open_question(store, code, secret, QUESTIONS["largest_bar"].ask(Facts()))
    student.run()
    button(student, "Class 1").click().run()
    no_exceptions(student)
    assert "Answer taken" in texts(student) and cs.tally(store, code, state.asking).counts == {1: 1}
    teacher.run()
    assert "First vote: **1** of 1 answered" in texts(teacher) and not teacher.get("plotly_chart"), "a count, not what"
    button(teacher, "Show the answers").click().run()
    assert len(teacher.get("plotly_chart")) == 1
    button(student, "Class 0").click().run()  # the phone still shows the question it was given
    assert "vote has closed" in texts(student) and cs.tally(store, code, state.asking).counts == {1: 1}


def test_the_store_stopping_mid_class_leaves_a_solo_lesson_under_a_banner_then_the_class_resumes(postgres, monkeypatch):
    monkeypatch.setenv(STORE_ENV, postgres.new_database())
    store = shared_store()
    code, secret = cs.start_class(store)
    student = home({"class": code})
    cs.set_follow(store, code, secret, False)
    postgres.stop()
    try:
        student.run()
        no_exceptions(student)
        assert "cannot be reached just now" in texts(student)
        student.switch_page("../pages/sigmoid_vs_softmax.py").run()  # a page works alone meanwhile
        no_exceptions(student)
        assert student.title[0].value == "Why not ten sigmoids?"
    finally:
        postgres.start()
    cs.open_question(store, code, secret, QUESTIONS["shift_softmax"].ask(Facts()))
    student.run()
    no_exceptions(student)
    assert "cannot be reached" not in texts(student) and any(b.label == "They all grow" for b in student.button)


def test_the_reveal_turns_the_projector_figure_to_the_case_that_explains_it(store):
    from tests.support.apptest import lab_data

    code, secret = cs.start_class(store)
    teacher = home({"class": code, "teacher": secret})
    teacher.switch_page("../pages/softmax.py").run()
    teacher.slider(key="softmax:z0").set_value(-3.0).run()
    assert lab_data(teacher)["logits"][0] == -3.0
    cs.open_question(store, code, secret, QUESTIONS["shift_softmax"].ask(Facts()))  # about the other page
    cs.reveal(store, code, secret)
    teacher.run()
    no_exceptions(teacher)
    assert teacher.title[0].value == "Why not ten sigmoids?"
    assert lab_data(teacher)["logits"] == [2.0, 1.0, 0.0] and lab_data(teacher)["shift"] == 5.0
    assert "Answer: They stay exactly the same." in texts(teacher)


def test_a_question_about_the_teachers_run_is_asked_from_the_page_and_its_reveal_opens_the_matrix_there(store):
    """Through the teacher's own clicks: a run trained on the Training page, the question asked from the Evaluation
    page's box, its truth read from that run, and the reveal turning the matrix to class 4, diagonal hidden."""
    code, secret = cs.start_class(store)
    teacher = home({"class": code, "teacher": secret})
    try:
        teacher.switch_page("../pages/training.py").run()
        teacher.selectbox(key="training:data").set_value("bundled").run()
        teacher.number_input(key="training:epochs").set_value(1).run()
        teacher.button(key="training:start").click().run()
        run_until(teacher, lambda at: "finished" in run_status(at))
        teacher.switch_page("../pages/evaluation.py").run()
        teacher.selectbox(key="class-question").set_value("confused_with_4").run()
        button(teacher, "Ask").click().run()
        no_exceptions(teacher)
        asked = cs.find_class(store, code).question
        assert asked.key == "confused_with_4"
        counts = heatmap_cells(teacher, "evaluation")  # the matrix the page shows, from the same run
        both_ways = counts[4] + counts[:, 4]
        both_ways[4] = -1
        assert asked.correct == str(int(both_ways.argmax()))
        button(teacher, "Reveal the answer").click().run()
        teacher.run()
        no_exceptions(teacher)
        assert teacher.selectbox(key="evaluation:class").value == 4
        assert (
            teacher.toggle(key="evaluation:hide_diagonal").value
            and np.isnan(np.diag(heatmap_cells(teacher, "evaluation"))).all()
        )
        assert f"Answer: {asked.correct}." in texts(teacher)
    finally:
        st.cache_resource.clear()  # stops and joins the run's thread


def test_the_lr_ten_reveal_prepares_the_run_on_the_training_page_without_starting_it(store):
    code, secret = cs.start_class(store)
    teacher = home({"class": code, "teacher": secret})
    cs.open_question(store, code, secret, QUESTIONS["lr_ten"].ask(Facts()))
    cs.reveal(store, code, secret)
    teacher.run()
    no_exceptions(teacher)
    assert teacher.title[0].value == step_for("training").title
    assert teacher.select_slider(key="training:lr").value == 10.0
    assert not teacher.button(key="training:start").disabled and not run_status(teacher)  # the teacher presses Start


def test_the_projector_counts_the_phones_here_and_where_they_are(store):
    code, secret = cs.start_class(store, "softmax")
    teacher = home({"class": code, "teacher": secret})
    teacher.switch_page("../pages/softmax.py").run()
    assert "**0** students here" in texts(teacher), "no phone yet"
    phones = [home({"class": code}) for _ in range(3)]
    phones[0].run()  # its next poll: still one phone
    teacher.run()
    assert "**3** students here" in texts(teacher)
    cs.set_follow(store, code, secret, False)
    phones[1].switch_page("../pages/training.py").run()
    for phone in phones[::2]:  # their polls: released, each tells where it is (following, it told every 15 s)
        phone.run()
    teacher.run()
    assert "where they are: Softmax and cross-entropy **2** · Training the network **1**" in texts(teacher)
    with store.begin() as db:  # one phone's tab closed half a minute ago: its polls stopped
        db.execute(presence_table.update().where(presence_table.c.page == "training").values(seen=0.0))
    teacher.run()
    assert "**2** students here" in texts(teacher)
    button(teacher, "Call them back").click().run()
    assert cs.find_class(store, code).follow and teacher.toggle(key="class-follow").value
    phones[1].run()  # its poll: back on the teacher's page
    assert phones[1].title[0].value == step_for("softmax").title


def test_the_lobby_counts_the_room_and_a_timed_vote_closes_itself_on_the_projector_and_the_phones(store, monkeypatch):
    clock = Clock(time.time())
    monkeypatch.setattr(cs, "time", clock.as_time_module())
    code, secret = cs.start_class(store)
    teacher = home({"class": code, "teacher": secret})
    lobby = [e.value for e in teacher.get("html") if "class-lobby" in e.value]
    assert lobby and '<span class="class-count">0</span> students here' in lobby[0]
    phones = [home({"class": code}) for _ in range(2)]
    teacher.run()
    assert '<span class="class-count">2</span> students here' in " ".join(e.value for e in teacher.get("html"))
    assert "**2** students here" in [m.value for m in teacher.sidebar.markdown], "the sidebar counts them too"
    teacher.switch_page("../pages/softmax.py").run()
    teacher.session_state["class:vote_seconds"] = None  # what a cleared select leaves (a client that sent no choice)
    teacher.run()
    no_exceptions(teacher)
    assert teacher.selectbox(key="class-timer").value == 0, "closed by hand, not an error on the projector"
    teacher.selectbox(key="class-timer").set_value(30).run()
    button(teacher, "Ask").click().run()
    no_exceptions(teacher)
    assert cs.find_class(store, code).seconds_left() == 30
    assert "closes in **30 s**" in texts(teacher) and not teacher.get("plotly_chart")
    phones[0].run()
    button(phones[0], "Class 1").click().run()
    clock.now += 12
    phones[1].run()
    assert "The vote closes in **18 s**." in texts(phones[1])
    clock.now += 18
    teacher.run()
    phones[1].run()
    assert "First vote: **1** of 2 answered · vote closed" in texts(teacher)
    assert len(teacher.get("plotly_chart")) == 1, "the time is up: the answers are on the projector"
    assert "The vote is closed" in texts(phones[1])
    assert teacher.selectbox(key="class-timer").value == 30, "the revote's timer, as chosen for the first"
    button(teacher, "Discuss, then vote again").click().run()
    assert cs.find_class(store, code).seconds_left() == 30


def test_the_summary_and_the_end_of_a_class_ask_first_and_offer_the_downloads(store):
    code, secret = cs.start_class(store)
    teacher = home({"class": code, "teacher": secret})
    button(teacher, "End the class").click().run()
    no_exceptions(teacher)
    assert "No question was asked yet" in texts(teacher) and "Download the summary first" in texts(teacher)
    button(teacher, "Keep teaching").click().run()
    assert cs.find_class(store, code).code == code, "not ended: the teacher kept teaching"
    state = cs.open_question(store, code, secret, QUESTIONS["largest_bar"].ask(Facts()))
    cs.submit_answer(store, code, "a", state.asking, 1, state.question.correct)
    button(teacher, "Class summary").click().run()
    no_exceptions(teacher)
    assert len(teacher.get("plotly_chart")) == 1 and "Q1: first vote 1 of 1 right" in " ".join(
        e.value for e in teacher.get("html")
    )
    assert {b.label for b in teacher.get("download_button")} == {
        "Download the summary (CSV)",
        "Printable summary (HTML)",
    }
    button(teacher, "End the class").click().run()
    button(teacher, "End the class and delete its answers").click().run()
    no_exceptions(teacher)
    assert "The class has ended; its answers are deleted." in texts(teacher)
    with pytest.raises(cs.UnknownClass):
        cs.find_class(store, code)
