"""The logit pages' nested fragments, over the websocket as a browser drives them: a move reruns only the innermost
one (what follows the logits), a typed text that changes the example's shape (its class count, so its true class)
redraws the outer one's widgets too, and a move after the section's fragment changed still draws. AppTest runs every
interaction as a whole run, so it cannot see any of it."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.load_students import LOSS, WATCH
from bench.student import Student, stream_url
from explainer.maths import softmax


def _slider_value(tab: Student, key: str) -> float:
    return tab.states[tab.ids[key]].double_array_value.data[0]


async def _type_four_logits(ws_url: str) -> tuple[str, str, float, float]:
    tab = Student(ws_url, "softmax")
    try:
        await tab.open()
        outer = tab.fragment_of[tab.ids["softmax:K"]]
        inner = tab.fragment_of[tab.ids["softmax:z0"]]
        await tab.rerun([tab.text("softmax:logits_text", "1, 2, 3, 4")])
        await tab.wait(lambda: "softmax:z3" in tab.ids, "a fourth logit slider")
        await tab.wait(lambda: not tab.running, "the end of the runs")
        return outer, inner, _slider_value(tab, "softmax:K"), _slider_value(tab, "softmax:z3")
    finally:
        await tab.close()


def test_a_typed_text_with_more_logits_redraws_the_class_count_too(app_url):
    with ThreadPoolExecutor(1) as thread:  # its own event loop, beside Playwright's
        outer, inner, classes, z3 = thread.submit(asyncio.run, _type_four_logits(stream_url(app_url))).result()
    assert outer and inner and outer != inner, "the class count and the logit sliders are no longer in two fragments"
    assert (classes, z3) == (4.0, 4.0), f"after typing four logits: K {classes}, z3 {z3}"


async def _move_after(ws_url: str, change: str) -> tuple[list[str], str | None]:
    tab = Student(ws_url, "softmax", watch=WATCH)
    try:
        await tab.open()
        if change == "guess":  # answered, the guess's question draws one element fewer
            await tab.rerun([WidgetState(id=tab.ids["softmax:guess_raise"], string_value="Down")])
        elif change == "section":  # a section with no frame
            state = WidgetState(id=tab.ids["softmax:section"])
            state.string_array_value.data.append("CrossEntropyLoss")
            await tab.rerun([state])
        else:
            await tab.rerun([tab.press("softmax:step_next")])
        await tab.rerun([tab.slider("softmax:z0", 0.5)], awaited=LOSS)
        return list(tab.errors), tab.metrics.get(LOSS)
    except RuntimeError:
        return list(tab.errors), None
    finally:
        await tab.close()


@pytest.mark.parametrize("change", ["guess", "section", "next"])
def test_a_move_after_the_section_changed_shape_draws_the_new_loss(app_url, change):
    """The fragment that follows the logits is named by where the section's fragment calls it: an answered guess,
    another section or a step must not move it (its next move raised StreamlitInvalidLayoutContextError)."""
    with ThreadPoolExecutor(1) as thread:
        errors, shown = thread.submit(asyncio.run, _move_after(stream_url(app_url), change)).result()
    assert not errors, errors
    assert shown == f"{softmax.analyse([0.5, 0.1, -0.1], 0).loss:.4f}"
