"""A class maps the landscape together, in the store (SQLite and a real PostgreSQL): cells handed out least-first and
spread over every learning rate, one phone's cell kept, no cell handed twice while others are free (two processes
at once included), a run kept once however often it is sent, the map deleted with the class; the map questions'
truths read off the room's runs; a run's end reported by the training thread."""

import multiprocessing
import time

import pytest
import torch

from explainer.class_session import classes as cs
from explainer.class_session import room_map
from explainer.class_session.questions import QUESTIONS, Facts, NeedsRun
from explainer.class_session.room_map import Grid, RoomRun
from explainer.store.database import Store, room_cells, room_runs
from explainer.training.config import TrainConfig
from explainer.training.engine import Tensors
from explainer.training.jobs import JobStatus, Limiter
from explainer.training.workbench import Workbench

LRS = (0.001, 0.01, 0.1, 1.0)
MOMENTA = (0.0, 0.5, 0.9)
GRID = Grid(tuple((lr, m) for m in MOMENTA for lr in LRS), {"epochs": "5", "batch": "64"})


def run(lr: float, momentum: float, accuracy: float | None = 0.9, diverged: bool = False, optimizer="sgd") -> RoomRun:
    return RoomRun(lr, momentum, optimizer, 64, "512-256-128-64", 5, diverged, None if diverged else accuracy)


def test_the_first_phones_cover_every_learning_rate_and_no_cell_is_handed_twice_while_one_is_free(store):
    code, secret = cs.start_class(store, "explore")
    assert room_map.claim_cell(store, code, "p0") is None, "no cells before Map it together"
    room_map.start_map(store, code, secret, GRID)
    assert cs.find_class(store, code).mapping
    cells = [room_map.claim_cell(store, code, f"p{i}") for i in range(len(GRID.cells))]
    assert sorted(cell.index for cell in cells) == list(range(len(GRID.cells))), "each cell once"
    assert {cell.lr for cell in cells[: len(LRS)]} == set(LRS), "the first phones: one per learning rate"
    assert {cell.momentum for cell in cells[: len(MOMENTA)]} == set(MOMENTA), "...on a diagonal of momenta"
    assert room_map.claim_cell(store, code, "p3") == cells[3], "a phone keeps its cell"
    assert cells[0].link() == {"epochs": "5", "batch": "64", "lr": "0.001", "momentum": "0", "optimizer": "sgd"}
    extra = room_map.claim_cell(store, code, "p-late")
    assert extra.index == cells[0].index, "a full grid: the next phone gets the cell handed out first, again"
    again = room_map.claim_cell(store, code, "p0", another=True)
    assert again.index != cells[0].index, "another cell is one this phone has not had"


def test_only_the_teacher_maps_and_stopping_keeps_the_runs(store):
    code, secret = cs.start_class(store, "explore")
    with pytest.raises(cs.NotTheTeacher):
        room_map.start_map(store, code, "forged", GRID)
    room_map.start_map(store, code, secret, GRID)
    room_map.record_run(store, code, "r1", "p1", run(0.1, 0.5))
    room_map.stop_map(store, code, secret)
    assert not cs.find_class(store, code).mapping
    assert room_map.claim_cell(store, code, "p1") is None
    assert room_map.room_runs_of(store, code) == [run(0.1, 0.5)]


def test_a_run_sent_twice_is_kept_once_and_the_map_goes_with_the_class(store):
    code, secret = cs.start_class(store, "explore")
    room_map.start_map(store, code, secret, GRID)
    room_map.claim_cell(store, code, "p1")
    room_map.record_run(store, code, "r1", "p1", run(0.1, 0.5, 0.8))
    room_map.record_run(store, code, "r1", "p1", run(0.1, 0.5, 0.8))  # a retry after an outage, another replica
    room_map.record_run(store, code, "r2", "p1", run(1.0, 0.9, diverged=True))
    room_map.record_run(store, code, "r3", "p2", run(0.01, 0.0, 0.95, optimizer="adam"))
    assert room_map.room_runs_of(store, code) == [run(0.1, 0.5, 0.8), run(1.0, 0.9, diverged=True),
                                                  run(0.01, 0.0, 0.95, optimizer="adam")]  # fmt: skip
    assert room_map.runners(store, code) == 2
    cs.end_class(store, code, secret)
    with store.begin() as db:
        assert db.execute(room_runs.select()).all() == [] and db.execute(room_cells.select()).all() == []
    with pytest.raises(cs.ClassError, match="has ended"):
        room_map.record_run(store, code, "r4", "p1", run(0.1, 0.5))


def _claim_many(url: str, code: str, first: int, count: int, queue) -> None:
    store = Store(url)
    queue.put([room_map.claim_cell(store, code, f"p{first + i}").index for i in range(count)])


