"""The class on screen: start or join on the landing page, the teacher's controls and the projector's stage, the
student's phone that follows the teacher and answers, over :mod:`explainer.class_session` and the store. (Over 400
lines because these views share one set of session keys, one poll and one stage fragment; the class's logic is in
explainer/class_session, the votes chart in explainer/figures.)

A session is in at most one class: ``class:code`` in its session state. The teacher's session alone also holds
``class:secret``; nothing else (no link, no code) drives the class. A Streamlit page cannot be pushed to, so the
stage is a fragment that polls the store (one small SELECT), as often as the moment needs
(:func:`_poll_seconds`); the teacher's page changes and steps are written when they happen. When the store cannot be
reached, the page carries on as a solo lesson under a banner and the class resumes by itself.
"""

from __future__ import annotations

import io
import logging
import re
import secrets
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from explainer.class_session import classes as cs
from explainer.class_session.questions import QUESTIONS, Asked, Facts, NeedsRun, questions_for
from explainer.figures.class_votes import ROUND_NAMES, votes_figure, votes_summary
from explainer.lesson import script_path, step_for
from explainer.links import Example, example_from_query
from explainer.store.database import StoreUnavailable, shared_store
from explainer.ui.accessibility import chart

log = logging.getLogger(__name__)

CODE, SECRET, VOTER = "class:code", "class:secret", "class:voter"
MESSAGE = "class:message"  # (kind, text) to show once: a refused action, a closed vote
PUBLISHED = "class:published"  # the position the teacher's session last wrote to the store
REVEALED = "class:revealed"  # the asking whose reveal this session has applied to its page
JOIN_ERROR = "class:join_error"
REFUSED = "class:refused_teacher_link"
# seconds: a following phone sees the teacher's move, the projector a vote's count, this soon. A poll cost the
# server 5.3 ms of CPU (8 phones in Chromium on /mnist_data, 30 s against the same pages outside a class): 80
# phones cost about 0.4 of a core together.
POLL = 1.0
IDLE_POLL = 4.0  # seconds: a student exploring alone notices that the teacher called the room back
POLL_JS = Path(__file__).resolve().parent / "class_poll.js"
MEMORY_JS = Path(__file__).resolve().parent / "class_memory.js"
NUDGE_JS = Path(__file__).resolve().parent / "class_nudge.js"
DRAWN = "class:drawn"  # the position the page's fragment last finished drawing, on a following student's page
NUDGES = "class:nudges"  # how many times the stage asked that fragment to redraw a move within the page
MEMORY_SESSION = "class:memory_session"  # names this server session to class_memory.js
TOKEN = re.compile(r"[A-Za-z0-9_-]{8,64}")  # a secret or an answer token as secrets.token_urlsafe writes them
SECTION_KEY, STEP_KEY = "softmax:section", "softmax:step"  # the softmax page's section and worked-example step
UNREACHABLE = (
    "The class cannot be reached just now: this page works on its own meanwhile, "
    "and rejoins the class by itself when it is back."
)

_CSS = """<style>
.st-key-class-answers button { min-height: 3.5rem; font-size: 1.2rem; white-space: normal; }
.st-key-class-answers button p { font-size: 1.2rem; }
.st-key-class-number input { font-size: 1.4rem; min-height: 3rem; }
.st-key-class-join input { font-size: 1.6rem; letter-spacing: 0.2em; text-transform: uppercase; }
.st-key-class-join input::placeholder { font-size: 1rem; letter-spacing: normal; text-transform: none; }
.class-code { font-size: clamp(2.5rem, 9vw, 5rem); font-weight: 700; letter-spacing: 0.15em; line-height: 1.1; }
@media (max-width: 640px) { .st-key-class-stage { margin-top: 1.5rem; } }  /* clear of the phone's top bar */
</style>"""


def _store():
    return shared_store()


def _voter() -> str:
    """This session's anonymous token: one answer a round, and no name anywhere."""
    if VOTER not in st.session_state:
        st.session_state[VOTER] = secrets.token_urlsafe(12)
    return st.session_state[VOTER]


def code() -> str | None:
    return st.session_state.get(CODE)


def teaching() -> bool:
    return bool(st.session_state.get(SECRET)) and code() is not None


