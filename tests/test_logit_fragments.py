"""The logit pages' two fragments, over the websocket as a browser drives them: a move reruns only the inner one (what
follows the logits), and a typed text that changes the example's shape (its class count, so its true class) redraws
the outer one's widgets too. AppTest runs every interaction as a whole run, so it cannot see either."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from bench.student import Student, stream_url


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
