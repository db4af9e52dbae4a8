"""A run's live view redraws the whole page once after the run stops, even when it stopped while the page was drawn."""

from streamlit.testing.v1 import AppTest


def page_whose_run_ends_while_it_is_drawn() -> None:
    import numpy as np
    import streamlit as st

    from explainer.training.config import TrainConfig
    from explainer.training.jobs import Limiter
    from explainer.training.tensors import Tensors
    from explainer.training.workbench import Workbench
    from explainer.ui.sections.training import live_run
    from explainer.ui.shell.page_frame import page_header

    st.session_state["full_runs"] = st.session_state.get("full_runs", 0) + 1
    page_header("training", "Press Start.")
    bench = st.session_state.setdefault("bench", Workbench(Limiter(1)))
    if bench.current is None:
        x = np.random.default_rng(0).normal(size=(32, 4)).astype(np.float32)
        y = (x[:, 0] > 0).astype(np.int64)
        record = bench.start_new(
            TrainConfig(epochs=1, batch_size=8, hidden=(4,)), Tensors.from_arrays(x, y, x, y, 2), "tiny"
        )
        assert record.job.wait(30)  # ended after the header: a section drawn here (a run choice) saw it training
    live_run(bench)


def test_a_run_that_ends_while_the_page_is_drawn_gets_the_page_drawn_again():
    app = AppTest.from_function(page_whose_run_ends_while_it_is_drawn).run(timeout=60)
    assert not app.exception
    assert app.session_state["full_runs"] == 2  # the run's end drew the page again, once
    app.session_state["bench"].release()


def test_a_page_drawn_after_its_run_ended_does_not_poll_or_rerun():
    app = AppTest.from_function(page_whose_run_ends_while_it_is_drawn).run(timeout=60)
    app.run(timeout=60)  # a later full run: the run ended before its header
    assert app.session_state["full_runs"] == 3
    app.session_state["bench"].release()
