"""The colour language holds in the figures: true class green, wrong prediction vermillion, gradient by sign."""

import tomllib
from pathlib import Path

import numpy as np

from explainer.figures import digits as digit_figures
from explainer.figures import softmax as softmax_figures
from explainer.figures import style as figures
from explainer.figures import training as training_figures
from explainer.figures.describe import (
    confusion_description,
    curves_description,
    figure_summary,
    probabilities_description,
)
from explainer.maths.softmax import analyse


def test_softmax_pipeline_speaks_the_colour_language():
    report = analyse([0.5, 2.0, -1.0], target=0)  # predicts class 1: wrong
    logits, probabilities, target_q, gradient = softmax_figures.softmax_pipeline(report).data
    expected = [figures.TRUE_CLASS, figures.PREDICTED_WRONG, figures.OTHER_CLASS]
    assert list(logits.marker.color) == expected and list(probabilities.marker.color) == expected
    assert target_q.marker.color == figures.TRUE_CLASS
    assert list(target_q.y) == [1.0, 0.0, 0.0]
    assert list(gradient.marker.color) == [
        figures.NEGATIVE_GRADIENT,
        figures.POSITIVE_GRADIENT,
        figures.POSITIVE_GRADIENT,
    ]


def test_prediction_bars_mark_right_and_wrong():
    right = digit_figures.prediction_bars(analyse([3.0, 0.0], 0).probabilities, 0).data[0]
    wrong = digit_figures.prediction_bars(analyse([0.0, 3.0], 0).probabilities, 0).data[0]
    assert list(right.marker.color) == [figures.TRUE_CLASS, figures.OTHER_CLASS]
    assert list(wrong.marker.color) == [figures.TRUE_CLASS, figures.PREDICTED_WRONG]


def test_streamlit_theme_has_the_figures_colours_and_a_primary_no_class_uses():
    """.streamlit/config.toml cannot import style.py: this fails when the two drift apart."""
    config = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"
    themes = tomllib.loads(config.read_text(encoding="utf-8"))["theme"]
    assert set(themes) >= {"light", "dark"}
    figure_colours = {
        figures.TRUE_CLASS,
        figures.PREDICTED_WRONG,
        figures.OTHER_CLASS,
        figures.POSITIVE_GRADIENT,
        figures.NEGATIVE_GRADIENT,
        figures.SIGMOID,
        figures.SOFTMAX,
    }
    for name in ("light", "dark"):
        theme = {key: value.upper() for key, value in themes[name].items() if key.endswith("Color")}
        assert theme["greenColor"] == figures.TRUE_CLASS, name  # metric deltas and :green[...] text
        assert theme["redColor"] == figures.PREDICTED_WRONG, name
        assert theme["primaryColor"] not in figure_colours, name  # a widget never looks like "true class"
    assert themes["light"]["primaryColor"].upper() == themes["dark"]["primaryColor"].upper() == figures.PRIMARY


MEANINGFUL = {  # every colour that carries meaning in a figure: a class, a gradient's sign, a series, a run
    name: getattr(figures, name)
    for name in ("TRUE_CLASS", "PREDICTED_WRONG", "OTHER_CLASS", "POSITIVE_GRADIENT", "NEGATIVE_GRADIENT")
    + ("SIGMOID", "SOFTMAX", "PRIMARY")
} | {f"RUN_COLORS[{i}]": colour for i, colour in enumerate(training_figures.RUN_COLORS)}


def test_every_meaningful_colour_contrasts_3_to_1_with_both_themes_backgrounds():
    """WCAG 1.4.11: bars, curves and markers must stand out from the page in the light and the dark theme."""
    weak = {
        (name, theme): round(figures.contrast_ratio(colour, background), 2)
        for name, colour in MEANINGFUL.items()
        for theme, background in figures.BACKGROUNDS.items()
        if figures.contrast_ratio(colour, background) < 3
    }
    assert weak == {}


def test_primary_buttons_text_and_the_light_themes_captions_reach_4_5_to_1():
    config = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"
    light = tomllib.loads(config.read_text(encoding="utf-8"))["theme"]["light"]
    assert figures.contrast_ratio(figures.PRIMARY, "#FFFFFF") >= 4.5  # white label on a primary button
    # Streamlit draws captions in the text colour at 60 % over the background.
    text = [int(light["textColor"][i : i + 2], 16) for i in (1, 3, 5)]
    caption = "#" + "".join(f"{round(0.6 * c + 0.4 * 255):02X}" for c in text)
    assert figures.contrast_ratio(caption, figures.BACKGROUNDS["light"]) >= 4.5, caption


def test_each_charts_sentence_follows_its_data():
    """A chart's text alternative is computed from what it draws: new data, a new sentence."""
    one_epoch = [("#1 sgd", "#000", [0.5, 1.0], [2.3, 1.2])]
    three_epochs = [("#1 sgd", "#000", [0.5, 1.0, 2.0, 3.0], [2.3, 1.2, 0.6, 0.41])]
    assert (
        curves_description(one_epoch, "running loss") == "Run #1: running loss fell from 2.30 to 1.20 over 1.0 epochs."
    )
    assert curves_description(three_epochs, "running loss").endswith("fell from 2.30 to 0.41 over 3.0 epochs.")
    assert "rose from 10.0 % to 87.0 %" in curves_description([("#2", "#000", [1, 2], [0.1, 0.87])], "test accuracy %")
    early, late = np.array([[3, 7], [6, 4]]), np.array([[9, 1], [2, 8]])
    assert confusion_description(early, ["0", "1"]).startswith("7 of 20 digits right (35.0%).")
    assert confusion_description(late, ["0", "1"]).startswith("17 of 20 digits right (85.0%).")
    assert "1 read as 0 2 times" in confusion_description(late, ["0", "1"])
    assert probabilities_description([0.1, 0.9], 1).endswith("so the prediction is right.")
    assert probabilities_description([0.9, 0.1], 1).endswith("so the prediction is wrong.")
    assert (
        figure_summary(digit_figures.prediction_bars(np.array([0.1, 0.9]), 1))
        == "2 bars, highest 1 ✓ at 0.9, lowest 0 at 0.1."
    )
