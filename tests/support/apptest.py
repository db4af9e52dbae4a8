"""Helpers for AppTest page tests: open a page through the real entry point, read what it shows."""

from __future__ import annotations

import html
import json
import re
import time
import urllib.parse
from collections.abc import Callable

import numpy as np
from streamlit.testing.v1 import AppTest

from deploy.serving import ROOT
from explainer.i18n import use
from explainer.i18n.languages import ENGLISH, language_from_link

HOME = str(ROOT / "explainer" / "Home.py")


def _reads(query: dict[str, str] | None) -> None:
    """The test's thread reads the page's language: AppTest formats widgets' options (format_func) there."""
    use(language_from_link((query or {}).get("lang", "")) or ENGLISH)


def _new_session(query: dict[str, str] | None, timeout: float = 30) -> AppTest:
    """A session of Home.py opened from a link with ``query``, not run yet."""
    _reads(query)
    at = AppTest.from_file(HOME, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at


def _page_script(name: str) -> str:
    return str(ROOT / "pages" / f"{name}.py")


def open_page(name: str, query: dict[str, str] | None = None, timeout: float = 30) -> AppTest:
    """Run Home.py, then switch to pages/<name>.py with the URL query set, as a shared link would."""
    at = _new_session(query, timeout).run()
    at.switch_page(_page_script(name))
    return at.run()


def home(query: dict[str, str] | None = None) -> AppTest:
    """A new session on the landing page, from a link with ``query``."""
    return _new_session(query).run()


def reopened(name: str, query: dict[str, str] | None = None, widgets: dict[str, object] | None = None) -> AppTest:
    """A new session whose first run is on pages/<name>.py: a reload there, or a replica that died under the page
    (unlike :func:`open_page`, the landing page never runs in it); ``widgets``: the values the browser sends back
    for the page's widgets (by key), as it does on reconnecting to a new server session."""
    at = _new_session(query)
    for key, value in (widgets or {}).items():
        at.session_state[key] = value
    at.switch_page(_page_script(name))
    return at.run()


def browser_keeps(monkeypatch, kept: dict[str, str] | None) -> None:
    """What the browser of the sessions opened from now on keeps of its class, as the cookie it sends when it
    connects (class_memory.js writes it; AppTest cannot send cookies, so the app's reading of them is replaced)."""
    from explainer.ui.class_room import memory

    cookies = {} if kept is None else {memory.COOKIE: urllib.parse.quote(json.dumps(kept))}
    monkeypatch.setattr(memory, "browser_cookies", lambda: cookies)


def texts(at: AppTest) -> str:
    """Every sentence the page shows in markdown and in its message boxes."""
    return " ".join(e.value for kind in ("markdown", "success", "error", "info", "warning") for e in at.get(kind))


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}; have {[b.label for b in at.button]}"
    return found[0]


def metric(at: AppTest, label: str) -> str:
    """The value of the metric whose label starts with ``label``."""
    matches = [m.value for m in at.metric if m.label.startswith(label)]
    assert matches, f"no metric {label!r}; have {[m.label for m in at.metric]}"
    return matches[0]


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def run_until(at: AppTest, condition: Callable[[AppTest], bool], timeout: float = 120) -> AppTest:
    """run_every fragments never fire in AppTest: rerun until the condition holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        at.run()
        no_exceptions(at)
        if condition(at):
            return at
        time.sleep(0.3)
    raise AssertionError(f"timed out; page says: {[m.value for m in at.markdown][:8]}")


def run_status(at: AppTest) -> str:
    """The training panel's status line(s): '**Run #n** — finished 3 epochs'."""
    return " ".join(m.value for m in at.markdown if m.value.startswith("**Run #"))


def torch_loss(at: AppTest) -> str:
    r"""torch's loss as the softmax page's loss line ends: ``\text{Loss} &= ... = 0.9729``."""
    formulas = [latex.value for latex in at.latex if r"\text{Loss}" in latex.value]
    assert formulas, f"no loss formula; have {[latex.value[:40] for latex in at.latex]}"
    return re.search(r"\\text\{Loss\}.*?= ([^=\\]+?)\s*\\end\{aligned\}", formulas[0]).group(1)


def announced(at: AppTest, key: str) -> list[str]:
    """The sentences the page posts to the live region under ``key`` (announce()'s hidden sources), unescaped."""
    bodies = [e.proto.body for e in at.get("html") if "announce-source" in e.proto.body]
    return [
        html.unescape(re.search(r'data-text="([^"]*)"', body).group(1))
        for body in bodies
        if f'data-key="{html.escape(key)}"' in body
    ]


def heatmap_spec(at: AppTest, key: str) -> dict:
    """The plotly spec of the confusion heatmap of the panel whose widget keys start with ``key``."""
    for chart in at.get("plotly_chart"):
        if chart.proto.id and f"{key}:heatmap" in chart.proto.id:
            return json.loads(chart.proto.spec)
    raise AssertionError("no confusion heatmap on the page")


def heatmap_cells(at: AppTest, key: str) -> np.ndarray:
    """The heatmap's z values as drawn, a hidden diagonal's None as nan: (K, K)."""
    z = heatmap_spec(at, key)["data"][0]["z"]
    return np.array([[np.nan if v is None else v for v in row] for row in z], dtype=float)


def component_data(at: AppTest, name: str) -> dict:
    """What the page sent to its one st.components.v2 component registered as ``name`` (a packed text unpacked:
    explainer/ui/components/module.py)."""
    found = [element for element in at.get("bidi_component") if element.proto.component_name == name]
    assert len(found) == 1, f"expected one {name}, found {len(found)}"
    data = json.loads(found[0].proto.json)
    return json.loads(data) if isinstance(data, str) else data


def lab_data(at: AppTest) -> dict:
    """What the page sent to its logit lab: logits, target, T, ε, shift, colours, the numbers table (softmax)."""
    found = {element.proto.component_name for element in at.get("bidi_component")}
    return component_data(
        at, "explainer.logit_lab_table" if "explainer.logit_lab_table" in found else "explainer.logit_lab"
    )


def numbers_table(at: AppTest) -> dict[str, list[str]]:
    """The numbers table as shown: quantity (a row) -> its cells, class by class (the classes' labels under
    "class")."""
    data = lab_data(at)["table"]
    return {"class": [column["label"] for column in data["classes"]]} | {
        row["name"]: row["cells"] for row in data["rows"]
    }


def lit_cells(at: AppTest, quantity: str) -> list[bool]:
    """Which of a quantity's cells the worked example's current step lights, class by class."""
    data = lab_data(at)["table"]
    return next(row["lit"] for row in data["rows"] if row["name"] == quantity)
