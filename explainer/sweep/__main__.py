"""`python -m explainer.sweep worker`: work on a sweep from any machine that reaches the store.

Another machine joins a sweep the room started: point $EXPLAINER_STORE at the lecture hall's PostgreSQL and name the
sweep by the page's link query (``--plan``) or its study (``--study``, shown on the page)::

    EXPLAINER_STORE=postgresql://app@hall-db/explainer python -m explainer.sweep worker --study sweep-0123456789ab

Each worker holds one slot of the training limit that this machine's replicas share; ``--workers`` defaults to one
per core. Exit status 0 once the sweep has no more work, 2 for a bad plan or an unknown study.
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import parse_qsl

import optuna

from explainer.data.mnist import load_mnist
from explainer.store.database import shared_store
from explainer.sweep.plan import PlanError, plan_from_query
from explainer.sweep.study import PLAN_ATTR, storage_for
from explainer.sweep.worker import Crew
from explainer.training.config import choose_device
from explainer.training.jobs import shared_limiter
from explainer.training.tensors import Tensors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer.sweep", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["worker"])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--plan", help="the sweep page's link query, e.g. 'lrs=1e-4,10&momenta=0,0.5,0.9,0.99'")
    which.add_argument("--study", help="the sweep's study name, e.g. sweep-0123456789ab")
    parser.add_argument("--workers", type=int, default=0, help="worker threads (default: this machine's limit)")
    parser.add_argument("--data", choices=["auto", "bundled"], default="auto")
    args = parser.parse_args(argv)
    store = shared_store()
    if args.study:
        try:
            query = optuna.load_study(study_name=args.study, storage=storage_for(store.url)).user_attrs[PLAN_ATTR]
        except KeyError:
            print(f"No sweep named {args.study} in {store.safe_url}.", file=sys.stderr)
            return 2
    else:
        query = dict(parse_qsl(args.plan.lstrip("?")))
    plan, errors = plan_from_query(query)
    try:
        plan.validate()
    except PlanError as error:
        errors.append(str(error))
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 2
    limiter = shared_limiter()
    data = Tensors.from_mnist(load_mnist(source=args.data), choose_device())
    crew = Crew(plan, store, data, limiter)
    crew.start(args.workers or limiter.limit)
    print(f"Working on {plan.study_name} with {crew.working} workers.", file=sys.stderr, flush=True)
    try:
        crew.wait()
    except KeyboardInterrupt:
        crew.stop()
    print("\n".join(crew.errors) or f"{plan.study_name}: no more work.", file=sys.stderr)
    return 1 if crew.errors else 0


if __name__ == "__main__":
    sys.exit(main())
