"""`python -m explainer.train`: the command-line trainer lives in :mod:`explainer.training.cli`."""

import sys

from explainer.training.cli import main

if __name__ == "__main__":
    sys.exit(main())