def _say(kind: str, text: str) -> None:
    st.session_state[MESSAGE] = (kind, text)


def _leave() -> None:
    for key in (CODE, SECRET, PUBLISHED, REVEALED, REFUSED):
        st.session_state.pop(key, None)


def join_link(class_code: str, **extra: str) -> str:
    """The link students open: this server's address as the browser sees it, with ``?class=CODE``."""
    url = urlsplit(st.context.url or "http://localhost:8501/")
    return f"{url.scheme}://{url.netloc}/?{urlencode({'class': class_code, **extra})}"


def qr_png(link: str) -> bytes:
    """The link as a QR code, made here (offline); medium error correction still scans from a projector. A PNG:
    st.html strips inline SVG."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()


# --- joining ----------------------------------------------------------------------------------------------------


def _join(text: str) -> bool:
    """Join the class with this code (typed or from a link); a message under the field if it cannot be."""
    try:
        class_code = cs.normalize_code(text)
        cs.find_class(_store(), class_code)
    except cs.ClassError as error:
        st.session_state[JOIN_ERROR] = str(error)
        return False
    except StoreUnavailable:
        st.session_state[JOIN_ERROR] = UNREACHABLE
        return False
    if class_code != code():
        _leave()
        st.session_state[CODE] = class_code
    st.session_state.pop(JOIN_ERROR, None)
    return True


def join_from_link() -> None:
    """On a session's first run: ``?class=CODE`` joins that class; ``&teacher=SECRET`` (the teacher's own link,
    to reopen the class on another device) makes this session the teacher, and leaves the address bar at once.
    A wrong teacher secret is refused, logged, and the session joins as a student."""
    query = st.query_params
    if "class:linked" in st.session_state or "class" not in query:
        return
    st.session_state["class:linked"] = True
    if not _join(query["class"]):
        return
    secret = query.get("teacher")
    if secret is None:
        return
    del query["teacher"]  # never on the projector's address bar
    try:
        teacher = cs.is_teacher(_store(), code(), secret)
    except StoreUnavailable:
        teacher = False
    if teacher:
        st.session_state[SECRET] = secret
    else:
        log.warning("refused a teacher link for class %s: wrong teacher secret", code())
        st.session_state[REFUSED] = True  # said above every page: following the teacher changes the page at once


def _on_join() -> None:
    _join(st.session_state.get("class-join", ""))


def _on_start(page: str) -> None:
    try:
        class_code, secret = cs.start_class(_store(), page)
    except StoreUnavailable:
        _say("error", UNREACHABLE)
        return
    _leave()
    st.session_state[CODE], st.session_state[SECRET] = class_code, secret


def landing_panel() -> None:
    """The landing page's class box: join by code, or start a class; once in one, the code and the QR."""
    st.html(_CSS)
    if code() is None:  # one row, so that the whole lesson still fits a projector's first screen
        with st.container(horizontal=True, vertical_alignment="bottom", gap="medium", key="class-row"):
            st.text_input(
                "Your teacher's class code",
                key="class-join",
                placeholder="Your teacher's class code",
                label_visibility="collapsed",  # the placeholder says it: the whole lesson fits below
                width=320,
                on_change=_on_join,  # Enter joins, like the button
            )
            st.button("Join", type="primary", on_click=_on_join)
            st.button(
                "Start a class",
                on_click=_on_start,
                args=("",),
                icon=":material/groups:",
                help="Teach this lesson to a room: students join with a code or a QR code, follow your page, "
                "and answer your questions.",
            )
        if error := st.session_state.get(JOIN_ERROR):
            st.error(error, icon=":material/error:")
        return
    if teaching():
        teacher_join_panel()
    else:
        st.success(f"You are in class **{code()}**. Your page follows your teacher's.", icon=":material/groups:")
        st.button("Leave the class", on_click=_leave)


