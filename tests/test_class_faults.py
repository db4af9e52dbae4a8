"""A class survives its faults, on the app's pages (AppTest, a real PostgreSQL stopped and started): an answer
counted once under the token the phone's browser keeps (its cookie), whichever server session serves it; a message
that stays until the phone's next action; a tap lost to an outage said so; a join link, a teacher link or a
teacher's reload during an outage that joins by itself once the store is back. (Through HAProxy, replicas killed,
in Chromium: test_class_faults_browser.py.)"""

import pytest

from explainer.class_session import classes as cs
from explainer.class_session.questions import QUESTIONS, Facts
from explainer.store.database import shared_store
from explainer.store.settings import STORE_ENV, sqlite_url
from explainer.ui.class_room.memory import VOTER
from explainer.ui.class_room.session import NOT_COUNTED, UNREACHABLE
from tests.support.apptest import browser_keeps, button, home, no_exceptions, reopened, texts

WAITING = "cannot be reached just now: this page joins it by itself"


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The app's own store (shared_store), on a SQLite file of this test."""
    monkeypatch.setenv(STORE_ENV, sqlite_url(tmp_path))
    return shared_store()


@pytest.fixture
def postgres_store(postgres, monkeypatch):
    """The app's own store on the real PostgreSQL server, which a test may stop (and this fixture starts again)."""
    monkeypatch.setenv(STORE_ENV, postgres.new_database())
    yield shared_store()
    postgres.start_if_stopped()


def phone(code: str):
    """A phone that opened the class's join link."""
    return home({"class": code})


def open_vote(store, code: str, secret: str) -> cs.ClassState:
    cs.set_follow(store, code, secret, False)  # the phones stay on the landing page
    return cs.open_question(store, code, secret, QUESTIONS["largest_bar"].ask(Facts()))


def boxes(at) -> list[str]:
    """The class's message boxes (not the landing page's "You are in class")."""
    shown = [e.value for kind in ("success", "error", "info", "warning") for e in at.get(kind)]
    return [text for text in shown if not text.startswith("You are in class")]


def follow_toggle(at) -> list:
    return [toggle for toggle in at.toggle if toggle.key == "class-follow"]


def test_a_phone_on_a_new_server_session_shows_its_answer_and_changes_it_instead_of_adding_one(store, monkeypatch):
    """A replica died under the phone: the browser opens a connection to the other one, sending the cookie it keeps."""
    code, secret = cs.start_class(store)
    state = open_vote(store, code, secret)
    before = phone(code)
    button(before, "Class 1").click().run()
    assert "Answer taken." in texts(before)
    token = before.session_state[VOTER][1]

    browser_keeps(monkeypatch, {"code": code, "voter": token})
    after = phone(code)  # a new session: nothing of the old one but what the browser sends
    no_exceptions(after)
    assert "Your answer: **Class 1**" in texts(after) and any(b.label == "Class 1 ✓" for b in after.button)
    monkeypatch.setattr(cs, "MIN_SECONDS_BETWEEN_ANSWERS", 0)  # a change of mind at once
    button(after, "Class 0").click().run()
    assert "Answer changed." in texts(after)
    assert cs.tally(store, code, state.asking).raw == {1: ["Class 0"]}, "counted once, as its last answer"


def test_a_projector_on_a_new_server_session_keeps_the_class_at_its_step(store, monkeypatch):
    """The projector's replica died at step 3 of the worked example (or the teacher reloaded): its new session opens
    the page at the class's step, and the phones stay there (it published its own step 1 over the class's)."""
    code, secret = cs.start_class(store, "softmax")
    cs.move(store, code, secret, "softmax", "Step by step", 2)
    student = reopened("softmax", {"class": code})
    assert student.session_state["softmax:step"] == 2
    browser_keeps(monkeypatch, {"code": code, "secret": secret})
    teacher = reopened("softmax")
    no_exceptions(teacher)
    assert teacher.session_state["softmax:step"] == 2 and teacher.session_state["softmax:section"] == "Step by step"
    assert "**Step 3 of 5" in texts(teacher)
    assert cs.find_class(store, code).position == ("softmax", "Step by step", 2)
    student.run()  # the phone's poll
    assert student.session_state["softmax:step"] == 2


def test_a_phone_on_a_new_server_session_follows_a_teacher_whose_section_is_not_said_yet(store):
    """A teacher's new session says where it is before its page has chosen a section (""): a phone back on a new
    session, its browser sending the section it showed, takes the teacher's step and keeps its section (it reran
    its page for ever, the stage empty: the class fault test's 'never showed the question')."""
    code, secret = cs.start_class(store, "softmax")
    cs.move(store, code, secret, "softmax", "", 1)
    student = reopened("softmax", {"class": code}, widgets={"softmax:section": "Step by step"})
    no_exceptions(student)
    assert student.session_state["softmax:step"] == 1 and "**Step 2 of 5" in texts(student)
    student.run()  # the poll: nothing more to redraw
    assert student.session_state["softmax:section"] == "Step by step" and "**Step 2 of 5" in texts(student)


