"""python -m explainer.train: the lecture's printout, a JSON last line, clear errors, a checkpoint."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.training.checkpoint import load_checkpoint
from explainer.training.cli import parse_args
from explainer.training.config import TrainConfig

REPO = Path(__file__).resolve().parent.parent


def train(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "explainer.train", "--data-dir", str(tmp_path / "data"), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_one_epoch_on_the_bundled_digits_prints_like_the_lecture(tmp_path):
    checkpoint = tmp_path / "net.pt"
    done = train(
        "--source", "bundled", "--epochs", "1", "--log-every", "20", "--save", str(checkpoint), tmp_path=tmp_path
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 5
    assert all(re.fullmatch(r"\[1, +\d+\] loss: \d\.\d{3}", line) for line in lines[:3])
    assert [line.split("]")[0] for line in lines[:3]] == ["[1,    20", "[1,    40", "[1,    60"]
    assert re.fullmatch(r"Accuracy on test set: \d{1,3} %", lines[3])  # the lecture's '%d %%'

    summary = json.loads(lines[-1])
    assert summary["source"] == "bundled" and summary["epochs"] == 1
    assert len(summary["train_seconds"]) == 1 and summary["train_seconds"][0] > 0
    printed = int(lines[3].split(": ")[1].split()[0])  # the lecture truncates the percent
    assert printed <= summary["test_accuracy"][0] < printed + 1.01
    assert "5,000-digit" in done.stderr
    _, config = load_checkpoint(checkpoint, input_size=784, num_classes=10)
    assert config == TrainConfig(epochs=1, log_every=20)


def test_bad_hyperparameters_exit_with_a_message(tmp_path):
    done = train("--lr", "0", "--batch-size", "0", tmp_path=tmp_path)
    assert done.returncode == 2
    assert "Learning rate must be in (0, 100], got 0." in done.stderr
    assert "Batch size must be in [1, 4096], got 0." in done.stderr
    assert done.stdout == ""


def test_hidden_is_read_as_a_link_reads_it_and_a_bad_value_gets_the_links_message(capsys):
    assert parse_args(["--hidden", "512, 256"]).hidden == (512, 256) and parse_args(["--hidden", ""]).hidden == ()
    for bad, message in [
        ("512,x", "Hidden layer widths must be a number, got 'x'."),
        ("5000", "Hidden layer widths must be in [1, 4096], got 5000."),
        ("64.5", "Hidden layer widths must be a whole number, got '64.5'."),
    ]:
        with pytest.raises(SystemExit) as exited:
            parse_args(["--hidden", bad])
        assert exited.value.code == 2
        assert f"argument --hidden: {message}" in capsys.readouterr().err