def teacher_join_panel(qr_width: int = 320) -> None:
    """The code, the link and the QR code, large enough to join from the back of the room."""
    link = join_link(code())
    words, picture = st.columns([1, 1] if qr_width > 320 else [3, 2], vertical_alignment="center")
    with words:
        # Addresses as code, not links: nobody at the projector follows them, and the copy button is at hand.
        st.markdown(f"Students join at `{link.split('?')[0]}` with the code")
        st.html(f'<div class="class-code" aria-label="Class code {" ".join(code())}">{code()}</div>')
        st.markdown("or scan the QR code, or open")
        st.code(link, language=None, wrap_lines=True)
        st.button("End the class", on_click=_end, icon=":material/logout:")
    with picture:
        st.image(qr_png(link), caption=f"Scan to join class {code()}", width=qr_width, alt=f"QR code of {link}")


def _end() -> None:
    try:
        cs.end_class(_store(), code(), st.session_state.get(SECRET))
    except (cs.ClassError, StoreUnavailable) as error:
        _say("error", str(error) if isinstance(error, cs.ClassError) else UNREACHABLE)
        return
    _leave()
    _say("info", "The class has ended; its answers are deleted.")


# --- the teacher -----------------------------------------------------------------------------------------------


def _position(url_path: str) -> tuple[str, str, int]:
    """Where this session is: the page, and on the softmax page its section and worked-example step."""
    if url_path != "softmax":
        return url_path, "", 0
    return url_path, str(st.session_state.get(SECTION_KEY) or ""), int(st.session_state.get(STEP_KEY, 0))


def publish_position(url_path: str) -> None:
    """In the teacher's session: write where the teacher is to the store when it changed (a page on every full
    run; the worked example calls this on its steps, which rerun only the softmax page's fragment)."""
    if not teaching():
        return
    position = _position(url_path)
    if st.session_state.get(PUBLISHED) == position:
        return
    try:
        cs.move(_store(), code(), st.session_state[SECRET], *position)
    except cs.NotTheTeacher:
        st.session_state.pop(SECRET, None)
    except (cs.ClassError, StoreUnavailable):
        return  # the stage says so; the next change tries again
    st.session_state[PUBLISHED] = position


def _teacher_action(action, *args) -> None:
    """A button's callback: the action with this session's secret; a refusal becomes a message, not a traceback."""
    try:
        action(_store(), code(), st.session_state.get(SECRET), *args)
    except cs.ClassError as error:
        _say("error", str(error))
    except StoreUnavailable:
        _say("error", UNREACHABLE)


def _run_facts() -> Facts:
    """The teacher's current run as the run questions read it: its latest epoch's confusion matrix on the test
    digits (imports torch: only when such a question opens)."""
    from explainer.maths.metrics import confusion
    from explainer.ui import common

    record = common.workbench("training").current
    snapshot = record.snapshot() if record is not None else None
    if snapshot is None or not snapshot.test_predictions:
        return Facts()
    labels = common.mnist_data(record.data_name).test_labels
    return Facts(confusion(labels, snapshot.test_predictions[-1], 10))


def _open(key: str) -> None:
    question = QUESTIONS[key]
    try:
        with st.spinner("Working out the answer…"):
            asked = question.ask(_run_facts() if question.about_run else Facts())
    except NeedsRun as error:
        _say("warning", str(error))
        return
    _teacher_action(cs.open_question, asked)
    st.session_state.pop(REVEALED, None)


def teacher_sidebar(url_path: str) -> None:
    """The class in the sidebar: the code, follow me, and the join panel on demand."""
    with st.sidebar, st.container(border=True):
        st.markdown(f"**Class {code()}** · you teach")
        try:
            state = cs.find_class(_store(), code())
        except cs.UnknownClass:
            _leave()
            st.rerun()
        except StoreUnavailable:
            return
        st.toggle(
            "Students follow me",
            value=state.follow,
            key="class-follow",
            on_change=lambda: _teacher_action(cs.set_follow, bool(st.session_state["class-follow"])),
            help="On: every student's page moves to yours, step by step. Off: the room explores freely.",
        )
        if st.button("Show the join code", icon=":material/qr_code_2:", width="stretch"):
            join_dialog()
        with st.expander("Your teacher link (keep it private)"):
            st.caption("Opens this class as its teacher on another device. Anyone with it can drive the class.")
            st.code(join_link(code(), teacher=st.session_state[SECRET]), language=None, wrap_lines=True)