def test_a_browser_that_keeps_another_class_or_a_damaged_cookie_answers_under_a_new_token(store, monkeypatch):
    code, secret = cs.start_class(store)
    state = open_vote(store, code, secret)
    for kept in ({"code": "QQQQQQ", "voter": "another-class-token"}, {"code": code, "voter": "<script>"}):
        browser_keeps(monkeypatch, kept)
        student = phone(code)
        button(student, "Class 2").click().run()
        assert student.session_state[VOTER][1] not in (kept["voter"], "")
    assert cs.tally(store, code, state.asking).counts == {1: 2}


def test_a_message_stays_through_the_polls_until_the_next_vote(store):
    code, secret = cs.start_class(store)
    student = phone(code)
    open_vote(store, code, secret)
    student.run()
    button(student, "Class 2").click().run()
    for _ in range(3):  # the stage's poll
        student.run()
        assert boxes(student) == ["Answer taken."]
    cs.close_question(store, code, secret)
    cs.open_question(store, code, secret, QUESTIONS["largest_bar"].ask(Facts()))
    student.run()
    assert boxes(student) == [], "an answer's message belongs to its vote"


def test_a_tap_as_the_store_dies_says_once_that_it_was_not_counted_until_the_next_tap(postgres, postgres_store):
    store = postgres_store
    code, secret = cs.start_class(store)
    state = open_vote(store, code, secret)
    student = phone(code)
    postgres.stop()
    button(student, "Class 1").click().run()  # the button was drawn before the store went
    no_exceptions(student)
    assert boxes(student) == [NOT_COUNTED], "one box, saying what became of the tap"
    student.run()
    assert boxes(student) == [NOT_COUNTED]
    postgres.start()
    student.run()
    assert boxes(student) == [NOT_COUNTED], "still there when the class is back: tap again"
    assert cs.tally(store, code, state.asking).counts == {}
    button(student, "Class 1").click().run()
    assert boxes(student) == ["Answer taken."] and cs.tally(store, code, state.asking).counts == {1: 1}


def test_the_outage_banner_alone_for_a_phone_that_did_nothing(postgres, postgres_store):
    code, secret = cs.start_class(postgres_store)
    open_vote(postgres_store, code, secret)
    student = phone(code)
    postgres.stop()
    student.run()
    assert boxes(student) == [UNREACHABLE]


def test_a_join_link_opened_during_an_outage_joins_once_the_store_is_back(postgres, postgres_store):
    code, _ = cs.start_class(postgres_store)
    postgres.stop()
    student = home({"class": code})
    no_exceptions(student)
    assert WAITING in texts(student) and student.session_state["class:code"] == code
    student.run()  # the stage's poll, still down
    assert WAITING in texts(student)
    postgres.start()
    student.run()
    no_exceptions(student)
    assert f"You are in class **{code}**" in texts(student) and WAITING not in texts(student)


def test_a_wrong_code_opened_during_an_outage_says_so_once_the_store_is_back(postgres, postgres_store):
    cs.start_class(postgres_store)
    postgres.stop()
    student = home({"class": "QWQWQW"})
    postgres.start()
    student.run()
    assert "No class has the code QWQWQW" in texts(student) and "class:code" not in student.session_state


def test_a_teacher_link_during_an_outage_makes_the_teacher_once_the_store_is_back(postgres, postgres_store, caplog):
    code, secret = cs.start_class(postgres_store)
    postgres.stop()
    teacher = home({"class": code, "teacher": secret})
    forged = home({"class": code, "teacher": secret[:-2] + "xx"})
    assert "teacher" not in teacher.query_params and "class:secret" in teacher.session_state
    assert not follow_toggle(teacher), "no teacher's controls before the store has confirmed the secret"
    postgres.start()
    teacher.run()
    forged.run()
    no_exceptions(teacher)
    assert teacher.toggle(key="class-follow").value is True and "End the class" in [b.label for b in teacher.button]
    assert "not valid for this class" in texts(forged) and "class:secret" not in forged.session_state
    assert "refused a teacher link" in caplog.text


def test_a_projector_reloaded_during_an_outage_takes_its_seat_back_once_the_store_is_back(
    postgres, postgres_store, monkeypatch
):
    code, secret = cs.start_class(postgres_store)
    postgres.stop()
    browser_keeps(monkeypatch, {"code": code, "secret": secret, "voter": "teachers-own-token"})
    teacher = home()  # the projector's reload: its address has no class, its browser keeps the seat
    no_exceptions(teacher)
    assert WAITING in texts(teacher)
    postgres.start()
    teacher.run()
    no_exceptions(teacher)
    assert teacher.session_state["class:secret"] == secret and follow_toggle(teacher)[0].value is True


def test_the_teachers_sidebar_without_the_store_says_its_controls_come_back(postgres, postgres_store):
    code, secret = cs.start_class(postgres_store)
    teacher = home({"class": code, "teacher": secret})
    postgres.stop()
    teacher.switch_page("../pages/sigmoid_vs_softmax.py").run()  # a page change during the outage
    no_exceptions(teacher)
    assert "Its controls come back with the class." in [c.value for c in teacher.sidebar.caption]
    assert not follow_toggle(teacher) and teacher.session_state["class:degraded"]
    postgres.start()
    teacher.run()
    assert teacher.toggle(key="class-follow").value is True and "class:degraded" not in teacher.session_state
