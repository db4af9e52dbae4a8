"""Background training jobs: status, stop/resume in the thread, the server-wide limit and its queue."""

import gc
import os
import threading
import weakref

import numpy as np
import pytest
import torch

from explainer.store.settings import STORE_ENV, sqlite_url
from explainer.training import jobs
from explainer.training.config import TrainConfig
from explainer.training.engine import Tensors, TrainingRun
from explainer.training.jobs import JobStatus, Limiter, TrainingJob, shared_limiter, threads_per_job
from tests.support.waiting import wait_until


@pytest.fixture(scope="module")
def tiny() -> Tensors:
    """200 examples of 20 features, 4 classes: ~7 ms an epoch with a 16-unit net."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, size=260)
    x = rng.normal(size=(260, 20)) + 2 * np.eye(4, 20)[y]
    return Tensors.from_arrays(x[:200], y[:200], x[200:], y[200:])


LONG = TrainConfig(epochs=100_000, batch_size=16, lr=0.05, hidden=(16,), log_every=5)  # runs until stopped
SHORT = LONG.replace(epochs=30)


@pytest.fixture
def make_job(tiny):
    """Jobs on a private limiter; every job is released (stopped, joined) at teardown."""
    jobs = []

    def make(config=LONG, limiter=None):
        job = TrainingJob(lambda: TrainingRun(config, tiny), limiter=limiter or Limiter(2), threads=1)
        jobs.append(job)
        return job

    yield make
    for job in jobs:
        job.release()


def test_start_stop_resume_finish(make_job, tiny):
    job = make_job(SHORT)
    assert job.status == JobStatus.IDLE and job.snapshot().step == 0
    assert job.start()
    assert not job.start(), "already queued or running"
    wait_until(lambda: job.snapshot().step > 0)
    job.stop()
    paused = job.snapshot().step
    assert job.status == JobStatus.PAUSED and 0 < paused < job.run.total_steps
    assert job.wait(timeout=0), "a paused job does not train: stop() returned after its thread had ended"
    assert job.start()
    assert job.wait(60) and job.status == JobStatus.FINISHED
    assert job.snapshot().finished and not job.start()

    whole = TrainingRun(SHORT, tiny)
    list(whole.events())
    assert all(torch.equal(p, q) for p, q in zip(whole.model.parameters(), job.run.model.parameters(), strict=True))


def test_queue_with_limit_one(make_job):
    limiter = Limiter(1)
    first, second, third = make_job(limiter=limiter), make_job(SHORT, limiter), make_job(limiter=limiter)
    first.start()
    wait_until(lambda: first.status == JobStatus.RUNNING)
    second.start()
    wait_until(lambda: second.queue_position == 1)  # threads queue in the order they reach the store
    third.start()
    # in the store, and known to its job: the row is written before the job learns its ticket
    wait_until(lambda: limiter.waiting == 2 and third.queue_position is not None)
    assert (second.status, third.status) == (JobStatus.QUEUED, JobStatus.QUEUED)
    assert (second.queue_position, third.queue_position, first.queue_position) == (1, 2, None)
    trained = first.snapshot().step
    wait_until(lambda: first.snapshot().step >= trained + 20)  # the slot's holder trains on...
    assert second.status == JobStatus.QUEUED and second.snapshot().step == 0, "...while a queued job does not"

    first.stop()  # frees the slot: the next in line runs, first come first served
    wait_until(lambda: second.status == JobStatus.RUNNING)
    assert third.status == JobStatus.QUEUED and third.queue_position == 1
    assert second.wait(60) and second.status == JobStatus.FINISHED  # finishing frees it too
    wait_until(lambda: third.status == JobStatus.RUNNING)
    assert limiter.running == 1


def test_release_stops_dequeues_and_frees(make_job):
    limiter = Limiter(1)
    running, queued, waiting = make_job(limiter=limiter), make_job(limiter=limiter), make_job(limiter=limiter)
    running.start()
    wait_until(lambda: running.status == JobStatus.RUNNING)
    model = weakref.ref(running.run.model)
    queued.start()
    waiting.start()
    wait_until(lambda: limiter.waiting == 2 and None not in (queued.queue_position, waiting.queue_position))

    queued.release()  # a closed tab while waiting: leaves the queue at once
    assert queued.status == JobStatus.RELEASED and limiter.waiting == 1 and waiting.queue_position == 1
    running.release()  # a closed tab while training: stops, joins, frees its slot
    assert running.status == JobStatus.RELEASED
    wait_until(lambda: waiting.status == JobStatus.RUNNING)
    with pytest.raises(RuntimeError, match="released"):
        running.snapshot()
    assert not running.start()
    gc.collect()
    assert model() is None, "the released job's model is freed"
    running.release()  # twice is fine
    assert sum(t.name == "training-job" for t in threading.enumerate()) == 1, "only the waiting job's thread"


def test_stop_while_queued_returns_to_idle_or_paused(make_job):
    limiter = Limiter(1)
    blocker, job = make_job(limiter=limiter), make_job(limiter=limiter)
    blocker.start()
    wait_until(lambda: blocker.status == JobStatus.RUNNING)  # else the job may queue first and be next while both wait
    job.start()
    wait_until(lambda: job.queue_position == 1)
    job.stop()
    assert job.status == JobStatus.IDLE and limiter.waiting == 0
    blocker.stop()
    job.start()
    wait_until(lambda: job.snapshot().step > 0)
    job.stop()
    blocker.start()
    wait_until(lambda: blocker.status == JobStatus.RUNNING)
    job.start()
    wait_until(lambda: job.queue_position == 1)
    job.stop()
    assert job.status == JobStatus.PAUSED


def test_reset_gives_a_fresh_run(make_job):
    job = make_job()
    job.start()
    wait_until(lambda: job.snapshot().step > 10)
    old = job.run
    job.reset()
    assert job.status == JobStatus.IDLE and job.run is not old and job.snapshot().step == 0
    assert job.start()
    wait_until(lambda: job.snapshot().step > 0)


def test_divergence_and_failure_are_reported(make_job):
    diverging = make_job(SHORT.replace(lr=100.0))
    diverging.start()
    assert diverging.wait(60) and diverging.status == JobStatus.DIVERGED
    assert "too large" in str(diverging.snapshot().divergence)

    failing = make_job()
    failing.run.model.net = torch.nn.Linear(3, 4)  # wrong input width: the first step raises
    failing.start()
    assert failing.wait(60) and failing.status == JobStatus.FAILED
    assert "RuntimeError" in failing.error and "shapes cannot be multiplied" in failing.error
    failing.reset()
    assert failing.status == JobStatus.IDLE and failing.error is None


def test_the_shared_limiter_is_one_per_process_with_a_slot_per_core_by_default(monkeypatch, tmp_path):
    monkeypatch.setattr(jobs, "_shared", None)  # made anew from this test's environment
    monkeypatch.delenv(jobs.MAX_TRAININGS_ENV, raising=False)
    monkeypatch.setenv(STORE_ENV, sqlite_url(tmp_path))
    assert shared_limiter() is shared_limiter()
    assert shared_limiter().limit == os.cpu_count()


def test_each_training_gets_its_share_of_the_cores_and_one_stays_with_the_server():
    cores = os.cpu_count() or 1
    assert threads_per_job(Limiter(1)) == max(1, cores - 1)
    assert threads_per_job(Limiter(10_000)) == 1


def test_a_limit_below_one_slot_is_refused():
    for bad in (0, -1):
        with pytest.raises(ValueError, match="at least 1"):
            Limiter(bad)
