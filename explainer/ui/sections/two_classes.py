"""The sigmoid page's last picture: with two classes, softmax is the sigmoid (the previous lecture's logistic
regression is a two-class softmax classifier)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from explainer.figures import style as figures
from explainer.i18n import _
from explainer.maths import softmax
from explainer.ui.shell.accessibility import chart


def two_classes(page: str) -> None:
    """sigmoid(z) and softmax([z, 0])[0] against z, and the largest gap between them."""
    st.subheader(_("Two classes: softmax is the sigmoid"))
    z = np.linspace(-8, 8, 161)
    sig, soft = softmax.two_class_curves(z)
    chart(
        figures.curves(
            z,
            {"sigmoid(z)": sig, "softmax([z, 0])[0]": soft},
            {"sigmoid(z)": figures.SIGMOID, "softmax([z, 0])[0]": figures.SOFTMAX},
            _("logit difference z"),
            _("P(class 0)"),
        ),
        _("Two classes: sigmoid(z) and softmax([z, 0])[0] against z"),
        key=f"{page}:two_classes",
        description=_(
            "The two curves lie on top of each other from z = −8 to 8: with two classes softmax is the sigmoid."
        ),
    )
    st.caption(
        _(
            "Largest gap between the curves: {gap:.1e}. Binary logistic regression "
            "(the previous lecture, the diabetes data) is a two-class softmax classifier."
        ).format(gap=np.abs(sig - soft).max())
    )
