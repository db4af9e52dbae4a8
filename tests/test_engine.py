"""The training engine: the lecture's maths, exact stop/resume, divergence, predictions, checkpoints."""

import math
import threading

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image
from torchvision import transforms

from explainer.data import mnist
from explainer.training.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from explainer.training.config import TrainConfig
from explainer.training.divergence import WINDOW as DIVERGENCE_WINDOW
from explainer.training.divergence import Divergence, check_window
from explainer.training.engine import EpochResult, LossLog, TrainingRun, predict
from explainer.training.tensors import EngineError, Tensors, mnist_inputs
from models import MLP

SMALL = TrainConfig(epochs=2, hidden=(32,), log_every=10)  # the lecture's optimizer on a small net


@pytest.fixture(scope="module")
def digits() -> Tensors:
    """The bundled 4,000 / 1,000 digits, preloaded: 63 batches of 64 an epoch."""
    return Tensors.from_mnist(mnist.load_bundled())


@pytest.fixture(scope="module")
def blobs() -> Tensors:
    """Otto-shaped tabular data: 93 features, 9 well-separated Gaussian classes."""
    rng = np.random.default_rng(0)
    centres = rng.normal(0, 3, size=(9, 93))
    y = rng.integers(0, 9, size=1200)
    x = centres[y] + rng.normal(size=(1200, 93))
    return Tensors.from_arrays(x[:1000], y[:1000], x[1000:], y[1000:], num_classes=9)


def drain(run: TrainingRun) -> list:
    return list(run.events())


def weights(run: TrainingRun) -> list[torch.Tensor]:
    return [p.detach().clone() for p in run.model.parameters()]


def same_history(a: TrainingRun, b: TrainingRun) -> None:
    """Equal in everything but wall-clock time."""
    sa, sb = a.snapshot(), b.snapshot()
    assert sa.losses == sb.losses
    assert [(e.train_loss, e.train_accuracy, e.test_loss, e.test_accuracy) for e in sa.epochs] == [
        (e.train_loss, e.train_accuracy, e.test_loss, e.test_accuracy) for e in sb.epochs
    ]
    assert all(np.array_equal(p, q) for p, q in zip(sa.test_predictions, sb.test_predictions, strict=True))
    assert all(torch.equal(p, q) for p, q in zip(weights(a), weights(b), strict=True))


def test_preloaded_digits_equal_the_lecture_transform_per_sample(digits):
    loaded = mnist.load_bundled()
    lecture = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    for i in (0, 1, 1234, 3999):
        expected = lecture(Image.fromarray(loaded.train_images[i], mode="L")).reshape(784)
        assert torch.equal(digits.x_train[i], expected)
    assert digits.x_train.shape == (4000, 784) and digits.x_train.dtype == torch.float32
    assert digits.y_train.dtype == torch.int64 and digits.num_classes == 10


def test_an_epoch_is_the_lecture_loop_step_for_step(digits):
    """Same init, same shuffle: the engine's weights equal a hand-written lecture loop's."""
    config = TrainConfig(epochs=1, hidden=(64, 32), log_every=20)
    run = TrainingRun(config, digits)
    events = drain(run)

    generator = torch.Generator().manual_seed(config.seed)
    model = MLP(784, config.hidden, 10, generator)
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
    order = torch.randperm(4000, generator=generator)
    running_loss, printed = 0.0, []
    for batch_idx, start in enumerate(range(0, 4000, 64)):
        inputs, target = digits.x_train[order[start : start + 64]], digits.y_train[order[start : start + 64]]
        optimizer.zero_grad()
        loss = criterion(model(inputs), target)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
        if batch_idx % 20 == 19:
            printed.append("[%d, %5d] loss: %.3f" % (1, batch_idx + 1, running_loss / 20))  # noqa: UP031 (lecture's)
            running_loss = 0.0

    assert all(torch.equal(p, q) for p, q in zip(run.model.parameters(), model.parameters(), strict=True))
    logs = [e for e in events if isinstance(e, LossLog)]
    assert [str(e) for e in logs] == printed
    assert [e.batch for e in logs] == [20, 40, 60] and logs[-1].step == 60
    with torch.no_grad():
        correct, total = (model(digits.x_test).argmax(1) == digits.y_test).sum().item(), len(digits.y_test)
    accuracy = correct / total
    (result,) = [e for e in events if isinstance(e, EpochResult)]
    assert result.test_accuracy == pytest.approx(accuracy)
    assert str(result) == "Accuracy on test set: %d %%" % (100 * correct / total)  # noqa: UP031 (the lecture's)