@st.dialog("Join the class", width="large")
def join_dialog() -> None:
    """The join panel over the page, its QR code as large as the projector allows."""
    teacher_join_panel(qr_width=420)


def _teacher_stage(url_path: str, state: cs.ClassState) -> None:
    """The projector: the question, how many answered (not what), then the answers, round 2, the truth."""
    asked = state.question
    if asked is None:
        choices = questions_for(url_path)
        if not choices:
            return
        with st.container(horizontal=True, vertical_alignment="bottom"):
            key = st.selectbox(
                f"Class **{code()}** · ask the room",
                [q.key for q in choices],
                format_func=lambda k: _plain(QUESTIONS[k].prompt),
                key="class-question",
                width=640,
            )
            st.button("Ask", on_click=_open, args=(key,), type="primary", icon=":material/campaign:")
        return
    tally = cs.tally(_store(), code(), state.asking)
    st.markdown(f"### {asked.prompt}")
    if asked.choices:
        st.markdown("  ·  ".join(f"**{choice}**" for choice in asked.choices))
    counts = " · ".join(f"{ROUND_NAMES[r]}: **{tally.counts.get(r, 0)}** answered" for r in range(1, state.round + 1))
    st.markdown(f"{counts}{' · voting open' if state.voting else ' · vote closed'}")
    if state.shown:
        _votes(asked, tally.raw, state.revealed)
    if state.revealed:
        _truth(asked)
    with st.container(horizontal=True):
        if state.voting:
            st.button("Show the answers", on_click=_teacher_action, args=(cs.show_answers,), type="primary")
        if state.round == 1 and not state.voting:
            st.button("Discuss, then vote again", on_click=_teacher_action, args=(cs.second_round,))
        if not state.revealed:
            st.button("Reveal the answer", on_click=_teacher_action, args=(cs.reveal,), icon=":material/visibility:")
        st.button("Close the question", on_click=_teacher_action, args=(cs.close_question,))


def _plain(markdown: str) -> str:
    return markdown.replace("**", "")


def _votes(asked: Asked, answers: dict[int, list[str]], revealed: bool) -> None:
    summary = votes_summary(asked, answers, revealed)
    chart(
        votes_figure(asked, answers, revealed),
        "The class's answers",
        key="class-votes",
        description=summary,
        config={"displayModeBar": False},
    )
    st.caption(summary)


def _truth(asked: Asked) -> None:
    st.success(f"**Answer: {asked.correct}.** {asked.explanation}", icon=":material/check_circle:")


# --- a student -------------------------------------------------------------------------------------------------


def _answer(state: cs.ClassState, text: str) -> None:
    try:
        outcome = cs.submit_answer(_store(), code(), _voter(), state.asking, state.round, text)
    except cs.ClassError as error:
        _say("warning", str(error))
    except StoreUnavailable:
        _say("error", UNREACHABLE)
    else:
        _say("success", "Answer changed." if outcome == cs.Answer.CHANGED else "Answer taken.")


def _on_choice(state: cs.ClassState, choice: str) -> None:
    _answer(state, choice)


def _on_number(state: cs.ClassState) -> None:
    _answer(state, st.session_state.get("class-number-value", ""))


def _student_stage(state: cs.ClassState) -> None:
    """The phone: the question with large answer buttons while the vote is open, then what the projector says."""
    asked = state.question
    if asked is None:
        return
    st.markdown(f"#### {asked.prompt}")
    mine = cs.my_answer(_store(), code(), _voter(), state.asking, state.round)
    if state.voting:
        round_words = (
            "Vote again after discussing." if state.round == 2 else "One answer; change it until the vote closes."
        )
        st.caption(round_words)
        if asked.kind == "choice":
            with st.container(key="class-answers"):
                for choice in asked.choices:
                    st.button(
                        f"{choice} ✓" if choice == mine else choice,
                        on_click=_on_choice,
                        args=(state, choice),
                        key=f"class-choice-{choice}",
                        type="primary" if choice == mine else "secondary",
                        width="stretch",
                    )
        else:
            with st.form("class-number", border=False, enter_to_submit=True), st.container(key="class-number"):
                st.text_input("Your guess (a number)", key="class-number-value", placeholder="e.g. 0.5")
                st.form_submit_button("Send", on_click=_on_number, args=(state,), type="primary", width="stretch")
        if mine is not None:
            st.markdown(f"Your answer: **{mine}**")
    elif state.revealed:
        given = [cs.my_answer(_store(), code(), _voter(), state.asking, r) for r in (1, 2)]
        last = next((a for a in reversed(given) if a is not None), None)
        verdict = "" if last is None else (" You got it." if asked.is_right(last) else f" You said {last}.")
        st.success(f"**Answer: {asked.correct}.**{verdict} {asked.explanation}", icon=":material/check_circle:")
    else:
        st.info(
            f"The vote is closed{f' (you said **{mine}**)' if mine else ''}: look at the projector.",
            icon=":material/cast_for_education:",
        )


