"""The numbers table as data: a column per class (its label and its bars' colour), a row per quantity, and which
cells each step of the worked example lights."""

from explainer.figures import style
from explainer.maths.softmax import analyse
from explainer.maths.worked_example import worked_steps
from explainer.ui.components.numbers_table import table_data


def lit_quantities(data: dict) -> list[list[str]]:
    """Class by class, the names of the quantities whose cells are lit."""
    return [[row["name"] for row in data["rows"] if row["lit"][j]] for j in range(len(data["classes"]))]


def test_the_lectures_classes_their_labels_their_bars_colours_and_their_numbers():
    report = analyse([0.2, 0.1, -0.1], 0)
    data = table_data(report, worked_steps(report)[0])
    assert [row["name"] for row in data["rows"]] == ["z", "e^z", "p", "log p", "target q", "∂L/∂z"]
    assert [column["k"] for column in data["classes"]] == [0, 1, 2]
    assert [column["label"] for column in data["classes"]] == ["0 ✓", "1", "2"]
    assert [row["cells"][0] for row in data["rows"]] == ["0.2000", "1.2214", "0.3780", "-0.9729", "1.0000", "-0.6220"]
    assert [column["color"] for column in data["classes"]] == [style.TRUE_CLASS, style.OTHER_CLASS, style.OTHER_CLASS]


def test_a_wrong_prediction_is_vermillion_as_its_bars():
    report = analyse([0.2, 2.0, -0.1], 0)
    data = table_data(report, worked_steps(report)[0])
    assert [column["color"] for column in data["classes"]] == [
        style.TRUE_CLASS,
        style.PREDICTED_WRONG,
        style.OTHER_CLASS,
    ]


def test_each_step_lights_its_quantity_and_the_loss_only_the_true_class():
    report = analyse([0.2, 0.1, -0.1], 1)
    lit = [lit_quantities(table_data(report, step)) for step in worked_steps(report)]
    assert lit[0] == [["z"]] * 3
    assert lit[1] == lit[2] == [["e^z"]] * 3  # exponentiate, then sum them
    assert lit[3] == [["p"]] * 3
    assert lit[4] == [[], ["log p"], []]  # one-hot: only the true class's −log p counts


def test_with_label_smoothing_the_loss_lights_every_log_p():
    report = analyse([0.2, 0.1, -0.1], 0, label_smoothing=0.1)
    assert lit_quantities(table_data(report, worked_steps(report)[4])) == [["log p"]] * 3


def test_without_a_step_no_cell_is_lit():
    report = analyse([0.2, 0.1, -0.1], 0)
    assert lit_quantities(table_data(report, None)) == [[]] * 3


def test_an_overflowing_e_to_the_z_reads_infinity_and_temperature_renames_its_row():
    report = analyse([1000.0, -1000.0, 0.0], 0, temperature=0.5)
    data = table_data(report, worked_steps(report)[1])
    exps = data["rows"][1]
    assert exps["name"] == "e^(z/T)"
    assert exps["cells"] == ["∞", "0.0000", "1.0000"]
    assert lit_quantities(data) == [["e^(z/T)"]] * 3


def test_a_huge_e_to_the_z_is_written_in_powers_of_ten():
    report = analyse([700.0, 0.0], 0)
    assert table_data(report, None)["rows"][1]["cells"] == ["1.0142e304", "1.0000"]
