"""The colour language holds in the figures: true class green, wrong prediction vermillion, gradient by sign."""

from explainer.figures import style as figures
from explainer.maths.softmax import analyse


def test_prediction_bars_mark_right_and_wrong():
    right = figures.prediction_bars(analyse([3.0, 0.0], 0).probabilities, 0).data[0]
    wrong = figures.prediction_bars(analyse([0.0, 3.0], 0).probabilities, 0).data[0]
    assert list(right.marker.color) == [figures.TRUE_CLASS, figures.OTHER_CLASS]
    assert list(wrong.marker.color) == [figures.TRUE_CLASS, figures.PREDICTED_WRONG]
