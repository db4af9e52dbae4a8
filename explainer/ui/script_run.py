"""What every script run needs from the server process: one torch thread, and imports kept out of the GC's walks.

Both were measured on the softmax pages' releases (bench/bench_logit_lab.py), each run a new thread:

- **One torch thread** in every run, whole page (``Home.py``) or :func:`fragment`. OpenMP keeps a
  team of worker threads per calling thread, so a page's first parallel torch op in each run built a
  new team, and on a busy machine its barrier spun until the workers got a core:
  ``sigmoid_vs_softmax`` on 3 logits cost 2.5 ms in the server against 0.1 ms alone, and the sigmoid
  page's release fell from 22 to 9 ms of server CPU with one thread. A page's tensors are small;
  trainings run in their own threads with their own thread count (training/jobs.py).
- **Imports frozen.** The server runs with ``postScriptGC = false`` (a ``gc.collect()`` after every
  run cost 100-200 ms), but Python still runs a full collection now and then on its own, walking
  every object alive: one took 160 ms in the middle of a release. ``gc.freeze()`` moves the objects
  alive now out of the collector's sight. Refcounting still frees them; only cycles among them would
  never be collected, and those are the imports' long-lived modules, classes and functions.
"""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable
from typing import ParamSpec

import streamlit as st

P = ParamSpec("P")


def one_torch_thread() -> None:
    """Torch ops in this run's thread use one thread (no import: pages that need torch import it)."""
    if torch := sys.modules.get("torch"):
        torch.set_num_threads(1)


def fragment(run_every: float | None = None) -> Callable[[Callable[P, None]], Callable[P, None]]:
    """``st.fragment`` whose every rerun (a new thread each time) first sets :func:`one_torch_thread`."""

    def decorate(function: Callable[P, None]) -> Callable[P, None]:
        @functools.wraps(function)  # the fragment's id comes from the function's module and name
        def run(*args: P.args, **kwargs: P.kwargs) -> None:
            one_torch_thread()
            function(*args, **kwargs)

        return st.fragment(run, run_every=run_every)

    return decorate


@st.cache_resource(show_spinner=False)
def _freeze_after_import(module_count: int) -> None:
    # Once per process for each new count of imported modules: a page that first imports torch or plotly.
    gc.collect()
    gc.freeze()


def freeze_imported_objects() -> None:
    """After a run that imported new modules, collect once and freeze what is alive (a few times a process)."""
    _freeze_after_import(len(sys.modules))
