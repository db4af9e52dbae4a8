"""Training speed: the lecture's DataLoader loop vs the engine vs a bare loop (the compute floor).

    .venv/bin/python bench/bench_engine.py            # 60k/10k digits, 3 interleaved rounds
    .venv/bin/python bench/bench_engine.py --quick    # 12k/2k digits, 2 rounds: a smoke test

All three train the lecture's Net (784-512-256-128-64-10) with CrossEntropyLoss and SGD(lr=0.01,
momentum=0.5) on batches of 64, on the same digits read by ``torchvision.datasets.MNIST``:

- lecture: the lecture's code, verbatim: ToTensor + Normalize per sample, DataLoader(shuffle=True);
- engine:  :class:`explainer.training.engine.TrainingRun` (its reported training seconds per epoch);
- floor:   a bare loop over preloaded normalized tensors doing the same matmuls and ``loss.item()``.

This machine's speed drifts by up to 2x within minutes, so the contenders run interleaved (lecture,
engine, floor, lecture, ...) and each one's fastest epoch is compared. Full MNIST is used when it is
in --data-dir; otherwise an MNIST-sized set is grown from the bundled 5k real digits (speed depends on
the sizes, not on which digits) and written as IDX files so the torchvision path runs for real.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from bench.mnist_sized import full_size_from_bundled, write_mnist_raw  # noqa: E402
from explainer.data.mnist import DataError, load_torchvision, resolve_data_dir  # noqa: E402
from explainer.training.config import TrainConfig  # noqa: E402
from explainer.training.engine import EpochResult, Tensors, TrainingRun  # noqa: E402
from models import MLP  # noqa: E402

BATCH = 64


class Lecture:
    """The lecture's pipeline and train()/test() functions, with print() replaced by a list."""

    def __init__(self, root: str) -> None:
        transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
        train_dataset = datasets.MNIST(root=root, train=True, download=False, transform=transform)
        test_dataset = datasets.MNIST(root=root, train=False, download=False, transform=transform)
        self.train_loader = DataLoader(train_dataset, shuffle=True, batch_size=BATCH)
        self.test_loader = DataLoader(test_dataset, shuffle=False, batch_size=BATCH)
        self.model = MLP()  # the lecture's Net (tests/test_model.py checks they are the same function)
        self.criterion = torch.nn.CrossEntropyLoss()
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=0.01, momentum=0.5)
        self.printed: list[str] = []

    def train(self, epoch: int) -> None:
        running_loss = 0.0
        for batch_idx, data in enumerate(self.train_loader, 0):
            inputs, target = data
            self.optimizer.zero_grad()
            outputs = self.model(inputs)
            loss = self.criterion(outputs, target)
            loss.backward()
            self.optimizer.step()
            running_loss += loss.item()
            if batch_idx % 300 == 299:
                self.printed.append(f"[{epoch + 1}, {batch_idx + 1:5d}] loss: {running_loss / 300:.3f}")
                running_loss = 0.0

    def test(self) -> float:
        correct = 0
        total = 0
        with torch.no_grad():
            for images, labels in self.test_loader:
                outputs = self.model(images)
                _, predicted = torch.max(outputs.data, dim=1)
                total += labels.size(0)
                correct += (predicted == labels).sum().item()
        return correct / total


class Engine:
    def __init__(self, tensors: Tensors, epochs: int) -> None:
        self.run = TrainingRun(TrainConfig(epochs=epochs), tensors)
        self.events = self.run.events()
        self.last: EpochResult | None = None

    def epoch(self) -> float:
        self.last = next(e for e in self.events if isinstance(e, EpochResult))
        return self.last.seconds  # training steps only, like the others' timings

    def test(self) -> float:
        return self.last.test_accuracy


class Floor:
    """The least work an epoch can be: index preloaded tensors, forward, backward, step."""

    def __init__(self, tensors: Tensors) -> None:
        self.x, self.y, self.tensors = tensors.x_train, tensors.y_train, tensors
        self.generator = torch.Generator().manual_seed(0)
        self.model = MLP(generator=self.generator)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=0.01, momentum=0.5)

    def epoch(self) -> float:
        started = time.perf_counter()
        order = torch.randperm(len(self.y), generator=self.generator)
        for i in range(0, len(order), BATCH):
            idx = order[i : i + BATCH]
            loss = F.cross_entropy(self.model(self.x[idx]), self.y[idx])
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            loss.item()
        return time.perf_counter() - started

    @torch.no_grad()
    def test(self) -> float:
        return (self.model(self.tensors.x_test).argmax(1) == self.tensors.y_test).float().mean().item()


def timed(step) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=None, help="folder with MNIST/raw; else a 60k/10k set is grown")
    parser.add_argument("--rounds", type=int, default=3, help="epochs per contender, interleaved")
    parser.add_argument("--quick", action="store_true", help="12k/2k digits and 2 rounds")
    parser.add_argument("--threads", type=int, default=None, help="torch threads for all (default: torch's)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    rounds = 2 if args.quick else args.rounds

    with tempfile.TemporaryDirectory() as scratch:
        try:
            root = resolve_data_dir(args.data_dir)
            data = load_torchvision(root, download=False)
            if args.quick:
                raise DataError("--quick uses a small grown set")
        except DataError:
            root = Path(scratch)
            data = full_size_from_bundled(sizes=(12_000, 2_000) if args.quick else (60_000, 10_000))
            write_mnist_raw(root, data)
            data = load_torchvision(root, download=False)
        print(f"{data.notice} {torch.get_num_threads()} torch threads, {rounds} rounds.", flush=True)

        tensors = Tensors.from_mnist(data)
        contenders = {"lecture": Lecture(str(root)), "engine": Engine(tensors, rounds), "floor": Floor(tensors)}
        seconds: dict[str, list[float]] = {name: [] for name in contenders}
        for epoch in range(rounds):
            for name, contender in contenders.items():
                took = timed(lambda c=contender, e=epoch: c.train(e)) if name == "lecture" else contender.epoch()
                seconds[name].append(took)
                print(f"round {epoch + 1} {name:8s} {took:6.2f} s", flush=True)
        accuracy = {name: contender.test() for name, contender in contenders.items()}

    floor = min(seconds["floor"])
    print(f"\n{'':8s} {'fastest':>8s} {'median':>8s} {'vs floor':>9s} {'test acc':>9s}")
    for name, times in seconds.items():
        fastest, median = min(times), sorted(times)[len(times) // 2]
        print(f"{name:8s} {fastest:7.2f}s {median:7.2f}s {fastest / floor:8.2f}x {100 * accuracy[name]:8.2f}%")
    print(f"engine is {min(seconds['lecture']) / min(seconds['engine']):.1f}x faster than the lecture's loop")
    print(
        json.dumps(
            {"samples": data.n_train, "threads": torch.get_num_threads(), "seconds": seconds, "accuracy": accuracy}
        )
    )


if __name__ == "__main__":
    main()
