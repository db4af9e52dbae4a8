"""The lecture's own training, as it tells it: its four implementation steps and the run it printed.

:func:`outline` writes the lecture's code for each step with a config's values; :func:`step_in_progress`
says which step a run is at. :data:`LECTURE_LOSS` and :data:`LECTURE_ACCURACY` are the numbers the
lecture's full-MNIST run printed (epochs the lecture's slides elide are left out, not invented).
"""

from __future__ import annotations

from dataclasses import dataclass

from explainer.i18n import N_, _
from explainer.training.config import TrainConfig
from explainer.training.jobs import JobStatus

LECTURE_RUN_LABEL = N_("the lecture's full-MNIST run")  # shown as _(LECTURE_RUN_LABEL)
LECTURE_STEPS_PER_EPOCH = 938  # 60,000 digits in batches of 64
LECTURE_LAST_LOG = 900  # the last `[epoch, 900] loss:` line of an epoch (it prints every 300 batches)
LECTURE_LOSS = {1: 0.335, 2: 0.154, 3: 0.067, 10: 0.005}  # epoch -> running loss of its last log line
LECTURE_ACCURACY = {1: 90, 2: 93, 10: 97}  # epoch -> `Accuracy on test set: %d %%`


def lecture_curve(kind: str) -> tuple[list[float], list[float]]:
    """x in epochs (as the run curves count them) and y of the lecture's run: "loss" or "test_accuracy" (0..1).

    >>> lecture_curve("test_accuracy")
    ([1, 2, 10], [0.9, 0.93, 0.97])
    """
    if kind == "loss":
        fraction = LECTURE_LAST_LOG / LECTURE_STEPS_PER_EPOCH
        return [epoch - 1 + fraction for epoch in LECTURE_LOSS], list(LECTURE_LOSS.values())
    return list(LECTURE_ACCURACY), [percent / 100 for percent in LECTURE_ACCURACY.values()]


@dataclass(frozen=True)
class Step:
    title: str  # in the reader's language (outline() is called when a page draws it)
    code: str  # the lecture's code for this step, with the config's values


def outline(config: TrainConfig, input_size: int = 784, num_classes: int = 10) -> tuple[Step, ...]:
    """The lecture's four implementation steps, each with its code as the lecture writes it.

    >>> outline(TrainConfig())[2].code
    'criterion = torch.nn.CrossEntropyLoss()\\noptimizer = optim.SGD(model.parameters(), lr=0.01, momentum=0.5)'
    """
    widths = " → ".join(map(str, (input_size, *config.hidden, num_classes)))
    if config.optimizer == "sgd":
        optimizer = f"optim.SGD(model.parameters(), lr={config.lr:g}, momentum={config.momentum:g})"
    else:
        optimizer = f"optim.Adam(model.parameters(), lr={config.lr:g})"
    return (
        Step(
            _("Prepare dataset"),
            "transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])\n"
            f"train_loader = DataLoader(train_dataset, shuffle=True, batch_size={config.batch_size})",
        ),
        Step(_("Design model"), f"model = Net()  # {widths}, ReLU between layers, none on the logits"),
        Step(_("Construct loss and optimizer"), f"criterion = torch.nn.CrossEntropyLoss()\noptimizer = {optimizer}"),
        Step(_("Training cycle + test"), f"for epoch in range({config.epochs}):\n    train(epoch)\n    test()"),
    )


def step_in_progress(status: JobStatus | None) -> int | None:
    """Which of the four steps (0-3) a run is at: preparing while it waits to start, then the training
    cycle; None when no run is going (the steps that build the model take milliseconds).

    >>> step_in_progress(JobStatus.QUEUED), step_in_progress(JobStatus.RUNNING), step_in_progress(None)
    (0, 3, None)
    """
    return {JobStatus.QUEUED: 0, JobStatus.RUNNING: 3}.get(status)
