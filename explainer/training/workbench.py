"""One session's training runs on one page: the current run plus earlier ones kept for comparison.

The page keeps a :class:`Workbench` per browser session (``st.cache_resource(scope="session",
on_release=Workbench.release)``), so a closed tab stops its trainings and frees their models, and no
model is ever shared between sessions. Nothing here imports streamlit.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from explainer.i18n import _, ngettext, pgettext
from explainer.maths.outputs import outputs_problem
from explainer.training.config import TrainConfig
from explainer.training.engine import Snapshot, Tensors, TrainingRun
from explainer.training.jobs import JobStatus, Limiter, TrainingJob

ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
MAX_RUNS = 8  # each run keeps its model (~2 MB for the lecture's net); enough to compare a few settings


class WorkbenchError(RuntimeError):
    """An action that does not fit the current state; the message says why."""


@dataclass
class RunRecord:
    """A numbered run of this session: its job (model, history, status) and what it was trained on."""

    number: int  # 1, 2, ... in the order the session started them
    job: TrainingJob
    data_name: str  # which data it trained on, as the page names it (e.g. "auto" or "bundled")

    @property
    def config(self) -> TrainConfig:
        return self.job.run.config

    @property
    def label(self) -> str:
        """Short, for legends: '#2 sgd lr=0.1 m=0.5 b=64'."""
        c = self.config
        momentum = f" m={c.momentum:g}" if c.optimizer == "sgd" else ""
        return f"#{self.number} {c.optimizer} lr={c.lr:g}{momentum} b={c.batch_size}"

    def snapshot(self) -> Snapshot:
        return self.job.snapshot()


class Workbench:
    """The runs of one session on one page, newest last; at most one trains or waits at a time.

    Starting a run while another is queued or running is refused (never a second training, never a
    silent kill); stopping pauses, and a paused run resumes exactly where it stopped.
    """

    def __init__(self, limiter: Limiter | None = None, max_runs: int = MAX_RUNS) -> None:
        self._limiter = limiter
        self._max_runs = max_runs
        self._next_number = 1
        self.runs: list[RunRecord] = []

    @property
    def current(self) -> RunRecord | None:
        return self.runs[-1] if self.runs else None

    @property
    def active(self) -> bool:
        """A run is queued or training: the page should keep polling."""
        return self.current is not None and self.current.job.status in ACTIVE

    def ended_since(self, moment: float) -> bool:
        """The current run stopped training at or after ``moment`` (time.monotonic())."""
        ended = self.current.job.ended_at if self.current is not None else None
        return ended is not None and ended >= moment

    def start_new(
        self, config: TrainConfig, data: Tensors, data_name: str, on_end: Callable[[Snapshot], None] | None = None
    ) -> RunRecord:
        """Create and queue a fresh run; the previous one stays listed for comparison. ``on_end``: see
        :class:`~explainer.training.jobs.TrainingJob`."""
        if self.active:
            raise WorkbenchError(_("A run is still training: stop it before starting another."))
        job = TrainingJob(lambda: TrainingRun(config, data), limiter=self._limiter, on_end=on_end)
        record = RunRecord(self._next_number, job, data_name)
        self._next_number += 1
        self.runs.append(record)
        while len(self.runs) > self._max_runs:  # the oldest goes, with its model
            self.runs.pop(0).job.release()
        job.start()
        return record

    def stop(self) -> None:
        """Pause the current run between two steps; :meth:`resume` continues it."""
        if self.current is not None:
            self.current.job.stop()

    def resume(self) -> None:
        if self.current is None or not self.current.job.start():
            raise WorkbenchError(_("Only a paused run can be resumed."))

    def reset(self) -> None:
        """Throw the current run's progress away: same settings, fresh weights, not started."""
        if self.current is not None:
            self.current.job.reset()

    def remove(self, number: int) -> None:
        """Forget run ``number`` and free its model (stopping it first if it is training)."""
        for record in self.runs:
            if record.number == number:
                record.job.release()
                self.runs.remove(record)
                return

    def find(self, number: int) -> RunRecord | None:
        return next((record for record in self.runs if record.number == number), None)

    def release(self) -> None:
        """Stop every run and free every model: the session is gone."""
        for record in self.runs:
            record.job.release()
        self.runs.clear()