def _follow(url_path: str, state: cs.ClassState) -> str:
    """Move this student's page to the teacher's (a page, a section, a step), while follow me is on.

    A move within a page whose fragment holds a nudge point (:func:`follow_in_fragment`) returns a nudge for the
    poll, which reruns that fragment only (a whole page's rerun for each of 80 students was what a Next cost),
    until the fragment has drawn it; any other move reruns the app. Returns "" when there is nothing to redraw."""
    if not state.follow or not state.page:
        return ""
    moved = state.position != _position(url_path)
    if moved and state.page == "softmax":
        if state.section:
            st.session_state[SECTION_KEY] = state.section
        st.session_state[STEP_KEY] = state.step
    drawn = st.session_state.get(DRAWN)
    if state.page == url_path and drawn is not None and drawn[0] == url_path:  # this page's fragment can redraw
        if drawn == state.position:
            return ""
        st.session_state[NUDGES] = st.session_state.get(NUDGES, 0) + 1
        return str(st.session_state[NUDGES])
    if not moved:
        return ""
    if state.page != url_path:
        st.switch_page(script_path(step_for(state.page)))
    st.rerun(scope="app")


def _open_case(page: str, link: dict[str, str]) -> None:
    """Set ``page``'s state from the link parameters of a reveal, as its own link would: the case that explains.
    Imported here: a student's phone joins the class without the training pages' torch."""
    if page in ("softmax", "sigmoid_vs_softmax"):
        from explainer.ui.logit_controls import set_example

        set_example(page, example_from_query(link, Example(), tuple(link))[0])
    elif page == "training":
        from explainer.training.experiment import Experiment
        from explainer.ui.training import set_experiment_from_link

        set_experiment_from_link(page, link, Experiment())
    elif page == "evaluation":
        from explainer.ui.evaluation import open_link

        open_link(page, link)


def _apply_reveal(url_path: str, state: cs.ClassState) -> None:
    """Once per question revealed: the page's live figure shows the case that explains the answer."""
    asked = state.question
    if not state.revealed or asked is None or st.session_state.get(REVEALED) == state.asking:
        return
    st.session_state[REVEALED] = state.asking
    if asked.reveal:
        _open_case(asked.page, asked.reveal)
        if url_path != asked.page:
            st.switch_page(script_path(step_for(asked.page)))
        st.rerun(scope="app")


# --- on every page ---------------------------------------------------------------------------------------------


def _show_message() -> None:
    if message := st.session_state.pop(MESSAGE, None):
        getattr(st, message[0])(message[1])


_memory = st.components.v2.component("explainer.class_memory", js=MEMORY_JS.read_text(encoding="utf-8"))


def _on_recalled() -> None:
    """What the browser kept: a teacher's reload takes the class back; a phone's reload its answer token."""
    kept = st.session_state["class-memory"]["recalled"]
    if not isinstance(kept, dict) or not isinstance(kept.get("code"), str):
        return
    kept_code, secret, voter = kept["code"], kept.get("secret"), kept.get("voter")
    if code() is None and isinstance(secret, str) and TOKEN.fullmatch(secret):
        try:
            if cs.is_teacher(_store(), kept_code, secret):
                st.session_state[CODE], st.session_state[SECRET] = kept_code, secret
        except StoreUnavailable:
            return
    if code() == kept_code and not teaching() and isinstance(voter, str) and TOKEN.fullmatch(voter):
        st.session_state[VOTER] = voter


