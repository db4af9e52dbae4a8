"""What the pages share: the data sets, read-only for every session, and each session's own runs.

Read-only things every session shares (the data sets, as tensors too) live in ``st.cache_resource``;
a session's own runs live in its :class:`~explainer.training.workbench.Workbench`.
"""

from __future__ import annotations

import streamlit as st

from explainer.data import mnist
from explainer.training.config import choose_device
from explainer.training.engine import Tensors
from explainer.training.workbench import Workbench


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
