"""Train the lecture's softmax classifier on MNIST from the command line, printing what the lecture prints.

    python -m explainer.train --data-dir data --epochs 10

prints ``[1,   300] loss: 0.335`` every ``--log-every`` batches and ``Accuracy on test set: 97 %``
after each epoch, then, as its last line, one JSON object::

    {"source": "torchvision", "epochs": 10, "train_seconds": [...], "test_accuracy": [... %], ...}

What was loaded (and any fallback to the bundled subset) goes to stderr. Exit status 0 when every
epoch ran, 3 when the run diverged (the JSON then has a "divergence" message).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import torch

from explainer.data.mnist import SOURCES, DataError, load_mnist, resolve_data_dir
from explainer.links import LINKS, OPTIMIZERS, InputError
from explainer.training.config import ConfigError, TrainConfig, choose_device
from explainer.training.divergence import Divergence
from explainer.training.engine import EpochResult, Tensors, TrainingRun

DIVERGED_EXIT = 3


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    defaults = TrainConfig()
    parser = argparse.ArgumentParser(
        prog="python -m explainer.train", description="Train the lecture's MLP softmax classifier on MNIST."
    )
    parser.add_argument(
        "--data-dir", default=None, help="folder holding MNIST/raw (default: $EXPLAINER_DATA_DIR or data/)"
    )
    parser.add_argument(
        "--source", choices=SOURCES, default="auto", help="auto: full MNIST if possible, else the bundled 5k subset"
    )
    parser.add_argument("--no-download", action="store_true", help="never try to download MNIST")
    # The bounds of the options a link also sets are checked by TrainConfig.validate, from their link parameters
    # (every bad value reported at once); their help is the link parameter's too.
    parser.add_argument("--epochs", type=int, default=defaults.epochs, help=LINKS["epochs"].help)
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size, help=LINKS["batch"].help)
    parser.add_argument("--lr", type=float, default=defaults.lr, help=LINKS["lr"].help)
    parser.add_argument("--momentum", type=float, default=defaults.momentum, help=LINKS["momentum"].help)
    parser.add_argument("--optimizer", choices=OPTIMIZERS, default=defaults.optimizer)
    parser.add_argument("--hidden", type=_link_value("hidden"), default=defaults.hidden, help=LINKS["hidden"].help)
    parser.add_argument("--weight-decay", type=float, default=defaults.weight_decay)
    parser.add_argument("--seed", type=int, default=defaults.seed, help=LINKS["seed"].help)
    parser.add_argument("--log-every", type=int, default=defaults.log_every, help="batches between loss lines")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's choice)")
    parser.add_argument("--save", default=None, help="write the trained weights and config to this file")
    return parser.parse_args(argv)


def _link_value(name: str) -> Callable[[str], Any]:
    """An argparse ``type`` that reads an option as the link parameter ``name`` reads it, with its message.

    >>> _link_value("hidden")("512, 256")
    (512, 256)
    """
    param = LINKS[name]

    def parse(text: str) -> Any:
        try:
            return param.parse(text)
        except InputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parse


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = TrainConfig(
            epochs=args.epochs,
            batch_size=args.batch_size,
            lr=args.lr,
            momentum=args.momentum,
            optimizer=args.optimizer,
            hidden=args.hidden,
            weight_decay=args.weight_decay,
            seed=args.seed,
            log_every=args.log_every,
        ).validate()
        device = choose_device(args.device)
        data = load_mnist(resolve_data_dir(args.data_dir), args.source, download=not args.no_download)
    except (ConfigError, DataError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.threads:
        torch.set_num_threads(args.threads)
    print(data.notice, file=sys.stderr)
    run = TrainingRun(config, Tensors.from_mnist(data, device))
    epochs: list[EpochResult] = []
    divergence: Divergence | None = None
    for event in run.events():
        print(event, flush=True)  # each event prints as the lecture's line
        if isinstance(event, EpochResult):
            epochs.append(event)
        elif isinstance(event, Divergence):
            divergence = event
    if args.save:
        run.save(args.save)
    summary = {
        "source": data.source,
        "epochs": len(epochs),
        "train_seconds": [round(e.seconds, 3) for e in epochs],
        "test_accuracy": [round(100 * e.test_accuracy, 2) for e in epochs],  # percent, as printed
        "test_loss": [round(e.test_loss, 4) for e in epochs],
    }
    if divergence is not None:
        summary["divergence"] = str(divergence)
    print(json.dumps(summary))
    return 0 if divergence is None else DIVERGED_EXIT


if __name__ == "__main__":
    sys.exit(main())
