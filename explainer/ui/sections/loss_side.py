"""The sigmoid page's loss side: what K sigmoids are trained with against what one softmax is, for the same logits."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from explainer.i18n import _
from explainer.maths.softmax import SigmoidVsSoftmax

LossPlaces = tuple[DeltaGenerator, DeltaGenerator, DeltaGenerator]  # the two totals' columns, the table under them


def loss_side_frame() -> LossPlaces:
    """Where :func:`loss_side` writes, made by the example's fragment: a move redraws the numbers, not the columns
    (three elements fewer a move, issue 32)."""
    bce_col, ce_col = st.columns(2)
    return bce_col, ce_col, st.container()


def loss_side(now: SigmoidVsSoftmax, target: int, places: LossPlaces) -> None:
    """The two totals as metrics, and each class's BCELoss beside BCEWithLogitsLoss, in :func:`loss_side_frame`'s
    places."""
    bce_col, ce_col, table_place = places
    bce_col.metric(_("Σ BCE of the sigmoids"), f"{now.losses.bce_with_logits.sum():.4f}")
    ce_col.metric(_("Softmax cross-entropy"), f"{now.cross_entropy:.4f}")
    # A table, not a chart: the numbers are the lesson (100 against 1000), and it costs the server ~nothing.
    rows = [
        f"| {k}{' ✓' if k == target else ''} | {bce:.4f} | {exact:.4f} |"
        for k, (bce, exact) in enumerate(zip(now.losses.bce, now.losses.bce_with_logits, strict=True))
    ]
    header = "| " + _("class") + " | BCELoss(sigmoid(z)) | BCEWithLogitsLoss(z) |"
    table_place.markdown("\n".join([header, "|---|--:|--:|", *rows]))