def test_epoch_results_and_history(digits):
    run = TrainingRun(SMALL, digits)
    assert run.steps_per_epoch == 63 and run.total_steps == 126
    events = drain(run)
    results = [e for e in events if isinstance(e, EpochResult)]
    assert [e.epoch for e in results] == [1, 2] and run.done
    snap = run.snapshot()
    assert snap.finished and snap.progress == 1 and snap.step == 126 and snap.divergence is None
    assert snap.epochs == tuple(results) and len(snap.losses) == 12  # 6 a epoch; batches 61-63 not logged
    assert results[1].train_loss < results[0].train_loss < math.log(10)
    assert 0.5 < results[1].test_accuracy <= 1 and 0 < results[1].train_accuracy <= 1
    assert all(e.seconds > 0 and e.eval_seconds > 0 for e in results)
    assert len(snap.test_predictions) == 2 and snap.test_predictions[0].dtype == np.uint8
    assert snap.test_logits.shape == (1000, 10) and snap.test_logits.dtype == np.float32
    assert np.array_equal(snap.test_logits.argmax(1), snap.test_predictions[1])
    assert (snap.test_predictions[1] == digits.y_test.numpy()).mean() == pytest.approx(results[1].test_accuracy)
    expected_loss = F.cross_entropy(torch.tensor(snap.test_logits), digits.y_test).item()
    assert results[1].test_loss == pytest.approx(expected_loss)
    with pytest.raises(ValueError):
        snap.test_predictions[0][0] = 3  # shared with every reader: read-only
    assert drain(run) == [], "a finished run has nothing more to do"


def test_same_seed_same_run_whatever_the_global_seed(digits):
    config = SMALL.replace(epochs=1)
    torch.manual_seed(1)
    a = TrainingRun(config, digits)
    drain(a)
    torch.manual_seed(2)
    b = TrainingRun(config, digits)
    torch.manual_seed(3)
    drain(b)
    same_history(a, b)
    c = TrainingRun(config.replace(seed=1), digits)
    drain(c)
    assert c.snapshot().losses != a.snapshot().losses


@pytest.mark.parametrize("stop_after", [1, 6, 7, 9])  # mid-epoch, at an epoch's end, just after it, later
def test_stopped_and_resumed_equals_uninterrupted(digits, stop_after):
    """Stop after the n-th event, resume: the same weights, losses, accuracies and predictions."""
    config = SMALL.replace(optimizer="adam", lr=0.001, epochs=2)  # Adam: its moment estimates must survive too
    whole = TrainingRun(config, digits)
    drain(whole)

    stopped = TrainingRun(config, digits)
    events = stopped.events()
    for _ in range(stop_after):
        next(events)
    stopped.request_stop()
    assert list(events) == [], "stops before the next step"
    paused_at = stopped.snapshot().step
    assert 0 < paused_at < stopped.total_steps and not stopped.done
    drain(stopped)
    same_history(whole, stopped)


def test_stop_from_another_thread_then_resume(digits):
    config = SMALL.replace(epochs=3)
    whole = TrainingRun(config, digits)
    drain(whole)

    run = TrainingRun(config, digits)
    progressed = threading.Event()
    threads = torch.get_num_threads()  # per thread under OpenMP: another sum order would change the last digits

    stop_requested = threading.Event()

    def train() -> None:
        torch.set_num_threads(threads)
        for _ in run.events():
            progressed.set()
            stop_requested.wait(30)  # on a busy machine the run could otherwise finish before the request

    trainer = threading.Thread(target=train)
    trainer.start()
    assert progressed.wait(30)
    run.request_stop()
    stop_requested.set()
    trainer.join(30)
    assert not trainer.is_alive()
    assert 0 < run.snapshot().step < run.total_steps
    run.request_stop()  # a stale request is discarded: calling events() means "train now"
    drain(run)
    same_history(whole, run)


