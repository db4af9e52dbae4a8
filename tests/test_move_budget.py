"""What one move of a logit slider costs the server to send, counted, never timed (issue 32's guard): on the softmax
and the sigmoid pages, the new elements and the bytes that come back over the websocket for one slider move, as
bench/student.py (a browser tab as the server sees it) receives them, against a budget recorded from a measurement.
A change that makes a move send more fails here, on any machine, however busy: a count, not a clock. Lower a
budget when a change sends less (the failure message says the new count)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.student import Student, stream_url

# (page, slider) -> (new elements, bytes) one move may send; measured 2026-12-05 (the same on every run): 29 and 20
# elements when one fragment held each page's controls, fewer since a move redraws only what follows the logits. Of
# the softmax page's bytes, 32,269 are the logit lab and 16,662 the numbers table: each rerun sends a browser
# component's JavaScript and CSS again, inline (bytes, not CPU: bench/README.md, issue 32). 2026-12-06: the components'
# data as one JSON text (explainer/ui/components/module.py; its quotes escaped: 0.6-0.9 % more bytes, 0.15 ms less a
# move), the numbers table drawn by the logit lab's component, the step's numbers and note one markdown (softmax), the
# loss side's columns made outside the move's fragment (sigmoid: its three blocks, not counted as elements).
BUDGETS = {
    ("softmax", "softmax:z0"): (9, 52_233),
    ("sigmoid_vs_softmax", "sigmoid_vs_softmax:z1"): (9, 38_664),
}
MARGIN = 1.05  # a budget's slack: a page's numbers print longer or shorter as the move changes them


async def _one_move(ws_url: str, page: str, slider: str) -> tuple[int, int]:
    tab = Student(ws_url, page)
    try:
        await tab.open()
        await tab.rerun([tab.slider(slider, 0.5)])  # the first move warms the page's caches
        elements, sent = tab.received_elements, tab.received_bytes
        await tab.rerun([tab.slider(slider, 1.25)])
        return tab.received_elements - elements, tab.received_bytes - sent
    finally:
        await tab.close()


@pytest.mark.parametrize(("page", "slider"), list(BUDGETS))
def test_a_slider_move_sends_no_more_than_its_budget(app_url, page, slider):
    ws_url = stream_url(app_url)
    with ThreadPoolExecutor(1) as thread:  # its own event loop, beside Playwright's
        elements, sent = thread.submit(asyncio.run, _one_move(ws_url, page, slider)).result()
    most_elements, most_bytes = BUDGETS[page, slider]
    assert elements > 0 and sent > 0, "the move redrew nothing: the count no longer sees the page"
    assert elements <= most_elements and sent <= most_bytes * MARGIN, (
        f"one move sent {elements} elements and {sent:,} bytes; its budget is {most_elements} and {most_bytes:,}"
    )
