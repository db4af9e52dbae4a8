import numpy as np
import streamlit as st

from explainer.data import digits
from explainer.figures import digits as digit_figures
from explainer.figures import style as figures
from explainer.figures.digit_zoom import CENTRE, ZOOM, with_window, zoom_window
from explainer.i18n import _
from explainer.ui import resources as ui
from explainer.ui.shell.accessibility import chart
from explainer.ui.shell.page_frame import lesson_footer, page_header, picture_first_columns

page_header(
    "mnist_data",
    _("Pick a digit and switch the view: the network never sees a picture, only these 784 numbers."),
)
mnist = ui.mnist_data()
picker, grid = picture_first_columns([1, 3])
with picker:
    split = st.radio(
        _("Split"),
        ["train", "test"],
        format_func=lambda name: _(digit_figures.SPLIT_NAMES[name]),
        horizontal=True,
        key="mnist:split",
    )
    images, labels = (
        (mnist.train_images, mnist.train_labels) if split == "train" else (mnist.test_images, mnist.test_labels)
    )
    digit_class = st.selectbox(
        _("Class"), ["any", *range(10)], format_func=lambda k: _("any") if k == "any" else str(k), key="mnist:class"
    )
    candidates = np.arange(len(labels)) if digit_class == "any" else np.flatnonzero(labels == digit_class)
    if st.button(_("Random digit"), icon=":material/casino:", key="mnist:random"):
        st.session_state["mnist:index"] = int(np.random.default_rng().integers(len(candidates)))
    position = st.number_input(
        _("Index among these {count:,} digits").format(count=len(candidates)),
        0,
        len(candidates) - 1,
        0,
        key="mnist:index",
    )
    index = int(candidates[min(position, len(candidates) - 1)])
    st.metric(_("Label"), int(labels[index]))
    raw, unit, norm = digits.worked_pixel(images[index])
    st.markdown(
        _("Brightest pixel: **{raw}** → ToTensor **{unit:.4f}** → Normalize **{norm:.4f}**").format(
            raw=raw, unit=unit, norm=norm
        )
    )

views = digits.pixel_views(images[index])
with grid:
    chosen_view = st.segmented_control(
        _("View"), digits.VIEWS, format_func=_, default=digits.VIEWS[0], key="mnist:view"
    )
    view = views[chosen_view or "Normalize"]
    charts = st.container()  # right under the view (on a 1280 x 720 screen), drawn once the sliders are read
    st.latex(view.formula)
    top_col, left_col = st.columns(2)
    top = top_col.slider(_("Window: first row"), 0, 28 - ZOOM, CENTRE, key="mnist:top")
    left = left_col.slider(_("Window: first column"), 0, 28 - ZOOM, CENTRE, key="mnist:left")
    whole, zoom = charts.columns([2, 3])
    full = digit_figures.digit_grid(view.values, view.cell_format, show_numbers=False, height=400)
    with whole:
        name = _("The digit's 784 numbers, {view}").format(view=_(view.name))
        chart(with_window(full, top, left), name, key="mnist:grid")
    with zoom:
        chart(
            zoom_window(view.values, top, left, view.cell_format, height=400),
            _("The {size} × {size} window, its numbers written in the cells").format(size=ZOOM),
            key="mnist:zoom",
        )
    st.caption(
        _("All 784 numbers at once would be too small to read: move the {size} × {size} window (outlined).").format(
            size=ZOOM
        )
    )

st.subheader(_("28 × 28 = 784: flattened into one row, `x.view(-1, 784)`"))
chart(digit_figures.flattened_strip(view.values), _("The 784 numbers in one row"), key="mnist:strip")
st.caption(_("The MLP's first layer, Linear(784, 512), multiplies exactly this vector. Row 0 comes first."))

samples, counts = st.columns([3, 2], gap="large")
with samples:
    st.subheader(_("Five of every class"))
    chosen = digits.examples_per_class(mnist.train_labels, 5).reshape(10, 5).T.ravel()  # row r: sample r of 0..9
    chart(
        digit_figures.digit_gallery(mnist.train_images[chosen], mnist.train_labels[chosen], columns=10),
        _("Five training digits of every class, 0 to 9 left to right"),
        key="mnist:gallery",
        description=_("Five handwritten examples of each digit 0 to 9, one class a column."),
    )
with counts:
    st.subheader(_("Examples per class"))
    chart(
        digit_figures.count_bars(
            {"train": digits.class_counts(mnist.train_labels), "test": digits.class_counts(mnist.test_labels)},
            {"train": figures.SOFTMAX, "test": figures.OTHER_CLASS},
            [str(c) for c in range(10)],
        ),
        _("Examples per class, train and test"),
        key="mnist:counts",
    )

if mnist.source == "torchvision":
    data_title = _("Data: full MNIST, {train:,} training and {test:,} test digits")
else:
    data_title = _("Data: the bundled 5,000-digit subset, {train:,} training and {test:,} test digits")
with st.expander(data_title.format(train=mnist.n_train, test=mnist.n_test), icon=":material/dataset:"):
    st.caption(mnist.translated_notice())  # where the files are: for whoever runs the server, not for the projector

lesson_footer("mnist_data")
