"""One link-state mechanism: each owner reads its own link parameters once and writes only them back, so no page's
rerun drops another owner's parameter; ``st.query_params`` is spelled in one module."""

from __future__ import annotations

import re

import pytest

from explainer.links import LINK_OWNERS, LINKS
from tests.support.apptest import ROOT, no_exceptions, open_page

# A valid value for every parameter that a page, or lecture mode, owns (class= and teacher= join a class).
VALUES = {
    "logits": "1.5,0.5,-1", "target": "1", "T": "2", "eps": "0.1", "shift": "1", "epochs": "2", "batch": "32",
    "lr": "0.1", "momentum": "0.9", "optimizer": "adam", "hidden": "64", "seed": "3", "data": "bundled",
    "digit": "4", "diagonal": "hidden", "lecture": "1", "lrs": "0.01,0.1", "per_decade": "3", "momenta": "0.5",
    "batches": "32", "optimizers": "adam", "nets": "none", "trial_epochs": "1", "method": "random", "trials": "3",
    "lang": "zh-CN",
}  # fmt: skip
PAGES = [owner for owner in LINK_OWNERS if (ROOT / "pages" / f"{owner}.py").exists()]


def test_every_page_parameter_has_a_value_here_and_the_every_page_owners_share_no_name():
    assert set(VALUES) == {name for owner, names in LINK_OWNERS.items() if owner != "class" for name in names}
    assert set(VALUES) <= set(LINKS)
    on_every_page = ("lecture_mode", "class")  # the pages' own may share names: one page is on screen at a time
    for owner in on_every_page:
        others = {name for other, names in LINK_OWNERS.items() if other != owner for name in names}
        assert not set(LINK_OWNERS[owner]) & others, owner


@pytest.mark.parametrize("page", PAGES)
def test_a_page_keeps_its_own_link_and_never_drops_anothers(page):
    own = {name: VALUES[name] for name in LINK_OWNERS[page]}
    foreign = {name: value for name, value in VALUES.items() if name not in own}
    at = open_page(page, {**own, **foreign})
    for run in ("first run", "a rerun"):
        no_exceptions(at)
        assert not [w.value for w in at.warning if "ignored" in w.value], run  # every value above is valid
        query = {name: at.query_params[name] for name in at.query_params}
        assert {name: query.get(name) for name in foreign} == foreign, run
        assert set(own) - {"data"} <= set(query), run  # the page writes its own back (data: where it has a choice)
        at.run()


def test_only_the_link_state_module_touches_the_address():
    users = sorted(
        str(path.relative_to(ROOT))
        for folder in ("explainer", "pages")
        for path in (ROOT / folder).rglob("*.py")
        if re.search(r"\bquery_params\b", path.read_text(encoding="utf-8"))
    )
    assert users == ["explainer/ui/shell/link_state.py"]
