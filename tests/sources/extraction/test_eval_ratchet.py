"""The importer's figures on the annotated corpora may only go up (`make eval`)."""

import pytest

from sources.extraction import evaluation


@pytest.fixture(scope="module")
def figures():
    return {s.name: evaluation.evaluate(s)[0] for s in evaluation.SETS}


@pytest.mark.parametrize("set_name", [s.name for s in evaluation.SETS])
@pytest.mark.parametrize("figure", evaluation.RATCHETED)
def test_figure_holds(figures, set_name, figure):
    floor = evaluation.recorded_figures()["sets"][set_name][figure]
    now = figures[set_name][figure]
    assert now is not None and now >= floor - evaluation.TOLERANCE, (
        f"{figure} on {set_name} fell to {now} from {floor}: see `make eval`; "
        "when a fall is intended, record the new figures with `make eval-record`"
    )
