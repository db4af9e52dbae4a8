"""The teacher's side of a class: the sidebar's controls, and the projector's stage (the question, how many answered,
the answers, the truth)."""

from __future__ import annotations

import streamlit as st

from explainer.class_session import classes as cs
from explainer.class_session import room_map
from explainer.class_session.phases import IllegalMove, Phase, allowed
from explainer.class_session.questions import QUESTIONS, Asked, Facts, NeedsRun, questions_for
from explainer.figures.class_votes import ROUND_NAMES, votes_figure, votes_summary
from explainer.i18n import N_, _, ngettext
from explainer.store.database import StoreUnavailable
from explainer.ui.class_room import presence, session
from explainer.ui.class_room.joining import join_link, teacher_join_panel
from explainer.ui.class_room.session import CLOSES_IN, SECRET, code, leave, say, store, teaching
from explainer.ui.class_room.summary import SUMMARY, summary_button
from explainer.ui.shell.accessibility import chart

SECTION_KEY, STEP_KEY = "softmax:section", "softmax:step"  # the softmax page's section and worked-example step

# What the projector draws, spelled once (the benches find it through these names).
# In English, the catalog's keys: translated where they are drawn.
TEACHING = N_("**Class {code}** · you teach")  # the sidebar's class badge
FOLLOW_ME = N_("Students follow me")  # the sidebar's toggle
QUESTION_KEY = "class-question"  # the question box's select
ASK = N_("Ask")  # puts the chosen question to the room
CLOSE_QUESTION = N_("Close the question")
CALL_BACK = N_("Call them back")  # while the room explores: every phone follows the teacher again
ANSWERED = N_("{vote}: **{count}** of {here} answered")  # one vote's count on the projector (vote: a ROUND_NAMES value)
TIMER = "class:vote_seconds"  # the teacher's choice of timer, kept for the next vote (0: closed by hand)
TIMER_KEY = "class-timer"  # its select
TIMER_CHOICES = (0, *cs.VOTE_SECONDS)  # not None: a select reads None as "nothing chosen" and offers to clear it


def position(url_path: str) -> tuple[str, str, int]:
    """Where this session is: the page, and on the softmax page its section and worked-example step."""
    if url_path != "softmax":
        return url_path, "", 0
    return url_path, str(st.session_state.get(SECTION_KEY) or ""), int(st.session_state.get(STEP_KEY, 0))


def publish_position(url_path: str) -> None:
    """In the teacher's session: write where the teacher is to the store when it changed (a page on every full
    run; the worked example calls this on its steps, which rerun only the softmax page's fragment)."""
    if not teaching():
        return
    if session.PUBLISHED not in st.session_state:
        try:
            _resume_where_the_class_is(url_path)
        except (cs.ClassError, StoreUnavailable):
            return  # the stage says so; its next run tries again
    where = position(url_path)
    if st.session_state.get(session.PUBLISHED) == where:
        return
    try:
        cs.move(store(), code(), st.session_state[SECRET], *where)
    except cs.NotTheTeacher:
        st.session_state.pop(SECRET, None)
    except (cs.ClassError, StoreUnavailable):
        return  # the stage says so; the next change tries again
    st.session_state[session.PUBLISHED] = where


def _resume_where_the_class_is(url_path: str) -> None:
    """A teacher's new session (a reloaded projector, one whose replica died, the teacher link on another device)
    opens the class's page at the class's section and step: its own first step, published, sent every phone back
    to step 1."""
    state = cs.find_class(store(), code())
    if state.page == url_path == "softmax":
        take_place(state)
    st.session_state[session.PUBLISHED] = state.position


def take_place(state: cs.ClassState) -> None:
    """This session's softmax page at the class's section (where the teacher's session has said one) and step."""
    if state.section:
        st.session_state[SECTION_KEY] = state.section
    st.session_state[STEP_KEY] = state.step


def teacher_action(action, *args) -> None:
    """A button's callback: the action with this session's secret; a refusal or an outage becomes a message."""
    st.session_state.pop(session.MESSAGE, None)
    try:
        action(store(), code(), st.session_state.get(SECRET), *args)
    except (cs.ClassError, IllegalMove) as error:
        say("error", str(error))
    except StoreUnavailable:
        session.say_unreachable("warning", session.NOT_DONE)


