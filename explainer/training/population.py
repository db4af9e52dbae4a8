"""Trials that differ only in learning rate and momentum, trained at once as one population.

A sweep's cells share the network, the batch size, the seed and so the data order; only the SGD step differs. A
population stacks its members' weights (``torch.func.stack_module_state``) and runs their forward and backward
passes as one batched computation (``torch.func.vmap`` over the lecture's :class:`~models.MLP`): one larger matrix
product per layer instead of one small one per trial. Each member then takes its own SGD step, with its own
learning rate and momentum, exactly as ``torch.optim.SGD`` does (dampening 0, no Nesterov).

Each member is its trial trained alone, to float rounding: the same initial weights (drawn from the seed's
generator, as :class:`~explainer.training.engine.TrainingRun` draws them), the same shuffles, the same loss and
update (tests/test_population.py). A member that diverges, or that its caller stops (pruned), leaves the stack, so
the others go on at the speed of a smaller population.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Iterator, Sequence

import torch
import torch.nn.functional as F
from torch.func import functional_call, stack_module_state, vmap

from explainer.training.config import TrainConfig
from explainer.training.divergence import Divergence, Watch
from explainer.training.engine import EVAL_CHUNK, EpochResult
from explainer.training.tensors import Tensors
from models import MLP

# What members of one population share: everything but the SGD step.
STEP_FIELDS = ("lr", "momentum")


def population_key(config: TrainConfig) -> TrainConfig:
    """What a trial must share with the others to train in their population (its config without lr and momentum).

    >>> population_key(TrainConfig(lr=0.1)) == population_key(TrainConfig(lr=3.0, momentum=0.9))
    True
    """
    return config.replace(**dict.fromkeys(STEP_FIELDS, 0.0))


def can_train_together(configs: Sequence[TrainConfig]) -> bool:
    """Whether these trials may form one population: SGD, and the same everything else."""
    return bool(configs) and all(c.optimizer == "sgd" for c in configs) and len(set(map(population_key, configs))) == 1


class Population:
    """``configs`` trained at once on ``data``; iterate :meth:`events` to train, :meth:`drop` a member to stop it.

    Examples
    --------
    >>> import numpy as np
    >>> data = Tensors.from_arrays(np.eye(4).repeat(8, 0), np.arange(4).repeat(8), np.eye(4), range(4))
    >>> configs = [TrainConfig(epochs=2, batch_size=8, lr=lr, hidden=(8,)) for lr in (0.05, 0.5)]
    >>> [(member, event.epoch) for member, event in Population(configs, data).events()]
    [(0, 1), (1, 1), (0, 2), (1, 2)]
    """

    def __init__(self, configs: Sequence[TrainConfig], data: Tensors) -> None:
        if not can_train_together(configs):
            raise ValueError("A population's trials use SGD and differ only in learning rate and momentum.")
        self.configs = [config.validate() for config in configs]
        self.data = data
        shared = self.configs[0]
        self._generator = torch.Generator().manual_seed(shared.seed)  # as TrainingRun: the weights, then the shuffles
        model = MLP(data.num_features, shared.hidden, data.num_classes, self._generator).to(data.device)
        self._params, _ = stack_module_state([model] * len(configs))  # (P, ...) each: every member starts equal
        self._blueprint = copy.deepcopy(model).to("meta")  # the architecture vmap calls with each member's weights
        self._velocity: dict[str, torch.Tensor] = {}  # SGD's momentum buffers, created by the first step
        self.members = list(range(len(configs)))  # which config each row of the stack trains
        self._watches = [Watch(config, data.num_classes) for config in self.configs]
        steps = [(config.lr, config.momentum) for config in self.configs]
        self._steps = torch.tensor(steps, dtype=torch.float32, device=data.device)  # (P, 2): lr, momentum

    def _logits(self, x: torch.Tensor) -> torch.Tensor:
        """Every member's logits for the same batch x (B, F): (P, B, C)."""

        def one(params: dict[str, torch.Tensor], inputs: torch.Tensor) -> torch.Tensor:
            return functional_call(self._blueprint, params, (inputs,))

        return vmap(one, in_dims=(0, None))(self._params, x)

    def drop(self, member: int) -> None:
        """Stop training ``member`` (an index into ``configs``): its weights leave the stack."""
        keep = [row for row, m in enumerate(self.members) if m != member]
        self.members = [self.members[row] for row in keep]
        index = torch.tensor(keep, dtype=torch.long, device=self.data.device)
        self._params = {name: p.detach()[index].requires_grad_() for name, p in self._params.items()}
        self._velocity = {name: v[index] for name, v in self._velocity.items()}
        self._steps = self._steps[index]

    def _step(self) -> None:
        """SGD with momentum, member by member as ``torch.optim.SGD``: g += wd w; v = m v + g (v = g at first);
        w -= lr v."""
        lr, momentum = self._steps[:, 0], self._steps[:, 1]
        decay = self.configs[0].weight_decay
        with torch.no_grad():
            for name, param in self._params.items():
                shape = (-1,) + (1,) * (param.dim() - 1)  # one value per member, broadcast over its weights
                grad = param.grad if not decay else param.grad.add(param, alpha=decay)
                if name in self._velocity:
                    grad = self._velocity[name].mul_(momentum.view(shape)).add_(grad)
                else:
                    grad = self._velocity.setdefault(name, grad.clone())
                param.sub_(lr.view(shape) * grad)
                param.grad = None

    def events(self) -> Iterator[tuple[int, EpochResult | Divergence]]:
        """Train every epoch; yield ``(member, EpochResult)`` after each epoch for every member still training, and
        ``(member, Divergence)`` when a member stops itself (it has left the stack by then)."""
        shared, data = self.configs[0], self.data
        n, size = len(data.y_train), shared.batch_size
        step = 0
        for epoch in range(1, shared.epochs + 1):
            started = time.perf_counter()
            order = torch.randperm(n, generator=self._generator).to(data.device)
            sums = {member: [0.0, 0] for member in self.members}  # the epoch's loss x examples, and correct
            for batch in range(1, math.ceil(n / size) + 1):
                if not self.members:
                    return
                idx = order[(batch - 1) * size : batch * size]
                xb, yb = data.x_train[idx], data.y_train[idx]  # (B, F), (B,)
                logits = self._logits(xb)  # (P, B, C)
                losses = F.cross_entropy(logits.transpose(1, 2), yb.expand(len(self.members), -1), reduction="none")
                losses = losses.mean(1)  # (P,): each member's mean batch loss, as the lecture's criterion
                losses.sum().backward()  # members share no weights: each gets its own gradient
                self._step()
                step += 1
                batch_losses = losses.detach().tolist()
                correct = (logits.detach().argmax(2) == yb).sum(1).tolist()  # (P,)
                for row, member in enumerate(list(self.members)):
                    sums[member][0] += batch_losses[row] * len(yb)
                    sums[member][1] += correct[row]
                    divergence = self._watches[member].after_step(
                        batch_losses[row],
                        correct[row],
                        logits[row].detach(),
                        epoch=epoch,
                        batch=batch,
                        step=step,
                    )
                    if divergence is not None:
                        self.drop(member)
                        yield member, divergence
            yield from self._finish_epoch(
                epoch, {m: (loss / n, right / n) for m, (loss, right) in sums.items()}, started
            )

    @torch.no_grad()
    def _finish_epoch(
        self, epoch: int, train: dict[int, tuple[float, float]], started: float
    ) -> Iterator[tuple[int, EpochResult]]:
        """Each member's epoch: its training loss and accuracy (``train``), and the test set's after the epoch."""
        seconds = time.perf_counter() - started
        evaluated = time.perf_counter()
        members = list(self.members)
        logits = torch.cat([self._logits(x) for x in self.data.x_test.split(EVAL_CHUNK)], dim=1)  # (P, N_test, C)
        y = self.data.y_test
        for row, member in enumerate(members):
            if member not in self.members:  # the caller dropped it after an earlier member's result
                continue
            yield (
                member,
                EpochResult(
                    epoch=epoch,
                    train_loss=train[member][0],
                    train_accuracy=train[member][1],
                    test_loss=F.cross_entropy(logits[row], y).item(),
                    test_accuracy=(logits[row].argmax(1) == y).float().mean().item(),
                    seconds=seconds,
                    eval_seconds=time.perf_counter() - evaluated,
                ),
            )
