"""A drawing on its way into the network, step by step, as MNIST prepared its digits: the pad's drawing and its
ink's box, scaled into 20 x 20, placed in 28 x 28 by its centre of mass, then the 784 numbers the network receives."""

from __future__ import annotations

import streamlit as st

from explainer.data.drawing import Preprocessed, centre_of_mass
from explainer.figures import digits as digit_figures
from explainer.figures import drawing as figures
from explainer.i18n import _
from explainer.ui.shell.accessibility import chart


def preprocessing_steps(stages: Preprocessed) -> None:
    """Each stage of ``stages`` as a picture with a caption, and the 784 numbers on request."""
    st.subheader(_("MNIST's preprocessing, step by step"))
    drawn, scaled, placed = st.columns(3)
    drawn.image(figures.stage_image(stages.drawing, box=stages.box), alt=_("Your drawing, its ink framed"))
    drawn.caption(
        _("Your drawing as the pad sends it ({height} × {width}); indigo frame: the ink's bounding box.").format(
            height=stages.drawing.shape[0], width=stages.drawing.shape[1]
        )
    )
    scaled.image(
        figures.stage_image(figures.in_box(stages.scaled), box=(0, 20, 0, 20)),
        alt=_("The drawing scaled into 20 × 20"),
    )
    scaled.caption(
        _(
            "Cropped and scaled into the 20 × 20 box, keeping the aspect ratio: {height} × {width} pixels, "
            "grey at the edges."
        ).format(height=stages.scaled.shape[0], width=stages.scaled.shape[1])
    )
    (top, left), (height, width) = stages.offset, stages.scaled.shape
    placed.image(
        figures.stage_image(
            stages.digit, box=(top, top + height, left, left + width), mark=centre_of_mass(stages.digit)
        ),
        alt=_("The drawing placed in 28 × 28, centred on its centre of mass"),
    )
    placed.caption(
        _(
            "Placed in 28 × 28 so that its centre of mass (cross) is at the centre, like every MNIST digit; "
            "frame: where the scaled ink went."
        )
    )

    st.subheader(_("What the network receives: ToTensor, Normalize, 784 numbers"))
    st.image(
        figures.strip_image(stages.digit), width="stretch", alt=_("The 784 pixels as one long strip, row after row")
    )
    st.caption(
        _(
            "28 × 28 = 784: the rows one after another, `x.view(-1, 784)`, row 0 on the left. "
            "Linear(784, 512) multiplies exactly this vector."
        )
    )
    # Off by default: 784 numbers written in cells are the slowest thing to draw, and every stroke redraws them.
    if st.toggle(_("Show the 784 numbers as a 28 × 28 grid, as on the MNIST page"), key="draw:numbers_on"):
        numbers = digit_figures.digit_grid(stages.normalized, "%{z:.1f}", height=700)
        chart(numbers, _("The 784 normalized numbers as a 28 × 28 grid"), key="draw:numbers")
