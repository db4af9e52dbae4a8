"""The Otto page's data sets, read or made once per server and shared read-only by every session that uses the same
bytes: the synthetic sample and its test set, uploads (checked), the split and transformed tensors, the features'
scales, and the synthetic files to download.

Each cache says what it computes with ``st.spinner`` where it is called, in the reader's language (a spinner shows
only when the call takes a while, so a cached answer shows none), not with ``show_spinner``: its text would be fixed,
in English, when this module is imported.
"""

from __future__ import annotations

import streamlit as st

from explainer.data import otto, otto_csv, otto_features, otto_synthetic
from explainer.i18n import N_, _
from explainer.training import otto as otto_run
from explainer.training.config import choose_device
from explainer.training.otto import Prepared

# The synthetic test set's source, kept in English in the shared cache and translated where it is shown.
SYNTHETIC_TEST_SOURCE = N_("the synthetic test.csv")


@st.cache_resource(show_spinner=False)
def _synthetic_train() -> otto.OttoData:
    return otto_synthetic.load_synthetic()


def synthetic_train() -> otto.OttoData:
    with st.spinner(_("Generating the synthetic sample (61,878 rows)…")):
        return _synthetic_train()


@st.cache_resource(show_spinner=False)
def _synthetic_test(_train: otto.OttoData) -> otto.OttoTest:
    return otto_csv.read_test_frame(
        otto_synthetic.synthetic_test(), _train, source=SYNTHETIC_TEST_SOURCE, is_synthetic=True
    )


def synthetic_test() -> otto.OttoTest:
    train = synthetic_train()
    with st.spinner(_("Generating the synthetic test.csv (144,368 rows)…")):
        return _synthetic_test(train)


def source_text(test: otto.OttoTest) -> str:
    """Where the test rows came from, as the page says it: an upload's file name, or the synthetic file's name."""
    return _(SYNTHETIC_TEST_SOURCE) if test.is_synthetic else test.source


@st.cache_resource(max_entries=4, show_spinner=False)
def _uploaded_train(key: str, name: str, _raw: bytes) -> otto.OttoData:
    return otto_csv.read_train_csv(_raw, name=name)


def uploaded_train(key: str, name: str, raw: bytes) -> otto.OttoData:
    """A validated upload, shared by every session that uploads the same bytes; raises OttoFormatError.

    An error is not cached, so its message is always in the language of the session that uploaded the file.
    """
    with st.spinner(_("Checking train.csv…")):
        return _uploaded_train(key, name, raw)


@st.cache_resource(max_entries=4, show_spinner=False)
def _uploaded_test(key: str, name: str, _raw: bytes, _train: otto.OttoData) -> otto.OttoTest:
    return otto_csv.read_test_csv(_raw, _train, name=name)


def uploaded_test(key: str, name: str, raw: bytes, train: otto.OttoData) -> otto.OttoTest:
    """Checked against the training columns, which are Otto's for every valid train.csv: one entry per file."""
    with st.spinner(_("Checking test.csv…")):
        return _uploaded_test(key, name, raw, train)


@st.cache_resource(max_entries=8, show_spinner=False)
def _prepared(data_key: str, transform: str, seed: int, label: str, _data: otto.OttoData) -> Prepared:
    return otto_run.prepare(_data, transform, label, seed, device=choose_device())


def prepared(data_key: str, transform: str, seed: int, label: str, data: otto.OttoData) -> Prepared:
    """Read-only tensors per (file content, transform, split seed); every session may share them."""
    with st.spinner(_("Splitting off the validation rows and transforming the features…")):
        return _prepared(data_key, transform, seed, label, data)


@st.cache_resource(max_entries=16, show_spinner=False)
def feature_scale(data_key: str, transform: str, seed: int, _ready: Prepared) -> otto_features.FeatureScale:
    """Per-feature zeros, spread and extremes: small, read-only, computed once per data and transform."""
    return otto_run.feature_scale(_ready)


@st.cache_data(max_entries=16, show_spinner=False)
def synthetic_csv(kind: str) -> bytes:
    """The synthetic train.csv or test.csv as a file, to try the upload path with."""
    frame = otto_synthetic.synthetic_sample() if kind == "train" else otto_synthetic.synthetic_test()
    return frame.to_csv(index=False).encode()
