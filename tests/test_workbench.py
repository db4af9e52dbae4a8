"""The per-session workbench: one training at a time, runs kept for comparison, exports that load back."""

import csv
import io
import time

import numpy as np
import pytest

from explainer.training.checkpoint import load_checkpoint
from explainer.training.config import TrainConfig
from explainer.training.jobs import JobStatus, Limiter
from explainer.training.tensors import Tensors
from explainer.training.workbench import (
    Workbench,
    WorkbenchError,
    comparison_rows,
    curve_series,
    history_csv,
    run_view,
    weights_bytes,
)

CONFIG = TrainConfig(epochs=2, batch_size=8, lr=0.5, hidden=(8,), log_every=2)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    return Tensors.from_arrays(x, y, x[:16], y[:16], 2)


@pytest.fixture
def bench():
    workbench = Workbench(Limiter(1))
    yield workbench
    workbench.release()


def wait_for_steps(bench):
    deadline = time.monotonic() + 30
    while bench.current.snapshot().step == 0 and time.monotonic() < deadline:
        time.sleep(0.01)


def finish(bench):
    assert bench.current.job.wait(30)


def test_one_training_at_a_time_and_runs_kept(bench, data):
    bench.start_new(CONFIG.replace(epochs=200), data, "toy")
    with pytest.raises(WorkbenchError, match="still training"):
        bench.start_new(CONFIG, data, "toy")
    wait_for_steps(bench)
    bench.stop()
    assert bench.current.job.status == JobStatus.PAUSED
    bench.resume()
    bench.stop()
    bench.start_new(CONFIG.replace(lr=0.1), data, "toy")
    finish(bench)
    assert [r.number for r in bench.runs] == [1, 2]
    assert [r.job.status for r in bench.runs] == [JobStatus.PAUSED, JobStatus.FINISHED]
    rows = comparison_rows(bench.runs)
    assert rows[1]["epochs"] == "2/2" and rows[1]["lr"] == 0.1
    bench.remove(1)
    assert [r.number for r in bench.runs] == [2]


def test_oldest_runs_are_released_beyond_the_limit(data):
    bench = Workbench(Limiter(1), max_runs=2)
    try:
        for _ in range(3):
            bench.start_new(CONFIG, data, "toy")
            finish(bench)
        assert [r.number for r in bench.runs] == [2, 3]
    finally:
        bench.release()


def test_reset_then_resume_trains_from_scratch(bench, data):
    bench.start_new(CONFIG, data, "toy")
    finish(bench)
    first = bench.current.snapshot().epochs[-1].test_loss
    bench.reset()
    assert bench.current.job.status == JobStatus.IDLE and bench.current.snapshot().step == 0
    bench.resume()
    finish(bench)
    assert bench.current.snapshot().epochs[-1].test_loss == first  # same seed, same run


def test_view_curves_and_exports(bench, data, tmp_path):
    record = bench.start_new(CONFIG, data, "toy")
    finish(bench)
    view = run_view(record, limit=1)
    assert view.status_line == "finished 2 epochs" and view.progress == 1.0
    assert view.log_lines[-1].startswith("Accuracy on test set:")
    assert view.numbers["Epochs done"] == "2/2"
    ((label, color, x, y),) = curve_series([record], "test_accuracy", ("#000000",))
    assert x == [1, 2] and color == "#000000" and label.startswith("#1 sgd lr=0.5")
    rows = list(csv.DictReader(io.StringIO(history_csv(record).decode())))
    assert [row["epoch"] for row in rows] == ["1", "2"] and rows[0]["lr"] == "0.5"
    path = tmp_path / "weights.pt"
    path.write_bytes(weights_bytes(record))
    model, config = load_checkpoint(path, input_size=4, num_classes=2)
    assert config == record.config
