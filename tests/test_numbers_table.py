"""The worked example's numbers table as data: what each row shows and which cells each step lights."""

from explainer.figures import style
from explainer.maths.softmax import analyse
from explainer.maths.worked_example import worked_steps
from explainer.ui.numbers_table import table_data


def lit_columns(data: dict) -> list[list[str]]:
    """Row by row, the names of the columns whose cells are lit."""
    return [[name for name, lit in zip(data["columns"], row["lit"], strict=True) if lit] for row in data["rows"]]


def test_the_lectures_rows_their_labels_and_their_bars_colours():
    report = analyse([0.2, 0.1, -0.1], 0)
    data = table_data(report, worked_steps(report)[0])
    assert data["columns"] == ["z", "e^z", "p = softmax", "log p", "target q", "∂L/∂z"]
    assert [row["k"] for row in data["rows"]] == [0, 1, 2]
    assert [row["label"] for row in data["rows"]] == ["0 ✓", "1", "2"]
    assert data["rows"][0]["cells"] == ["0.2000", "1.2214", "0.3780", "-0.9729", "1.0000", "-0.6220"]
    assert [row["color"] for row in data["rows"]] == [style.TRUE_CLASS, style.OTHER_CLASS, style.OTHER_CLASS]


def test_a_wrong_prediction_is_vermillion_as_its_bars():
    report = analyse([0.2, 2.0, -0.1], 0)
    data = table_data(report, worked_steps(report)[0])
    assert [row["color"] for row in data["rows"]] == [style.TRUE_CLASS, style.PREDICTED_WRONG, style.OTHER_CLASS]


def test_each_step_lights_its_columns_and_the_loss_only_the_true_class():
    report = analyse([0.2, 0.1, -0.1], 1)
    lit = [lit_columns(table_data(report, step)) for step in worked_steps(report)]
    assert lit[0] == [["z"]] * 3
    assert lit[1] == lit[2] == [["e^z"]] * 3  # exponentiate, then sum them
    assert lit[3] == [["p = softmax"]] * 3
    assert lit[4] == [[], ["log p"], []]  # one-hot: only the true class's −log p counts


def test_with_label_smoothing_the_loss_lights_every_log_p():
    report = analyse([0.2, 0.1, -0.1], 0, label_smoothing=0.1)
    assert lit_columns(table_data(report, worked_steps(report)[4])) == [["log p"]] * 3


def test_an_overflowing_e_to_the_z_reads_infinity_and_temperature_renames_its_column():
    report = analyse([1000.0, -1000.0, 0.0], 0, temperature=0.5)
    data = table_data(report, worked_steps(report)[1])
    assert data["columns"][1] == "e^(z/T)"
    assert [row["cells"][1] for row in data["rows"]] == ["∞", "0.0000", "1.0000"]
    assert lit_columns(data) == [["e^(z/T)"]] * 3