def test_snapshots_read_during_training_are_consistent(digits):
    run = TrainingRun(SMALL.replace(epochs=3, log_every=5), digits)
    trainer = threading.Thread(target=drain, args=(run,))
    trainer.start()
    seen = []
    while trainer.is_alive():
        snap = run.snapshot()
        assert len(snap.test_predictions) == len(snap.epochs)
        assert all(log.step <= snap.step for log in snap.losses)
        seen.append(snap.step)
        prediction = run.predict(digits.x_test[:8])
        assert prediction.probabilities.shape == (8, 10)
    trainer.join()
    assert seen == sorted(seen) and len(set(seen)) > 2


def test_generic_tabular_data_trains_like_otto(blobs):
    run = TrainingRun(TrainConfig(epochs=5, hidden=(64, 32), lr=0.05, log_every=4), blobs)
    results = [e for e in drain(run) if isinstance(e, EpochResult)]
    assert blobs.num_features == 93 and run.model.num_classes == 9
    assert results[-1].test_accuracy > 0.9
    assert run.snapshot().test_logits.shape == (200, 9)


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ((np.zeros((4, 3)), [0, 1, 2], np.zeros((2, 3)), [0, 1]), "features .N, F. and labels"),
        ((np.zeros((4, 3)), [0, 1, 2, 3], np.zeros((2, 5)), [0, 1]), "features per example"),
        ((np.full((4, 3), np.nan), [0, 1, 2, 3], np.zeros((2, 3)), [0, 1]), "NaN"),
        ((np.zeros((4, 3)), [0.0, 1.0, 2.0, 3.0], np.zeros((2, 3)), [0, 1]), "whole numbers"),
        ((np.zeros((4, 3)), [0, 1, 2, -1], np.zeros((2, 3)), [0, 1]), "Labels must lie in"),
        ((np.zeros((4, 3)), ["Class_1"] * 4, np.zeros((2, 3)), [0, 1]), "whole numbers"),
        ((np.zeros((0, 3)), [], np.zeros((2, 3)), [0, 1]), "N >= 1"),
    ],
)
def test_unusable_arrays_are_rejected_with_a_reason(arrays, message):
    with pytest.raises(EngineError, match=message):
        Tensors.from_arrays(*arrays)


def test_from_arrays_flattens_and_counts_classes():
    t = Tensors.from_arrays(np.zeros((4, 1, 28, 28)), [0, 1, 2, 3], np.zeros((2, 1, 28, 28)), [0, 1])
    assert t.x_train.shape == (4, 784) and t.num_classes == 4
    with pytest.raises(EngineError, match=r"0\.\.2"):
        Tensors.from_arrays(np.zeros((4, 3)), [0, 1, 2, 3], np.zeros((2, 3)), [0, 1], num_classes=3)


@pytest.mark.parametrize(
    ("config", "kinds"),
    [
        (TrainConfig(lr=10.0), {"non-finite", "exploded", "dead"}),
        (TrainConfig(lr=100.0, momentum=0.9), {"non-finite", "exploded", "dead"}),
        (TrainConfig(optimizer="adam", lr=1.0), {"exploded", "dead"}),
    ],
)
def test_a_far_too_large_learning_rate_is_detected_and_explained(digits, config, kinds):
    run = TrainingRun(config, digits)
    events = drain(run)
    divergence = events[-1]
    assert isinstance(divergence, Divergence) and divergence.kind in kinds
    assert run.done and run.snapshot().divergence == divergence and not run.snapshot().finished
    assert divergence.step <= 2 * run.steps_per_epoch, "caught within two epochs of 63 batches"
    assert "lower it" in divergence.advice and f"{config.lr:g}" in divergence.advice
    assert divergence.message in str(divergence)
    assert drain(run) == [], "a diverged run does not continue"


def test_the_lecture_settings_are_not_flagged(digits):
    """Slow start near ln 10 at chance accuracy is normal for SGD lr=0.01; it must not be called divergence."""
    events = drain(TrainingRun(TrainConfig(epochs=2), digits))
    assert not any(isinstance(e, Divergence) for e in events)
    assert sum(isinstance(e, EpochResult) for e in events) == 2


