"""The Streamlit pieces every page may need: the page header, the shared data sets, a session's runs.

Read-only things every session shares (the data sets, as tensors too) live in ``st.cache_resource``;
a session's own runs live in its :class:`~explainer.training.workbench.Workbench`.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from explainer.data import mnist
from explainer.lesson import PAGES_DIR, step_for
from explainer.links import Example, softmax_page_logits
from explainer.training.config import choose_device
from explainer.training.engine import Tensors
from explainer.training.workbench import Workbench
from explainer.ui.logit_controls import set_example


def page_header(url_path: str, try_this: str) -> None:
    """Every page opens with its title, from the lesson (as the navigation has it), and one sentence saying what
    to try there (the page's own: it names the page's widgets)."""
    st.title(step_for(url_path).title)
    st.markdown(f"#### {try_this}")


@st.cache_resource(show_spinner="Loading MNIST (offline, this falls back to the bundled 5,000 digits)…")
def mnist_data(source: str = "auto") -> mnist.MnistData:
    """The data set, loaded once per server and shared read-only by every session."""
    return mnist.load_mnist(source=source)


@st.cache_resource(show_spinner="Preparing the digits as normalized tensors…")
def mnist_tensors(source: str) -> Tensors:
    """ToTensor + Normalize applied once to every digit, on the GPU if there is one; shared read-only."""
    return Tensors.from_mnist(mnist_data(source), choose_device())


@st.cache_resource(scope="session", on_release=Workbench.release, show_spinner=False)
def workbench(page: str) -> Workbench:
    """This session's runs on ``page``: never shared between sessions, released when the tab closes."""
    return Workbench()


def open_in_softmax_page(logits: Iterable[float], target: int) -> None:
    """Show a model's real logits for one example on the softmax page (from training, evaluation)."""
    set_example("softmax", Example(softmax_page_logits(logits), target))
    st.switch_page(PAGES_DIR / "softmax.py")