def _run_facts() -> Facts:
    """The teacher's current run as the run questions read it: its latest epoch's confusion matrix on the test
    digits (imports torch: only when such a question opens)."""
    from explainer.maths.metrics import confusion
    from explainer.ui import resources

    record = resources.workbench("training").current
    snapshot = record.snapshot() if record is not None else None
    if snapshot is None or not snapshot.test_predictions:
        return Facts()
    labels = resources.mnist_data(record.data_name).test_labels
    return Facts(confusion(labels, snapshot.test_predictions[-1], 10))


def _facts(question) -> Facts:
    """What the question's truth reads: the teacher's run, the room's map, or the maths alone."""
    if question.about_run:
        return _run_facts()
    if question.about_map:
        return Facts(room_runs=tuple(room_map.room_runs_of(store(), code())))
    return Facts()


def _open(key: str) -> None:
    question = QUESTIONS[key]
    try:
        with st.spinner(_("Working out the answer…")):
            asked = question.ask(_facts(question))
    except NeedsRun as error:
        say("warning", str(error))
        return
    except StoreUnavailable:
        session.say_unreachable("warning", session.NOT_DONE)
        return
    teacher_action(cs.open_question, asked, _vote_seconds())
    st.session_state.pop(session.REVEALED, None)


def teacher_sidebar() -> None:
    """The class in the sidebar: the code, follow me, and the join panel on demand. Without the store, only the
    code, and the stage redraws the rest once the store is back."""
    with st.sidebar, st.container(border=True):
        st.markdown(_(TEACHING).format(code=code()))
        try:
            state = cs.find_class(store(), code())
        except cs.UnknownClass:
            leave()
            st.rerun()
        except StoreUnavailable:
            st.session_state[session.DEGRADED] = True
            st.caption(_("Its controls come back with the class."))
            return
        st.toggle(
            _(FOLLOW_ME),
            value=state.follow,
            key="class-follow",
            on_change=lambda: teacher_action(cs.set_follow, bool(st.session_state["class-follow"])),
            help=_("On: every student's page moves to yours, step by step. Off: the room explores freely."),
        )
        if st.button(_("Show the join code"), icon=":material/qr_code_2:", width="stretch"):
            join_dialog()
        summary_button(_(SUMMARY), icon=":material/summarize:", width="stretch")
        with st.expander(_("Your teacher link (keep it private)")):
            st.caption(_("Opens this class as its teacher on another device. Anyone with it can drive the class."))
            st.code(join_link(code(), teacher=st.session_state[SECRET]), language=None, wrap_lines=True)


def join_dialog() -> None:
    """The join panel over the page, its QR code as large as the projector allows (a dialog made at each opening: its
    title in the reader's language)."""
    st.dialog(_("Join the class"), width="large")(_join_panel)()


def _join_panel() -> None:
    teacher_join_panel(qr_width=420, can_end=False)  # a dialog opens no other: the class ends from the home page


def _vote_seconds() -> float | None:
    """The timer chosen for the next vote (None: the teacher closes it)."""
    return st.session_state.get(TIMER) or None


def _keep_timer() -> None:
    st.session_state[TIMER] = st.session_state[TIMER_KEY]


def _timer_select() -> None:
    """How long the next vote stays open: until the teacher closes it, or one of cs.VOTE_SECONDS (kept for the next
    vote)."""
    st.selectbox(
        _("Vote closes"),
        TIMER_CHOICES,
        index=TIMER_CHOICES.index(chosen) if (chosen := st.session_state.get(TIMER)) in TIMER_CHOICES else 0,
        format_func=lambda seconds: _("after {seconds} s").format(seconds=seconds) if seconds else _("when I close it"),
        key=TIMER_KEY,
        on_change=_keep_timer,
        width=190,
    )


def _question_box(url_path: str) -> None:
    """Between questions: the questions about this page, and Ask."""
    choices = questions_for(url_path)
    if not choices:
        return
    with st.container(horizontal=True, vertical_alignment="bottom"):
        key = st.selectbox(
            _("Ask the room"),
            [q.key for q in choices],
            format_func=lambda k: _(QUESTIONS[k].prompt).replace("**", ""),  # a template, shown unfilled
            key=QUESTION_KEY,
            width=640,
        )
        _timer_select()
        st.button(_(ASK), on_click=_open, args=(key,), type="primary", icon=":material/campaign:")


