"""What the pages share: the data sets, read-only for every session, and each session's own runs.

Read-only things every session shares (the data sets, as tensors too) live in ``st.cache_resource``;
a session's own runs live in its :class:`~explainer.training.workbench.Workbench`.

A cache's own spinner text is fixed when the cache is made, in one language: the caches show none, and their callers
wrap them in a spinner in the reader's language.
"""

from __future__ import annotations

import streamlit as st

from explainer.data import mnist
from explainer.i18n import N_, _
from explainer.training.config import choose_device
from explainer.training.engine import Tensors
from explainer.training.workbench import Workbench

LOADING_MNIST = N_("Loading MNIST (offline, this falls back to the bundled 5,000 digits)…")
PREPARING_TENSORS = N_("Preparing the digits as normalized tensors…")


@st.cache_resource(show_spinner=False)
def _mnist_data(source: str) -> mnist.MnistData:
    return mnist.load_mnist(source=source)


@st.cache_resource(show_spinner=False)
def _mnist_tensors(source: str) -> Tensors:
    return Tensors.from_mnist(_mnist_data(source), choose_device())


def mnist_data(source: str = "auto") -> mnist.MnistData:
    """The data set, loaded once per server and shared read-only by every session."""
    with st.spinner(_(LOADING_MNIST)):  # shown only after half a second: never for a cache hit
        return _mnist_data(source)


def mnist_tensors(source: str) -> Tensors:
    """ToTensor + Normalize applied once to every digit, on the GPU if there is one; shared read-only."""
    with st.spinner(_(PREPARING_TENSORS)):
        return _mnist_tensors(source)


@st.cache_resource(scope="session", on_release=Workbench.release, show_spinner=False)
def workbench(page: str) -> Workbench:
    """This session's runs on ``page``: never shared between sessions, released when the tab closes."""
    return Workbench()