def test_a_dead_network_is_diagnosed(digits):
    run = TrainingRun(SMALL, digits)
    with torch.no_grad():
        run.model.net[0].bias.fill_(-1e4)  # every hidden ReLU outputs 0 for every image
    divergence = drain(run)[-1]
    assert isinstance(divergence, Divergence) and divergence.kind == "dead"
    assert divergence.step == DIVERGENCE_WINDOW and "same output for every input" in divergence.message


def test_check_window_thresholds():
    ln10 = math.log(10)
    assert check_window(ln10, 0.10, 10, constant_output=False) is None
    assert check_window(2.1 * ln10, 0.10, 10, constant_output=False) == "exploded"
    assert check_window(2.1 * ln10, 0.30, 10, constant_output=False) is None  # bad loss, but it learns
    assert check_window(0.5, 0.90, 10, constant_output=True) == "dead"
    assert check_window(2.1 * math.log(9), 0.10, 9, constant_output=False) == "exploded"


def test_predict_gives_softmax_probabilities_and_labels():
    model = MLP(4, (), 3)
    x = torch.randn(6, 4)
    out = predict(model, x)
    logits = model(x).detach()
    assert np.allclose(out.logits, logits.numpy())
    assert np.allclose(out.probabilities, F.softmax(logits, 1).numpy())
    assert np.allclose(out.probabilities.sum(1), 1) and np.array_equal(out.labels, logits.argmax(1).numpy())


def test_mnist_inputs_prepares_raw_digits_for_the_model():
    raw = mnist.load_bundled().test_images[:3]
    x = mnist_inputs(raw)
    assert x.shape == (3, 784) and x.dtype == torch.float32
    assert np.array_equal(x.numpy(), mnist.normalize(mnist.to_unit(raw)).reshape(3, 784))


def test_checkpoint_round_trip(tmp_path, blobs):
    run = TrainingRun(TrainConfig(epochs=1, hidden=(16,), log_every=5), blobs)
    drain(run)
    path = tmp_path / "otto.pt"
    run.save(path)
    model, config = load_checkpoint(path, input_size=93, num_classes=9)
    assert config == run.config
    assert np.array_equal(predict(model, blobs.x_test).logits, run.predict(blobs.x_test).logits)


def corrupt_checkpoint(path, case):
    if case == "garbage":
        path.write_bytes(b"not a checkpoint at all" * 10)
    elif case == "truncated":
        path.write_bytes(path.read_bytes()[:200])
    elif case == "plain-state-dict":
        torch.save(MLP(93, (16,), 9).state_dict(), path)
    elif case == "pickled-object":
        torch.save({"model": MLP(93, (16,), 9)}, path)  # needs weights_only=False: refused
    elif case == "wrong-shapes":
        saved = torch.load(path, weights_only=True)
        saved["config"]["hidden"] = [8]
        torch.save(saved, path)
    elif case == "bad-config":
        saved = torch.load(path, weights_only=True)
        saved["config"]["lr"] = -1
        torch.save(saved, path)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("garbage", "not a readable checkpoint"),
        ("truncated", "not a readable checkpoint"),
        ("plain-state-dict", "not a checkpoint of this app"),
        ("pickled-object", "not a readable checkpoint"),
        ("wrong-shapes", r"does not fit the network \(8,\)"),
        ("bad-config", r"invalid settings: Learning rate must be in \(0, 100\]"),
    ],
)
def test_damaged_or_foreign_checkpoints_raise_a_clear_error(tmp_path, case, message):
    path = tmp_path / "model.pt"
    save_checkpoint(path, MLP(93, (16,), 9), TrainConfig(hidden=(16,)))
    corrupt_checkpoint(path, case)
    with pytest.raises(CheckpointError, match=message):
        load_checkpoint(path)


def test_checkpoint_for_another_problem_or_missing_file(tmp_path):
    path = tmp_path / "otto.pt"
    save_checkpoint(path, MLP(93, (16,), 9), TrainConfig(hidden=(16,)))
    with pytest.raises(CheckpointError, match="93 features and 9 classes; this needs 784 and 10"):
        load_checkpoint(path, input_size=784, num_classes=10)
    with pytest.raises(CheckpointError, match="No checkpoint at"):
        load_checkpoint(tmp_path / "missing.pt")
