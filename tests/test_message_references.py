"""The server never answers with a reference to a message the browser keeps (Streamlit's forward-message cache).

The browser lists the large messages it keeps in every rerun request and drops those two runs old when a run
finishes; a reference that reaches it after it dropped the message kills the page ("Connection error: Cached
ForwardMsg MISS"). A projector in the class fault test died so, behind its two polls and a page change. With
``global.minCachedMessageSize`` above any message (.streamlit/config.toml), every message is sent whole."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from bench.student import Student, stream_url


async def _references(ws_url: str) -> tuple[int, int]:
    tab = Student(ws_url, "softmax")
    try:
        await tab.open()
        before = tab.received_elements
        await tab.rerun([])  # the same page again: its large elements unchanged (the logit lab is 30 KB)
        return tab.references, tab.received_elements - before
    finally:
        await tab.close()


def test_a_rerun_gets_every_message_whole_not_a_reference_to_one_the_browser_keeps(app_url):
    with ThreadPoolExecutor(1) as thread:  # its own event loop, beside Playwright's
        references, elements = thread.submit(asyncio.run, _references(stream_url(app_url))).result()
    assert elements > 0, "the rerun redrew nothing"
    assert references == 0, f"{references} messages came as references to the browser's cache"