def _room_line(url_path: str, state: cs.ClassState, now: presence.Room | None) -> None:
    """How many are here (on the home page before the lesson, the lobby's large count), and where while the room
    explores, with the button that calls it back."""
    if url_path == "" and state.question is None:
        count = "?" if now is None else now.here
        here = ngettext(
            '<span class="class-count">{count}</span> student here',
            '<span class="class-count">{count}</span> students here',
            count if isinstance(count, int) else 2,
        )
        st.html(f'<p class="class-lobby">{here.format(count=count)}</p>')
        if now is None:
            st.caption(_(presence.UNKNOWN))
        if state.follow:
            return  # the code is on the page below, the count above: nothing else to say
    line = _("Class **{code}**").format(code=code()) + f" · {presence.here_words(now)}"
    if now is not None and not state.follow and now.here:
        line += " · " + _("where they are: {places}").format(places=presence.places_words(now))
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(line, width="stretch")
        if not state.follow:  # the room explores: one press brings every phone to this page and step
            st.button(_(CALL_BACK), on_click=teacher_action, args=(cs.set_follow, True), icon=":material/undo:")


def teacher_stage(url_path: str, state: cs.ClassState) -> None:
    """The projector: how many are here (and where, while the room explores), the question, how many answered (not
    what) and the time left, then the answers, round 2, the truth."""
    session.show(session.message())
    now = presence.room()
    _room_line(url_path, state, now)
    asked = state.question
    if asked is None:
        _question_box(url_path)
        return
    tally = cs.tally(store(), code(), state.asking)
    st.markdown(f"### {asked.prompt_text()}")
    if asked.choices:
        st.markdown("  ·  ".join(f"**{asked.choice_text(choice)}**" for choice in asked.choices))
    here = "?" if now is None else now.here
    counts = " · ".join(
        _(ANSWERED).format(vote=_(ROUND_NAMES[r]), count=tally.counts.get(r, 0), here=here)
        for r in range(1, state.round + 1)
    )
    left = state.seconds_left()
    status = _("voting open") if state.phase is Phase.VOTING else _("vote closed")
    st.markdown(f"{counts} · {status}" + ("" if left is None else f" · {_(CLOSES_IN).format(seconds=left)}"))
    if state.phase in (Phase.SHOWN, Phase.REVEALED):
        _votes(asked, tally.raw, state.phase is Phase.REVEALED)
    if state.phase is Phase.REVEALED:
        answer = _("**Answer: {answer}.**").format(answer=asked.choice_text(asked.correct))
        st.success(f"{answer} {asked.explanation_text()}", icon=":material/check_circle:")
    with st.container(horizontal=True, vertical_alignment="bottom"):
        for action in allowed(state.phase, state.round):
            if action in _QUESTION_BUTTONS:
                label, move, icon = _QUESTION_BUTTONS[action]
                kind = "primary" if action == "show" else "secondary"
                timed = ()
                if action == "round 2":
                    _timer_select()  # the revote's timer, beside its button
                    timed = (_vote_seconds(),)
                st.button(_(label), on_click=teacher_action, args=(move, *timed), icon=icon, type=kind)


# The teacher's moves on an open question, drawn where the phase table allows them.
_QUESTION_BUTTONS = {
    "show": (N_("Show the answers"), cs.show_answers, None),
    "round 2": (N_("Discuss, then vote again"), cs.second_round, None),
    "reveal": (N_("Reveal the answer"), cs.reveal, ":material/visibility:"),
    "close": (CLOSE_QUESTION, cs.close_question, None),
}


def _votes(asked: Asked, answers: dict[int, list[str]], revealed: bool) -> None:
    summary = votes_summary(asked, answers, revealed)
    chart(
        votes_figure(asked, answers, revealed),
        _("The class's answers"),
        key="class-votes",
        description=summary,
        config={"displayModeBar": False},
    )
    st.caption(summary)