def history_csv(record: RunRecord) -> bytes:
    """One row per epoch: the numbers behind the curves, with the run's settings in every row."""
    snapshot = record.snapshot()
    out = io.StringIO()
    writer = csv.writer(out)
    settings = record.config.to_dict()
    writer.writerow(
        ["run", "epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "seconds", *settings]
    )
    for epoch in snapshot.epochs:
        writer.writerow(
            [
                record.number,
                epoch.epoch,
                epoch.train_loss,
                epoch.train_accuracy,
                epoch.test_loss,
                epoch.test_accuracy,
                epoch.seconds,
                *settings.values(),
            ]
        )
    return out.getvalue().encode()


def weights_bytes(record: RunRecord) -> bytes:
    """The model's state_dict and config as torch.save bytes (load with explainer.training.engine.load_checkpoint)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "weights.pt"
        record.job.run.save(path)
        return path.read_bytes()


def log_every_for(n_train: int, batch_size: int, lecture: int = 300) -> int:
    """The lecture's every-300-batches running loss (3 prints an epoch on full MNIST), finer on small data.

    >>> log_every_for(60_000, 64), log_every_for(4_000, 64)
    (300, 6)
    """
    steps_per_epoch = -(-n_train // batch_size)
    return lecture if steps_per_epoch >= 3 * lecture else max(1, steps_per_epoch // 10)


@dataclass(frozen=True)
class RunView:
    """What the page shows about one run, in words and numbers."""

    status_line: str
    progress: float  # 0..1
    progress_text: str
    alert: str | None  # divergence or failure, explained
    numbers: dict[str, str]  # label -> value, for metrics
    log_lines: list[str]  # the lecture's printout so far


def status_name(status: JobStatus) -> str:
    """A run's status in one word, in the reader's language (for tables and labels)."""
    names = {
        JobStatus.IDLE: pgettext("run status", "idle"),
        JobStatus.QUEUED: pgettext("run status", "queued"),
        JobStatus.RUNNING: pgettext("run status", "running"),
        JobStatus.PAUSED: pgettext("run status", "paused"),
        JobStatus.FINISHED: pgettext("run status", "finished"),
        JobStatus.DIVERGED: pgettext("run status", "diverged"),
        JobStatus.FAILED: pgettext("run status", "failed"),
        JobStatus.RELEASED: pgettext("run status", "released"),
    }
    return names.get(status, str(status.value))


def run_view(record: RunRecord, limit: int | None = None) -> RunView:
    """Describe a run for the page: status, progress, headline numbers, alert and log lines.

    Worded when the page draws it (the reader's language), never in the training thread. The ``numbers``' keys are
    stable English names (the page words them); the log lines are the lecture's printout, in English as it prints.
    """
    job, snapshot, config = record.job, record.snapshot(), record.config
    done = len(snapshot.epochs)
    last = snapshot.epochs[-1] if snapshot.epochs else None
    status = job.status
    if status == JobStatus.QUEUED:
        place = job.queue_position or 1
        if limit:
            line = _(
                "waiting for a free training slot: number {place} in line (this server trains {limit} at a time)"
            ).format(place=place, limit=limit)
        else:
            line = _("waiting for a free training slot: number {place} in line").format(place=place)
    elif status == JobStatus.RUNNING:
        line = _("training epoch {epoch} of {epochs}").format(epoch=min(done + 1, config.epochs), epochs=config.epochs)
    elif status == JobStatus.PAUSED:
        line = _("paused after batch {step:,}: Resume continues exactly here").format(step=snapshot.step)
    elif status == JobStatus.IDLE:
        line = _("fresh weights, not trained yet: press Resume to train")
    elif status == JobStatus.FINISHED:
        line = ngettext("finished {n} epoch", "finished {n} epochs", config.epochs).format(n=config.epochs)
    elif status == JobStatus.DIVERGED:
        line = _("stopped itself: the training diverged")
    else:
        line = status_name(status)
    alert = None
    if snapshot.divergence is not None:
        alert = str(snapshot.divergence)
    elif status == JobStatus.FAILED and job.error:
        alert = _("Training failed: {error}").format(error=job.error.strip().splitlines()[-1])
    seconds = [e.seconds for e in snapshot.epochs]
    if seconds:
        progress_text = _("{step:,} of {total:,} batches · {seconds:.1f} s per epoch").format(
            step=snapshot.step, total=snapshot.total_steps, seconds=sum(seconds) / len(seconds)
        )
    else:
        progress_text = _("{step:,} of {total:,} batches").format(step=snapshot.step, total=snapshot.total_steps)
    lines = [str(event) for event in _in_order(snapshot)]
    return RunView(
        status_line=line,
        progress=min(1.0, snapshot.progress),
        progress_text=progress_text,
        alert=alert,
        numbers={
            "Epochs done": f"{done}/{config.epochs}",
            "Running loss": f"{snapshot.losses[-1].loss:.3f}" if snapshot.losses else "–",
            "Train accuracy": f"{last.train_accuracy:.2%}" if last else "–",
            "Test accuracy": f"{last.test_accuracy:.2%}" if last else "–",
        },
        log_lines=lines,
    )


def _in_order(snapshot: Snapshot) -> list:
    """Loss lines and epoch lines interleaved as the lecture prints them."""
    events = [((log.epoch, 0, log.batch), log) for log in snapshot.losses]
    events += [((epoch.epoch, 1, 0), epoch) for epoch in snapshot.epochs]
    return [event for _where, event in sorted(events, key=lambda pair: pair[0])]


def curve_series(records: list[RunRecord], kind: str, colors: tuple[str, ...]) -> list[tuple]:
    """(label, colour, x in epochs, y) per run; kind is "loss" (running loss) or an EpochResult field."""
    series = []
    for record in records:
        snapshot = record.snapshot()
        steps_per_epoch = snapshot.total_steps / record.config.epochs
        if kind == "loss":
            x = [log.step / steps_per_epoch for log in snapshot.losses]
            y = [log.loss for log in snapshot.losses]
        else:
            x = [epoch.epoch for epoch in snapshot.epochs]
            y = [getattr(epoch, kind) for epoch in snapshot.epochs]
        series.append((record.label, colors[(record.number - 1) % len(colors)], x, y))
    return series


def comparison_rows(records: list[RunRecord]) -> list[dict]:
    """One row per run: settings, progress and results, for a table (keys stable English names, the page words
    them; the status and "none" worded in the reader's language)."""
    rows = []
    for record in records:
        snapshot, c = record.snapshot(), record.config
        last = snapshot.epochs[-1] if snapshot.epochs else None
        seconds = [e.seconds for e in snapshot.epochs]
        rows.append(
            {
                "run": f"#{record.number}",
                "status": status_name(record.job.status),
                "data": record.data_name,
                "optimizer": c.optimizer,
                "lr": c.lr,
                "momentum": c.momentum if c.optimizer == "sgd" else None,
                "batch": c.batch_size,
                "hidden": "-".join(map(str, c.hidden)) or pgettext("hidden layers", "none"),
                "epochs": f"{len(snapshot.epochs)}/{c.epochs}",
                "test accuracy %": round(100 * last.test_accuracy, 2) if last else None,
                "test loss": round(last.test_loss, 4) if last else None,
                "s per epoch": round(sum(seconds) / len(seconds), 2) if seconds else None,
            }
        )
    return rows


def run_problem(snapshot: Snapshot) -> str | None:
    """Why a training run cannot be evaluated yet, or None: it needs one finished epoch and finite outputs."""
    if not snapshot.epochs or snapshot.test_logits is None or not snapshot.test_predictions:
        return _("it has not finished an epoch yet.")
    return outputs_problem(snapshot.test_logits)