def browser_memory() -> None:
    """This browser's class across a reload (class_memory.js): the teacher's secret, or a student's token."""
    if MEMORY_SESSION not in st.session_state:
        st.session_state[MEMORY_SESSION] = secrets.token_urlsafe(8)
    remember = None
    if teaching():
        remember = {"code": code(), "secret": st.session_state[SECRET]}
    elif code() is not None:
        remember = {"code": code(), "voter": _voter()}
    _memory(
        key="class-memory",
        data={"session": st.session_state[MEMORY_SESSION], "remember": remember},
        on_recalled_change=_on_recalled,
        height=0,
    )


def class_bar(url_path: str) -> None:
    """Above every page of a session in a class: the stage (teacher or student), polled from the store."""
    _show_message()
    browser_memory()
    if code() is None:
        return
    if st.session_state.get(REFUSED):
        st.error("This teacher link is not valid for this class: you joined as a student.", icon=":material/block:")
    st.html(_CSS)
    if teaching():
        teacher_sidebar(url_path)
    with st.container(key="class-stage"):
        _stage(url_path)


@st.fragment
def _stage(url_path: str) -> None:
    """The class above the page: one fragment, rerun by its own poll (:func:`_poll_every`) or its buttons."""
    _show_message()
    try:
        if teaching():
            publish_position(url_path)
        state = cs.find_class(_store(), code())
    except cs.UnknownClass:
        _leave()
        st.info("The class has ended. This page goes on as your own lesson.", icon=":material/logout:")
        return
    except StoreUnavailable:
        st.warning(UNREACHABLE, icon=":material/cloud_off:")
        _poll_every(IDLE_POLL)  # and come back when it is back
        return
    nudge = ""
    try:
        if teaching():
            _apply_reveal(url_path, state)
            _teacher_stage(url_path, state)
        else:
            nudge = _follow(url_path, state)
            _apply_reveal(url_path, state)
            _student_stage(state)
    except StoreUnavailable:
        st.warning(UNREACHABLE, icon=":material/cloud_off:")
    _poll_every(_poll_seconds(state), nudge)


def _poll_seconds(state: cs.ClassState) -> float | None:
    """How often this session's stage asks the store: :data:`POLL` for a student following the teacher or in a
    vote, and for the projector counting a vote's answers; :data:`IDLE_POLL` for a student exploring alone;
    never for the teacher otherwise (the teacher's own clicks rerun the stage)."""
    if teaching():
        return POLL if state.voting else None
    return POLL if state.follow or state.question is not None else IDLE_POLL


_poll = st.components.v2.component("explainer.class_poll", js=POLL_JS.read_text(encoding="utf-8"))


def _poll_every(seconds: float | None, nudge: str = "") -> None:
    """Rerun the enclosing fragment every ``seconds`` (None: never) while the page is idle and visible; a new
    ``nudge`` has the page's nudge point rerun its fragment (:func:`_follow`).

    Not ``st.fragment(run_every=...)``: its reruns fired in the middle of a page's run and preempted it (the page's
    half-drawn sliders came back at their minimum), and Streamlit folds a pending page change into a fragment's
    rerun with the fragment's page (a sidebar click was lost). class_poll.js waits for the page to be idle.
    """
    _poll(key="class-poll", data={"every": seconds or 0, "nudge": nudge}, on_tick_change=lambda: None, height=0)


_nudge = st.components.v2.component("explainer.class_nudge", js=NUDGE_JS.read_text(encoding="utf-8"))


def follow_in_fragment(url_path: str) -> None:
    """At the end of a page's fragment that draws the teacher's steps (the softmax page's): on a following
    student's page, note what it has drawn, and give the class's poll a point that reruns just this fragment."""
    if code() is None or teaching():
        return
    st.session_state[DRAWN] = _position(url_path)
    _nudge(key="class-nudge", data={}, on_moved_change=lambda: None, height=0)


def keep_in_url() -> None:
    """After the page wrote its own link parameters: ``class=CODE`` back in the address, so that a reload, or a
    replica that died under the page, brings the student back into the class."""
    if code() is not None and not teaching() and st.query_params.get("class") != code():
        st.query_params["class"] = code()
