"""Each person reads the lesson in their language (AppTest): a link's ``lang``, a bad one named, two sessions in two
languages at once (no language of the process), and a class whose phones each read the teacher's question in their
own language while the projector reads the teacher's."""

from __future__ import annotations

import pytest

from explainer.class_session import classes as cs
from explainer.class_session.questions import QUESTIONS, Facts
from explainer.i18n import use
from explainer.i18n.catalog import translations
from explainer.i18n.languages import CHINESE, ENGLISH
from explainer.store.database import shared_store
from explainer.store.settings import STORE_ENV, sqlite_url
from tests.support.apptest import button, home, no_exceptions, texts

TITLE = "The softmax classifier, live"
chinese = translations(CHINESE).gettext


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(STORE_ENV, sqlite_url(tmp_path))
    return shared_store()


def test_a_link_opens_the_lesson_in_chinese_navigation_included():
    at = home({"lang": CHINESE})
    no_exceptions(at)
    assert at.title[0].value == chinese(TITLE) != TITLE
    links = [link.proto.label for link in at.get("page_link")]
    assert any(chinese("Softmax and cross-entropy") in label for label in links), links
    assert at.query_params["lang"] == CHINESE


def test_two_sessions_read_two_languages_at_once():
    english, zh = home(), home({"lang": CHINESE})
    english.run()  # after the Chinese session ran in the same process
    assert english.title[0].value == TITLE and zh.run().title[0].value == chinese(TITLE)
    assert "lang" not in english.query_params  # English in an English browser: the address stays short


def test_a_bad_language_in_a_link_is_named_and_the_page_stays_readable():
    at = home({"lang": "klingon"})
    no_exceptions(at)
    assert at.title[0].value == TITLE
    assert any("'lang'" in warning.value for warning in at.warning), [w.value for w in at.warning]


def test_each_phone_reads_the_question_in_its_own_language_and_its_answer_counts_the_same(store):
    code, secret = cs.start_class(store)
    teacher = home({"class": code, "teacher": secret})
    phone_zh, phone_en = home({"class": code, "lang": CHINESE}), home({"class": code})
    cs.set_follow(store, code, secret, False)
    asked = QUESTIONS["largest_bar"].ask(Facts())
    state = cs.open_question(store, code, secret, asked)
    for at in (teacher, phone_zh, phone_en):
        at.run()
        no_exceptions(at)
    use(CHINESE)
    prompt_zh, choice_zh = asked.prompt_text(), asked.choice_text(asked.choices[1])
    use(ENGLISH)
    prompt_en = asked.prompt_text()
    assert prompt_zh != prompt_en
    assert prompt_en.replace("**", "") in texts(teacher).replace("**", "")
    assert prompt_zh.replace("**", "") in texts(phone_zh).replace("**", "")
    assert prompt_en.replace("**", "") in texts(phone_en).replace("**", "")
    button(phone_zh, choice_zh).click().run()
    button(phone_en, asked.choice_text(asked.choices[1])).click().run()
    assert cs.tally(store, code, state.asking).counts == {1: 2}  # the same answer, whatever the language


def test_a_teachers_join_link_carries_the_teachers_language(store):
    teacher = home({"lang": CHINESE})
    button(teacher, chinese("Start a class")).click().run()
    code = teacher.session_state["class:code"]
    assert [c.value for c in teacher.code if c.value.endswith(f"/?class={code}&lang={CHINESE}")]