def test_two_processes_handing_out_cells_at_once_hand_each_cell_once(store_url):
    store = Store(store_url)
    code, secret = cs.start_class(store, "explore")
    room_map.start_map(store, code, secret, GRID)
    half = len(GRID.cells) // 2
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_claim_many, args=(store_url, code, k * half, half, queue)) for k in (0, 1)]
    for worker in workers:
        worker.start()
    handed = queue.get(timeout=120) + queue.get(timeout=120)
    for worker in workers:
        worker.join(30)
    assert sorted(handed) == list(range(len(GRID.cells)))


def test_the_map_questions_read_the_room_runs():
    runs = (run(0.01, 0.0, 0.5), run(0.01, 0.9, 0.93), run(0.1, 0.0, 0.9), run(0.1, 0.9, 0.6), run(0.1, 0.5, 0.95),
            run(1.0, 0.9, diverged=True), run(1.0, 0.0, 0.8), run(3.0, 0.0, diverged=True),
            run(0.001, 0.5, 0.99, optimizer="adam"))  # fmt: skip
    diverged = QUESTIONS["map_diverged_from"].ask(Facts(room_runs=runs))
    assert diverged.correct == "1" and diverged.mark == (1.0, 0.9) and "momentum 0.9" in diverged.explanation_text()
    assert diverged.choices == ("0.01", "0.1", "1", "3"), "the SGD runs' learning rates (Adam's 0.001 has no place)"
    best = QUESTIONS["map_best_momentum"].ask(Facts(room_runs=runs))
    assert "learning rate **0.1**" in best.prompt_text() and best.choices == ("0", "0.5", "0.9")
    assert (best.correct, best.mark) == ("0.5", (0.1, 0.5)) and "95%" in best.explanation_text()
    assert best.to_json() and type(best).from_json(best.to_json()) == best
    without_01 = tuple(r for r in runs if r.lr != 0.1)
    assert "learning rate **0.01**" in QUESTIONS["map_best_momentum"].ask(Facts(room_runs=without_01)).prompt_text()
    with pytest.raises(NeedsRun, match="no learning rate with runs at two momenta"):
        QUESTIONS["map_best_momentum"].ask(Facts(room_runs=(run(0.1, 0.5),)))
    with pytest.raises(NeedsRun, match="has diverged"):
        QUESTIONS["map_diverged_from"].ask(Facts(room_runs=(run(0.1, 0.5),)))
    with pytest.raises(NeedsRun, match="No run of the room"):
        QUESTIONS["map_diverged_from"].ask(Facts())


def _tiny() -> Tensors:
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(64, 784, generator=generator).numpy()
    y = torch.randint(0, 10, (64,), generator=generator).numpy()
    return Tensors.from_arrays(x, y, x[:32], y[:32])


def test_a_run_that_ends_by_itself_is_reported_once_and_a_stopped_one_is_not():
    ended = []
    bench = Workbench(Limiter(limit=1))
    config = TrainConfig(epochs=2, batch_size=16, hidden=(8,), log_every=10**9)
    record = bench.start_new(config, _tiny(), "tiny", on_end=lambda snapshot: ended.append(room_map.run_of(snapshot)))
    assert record.job.wait(60) and record.job.status == JobStatus.FINISHED
    assert len(ended) == 1 and ended[0].epochs == 2 and not ended[0].diverged
    assert ended[0].accuracy == record.snapshot().epochs[-1].test_accuracy and ended[0].hidden == "8"
    wild = bench.start_new(config.replace(lr=100.0, momentum=0.99, epochs=50), _tiny(), "tiny", on_end=ended.append)
    assert wild.job.wait(60) and wild.job.status == JobStatus.DIVERGED
    assert len(ended) == 2 and room_map.run_of(ended[1]).diverged
    slow = bench.start_new(config.replace(epochs=1000), _tiny(), "tiny", on_end=ended.append)
    time.sleep(0.3)
    bench.stop()
    assert slow.job.status == JobStatus.PAUSED and len(ended) == 2, "stopped by the student: not on the map"
    bench.release()


def test_a_run_that_ended_while_the_store_was_out_of_reach_is_sent_later_and_kept_once(store):
    from explainer.ui.class_room.mapping import _Outbox

    code, _ = cs.start_class(store, "explore")
    outbox = _Outbox()
    outbox.put((code, "r1", "p1", run(0.1, 0.5)))
    outbox.put((code, "r2", "p1", run(1.0, 0.9, diverged=True)))
    outbox.send(Store("postgresql://nobody@127.0.0.1:1/none"))  # nothing listens there: both wait
    assert room_map.room_runs_of(store, code) == []
    outbox.send(store)
    outbox.send(store)  # nothing left to send twice
    assert room_map.room_runs_of(store, code) == [run(0.1, 0.5), run(1.0, 0.9, diverged=True)]
