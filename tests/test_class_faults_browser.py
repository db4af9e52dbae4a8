"""A class survives its faults, in Chromium through HAProxy with two replicas on a real PostgreSQL: phones answer
while replicas are SIGKILLed mid-vote, right after the moved banner's "Got it" and during a follow, and PostgreSQL
stops and starts mid-vote (a phone joining and the teacher changing page meanwhile). The short run of
bench/class_faults.py (its long run, with 30 kills and 10 store restarts, is in bench/README.md)."""

import pytest

from bench import class_faults
from deploy import postgres
from deploy.serving import haproxy_path
from tests.support.tools import require


@pytest.mark.browser
def test_no_answer_is_lost_or_counted_twice_and_no_page_is_left_dead(browser):
    require(haproxy_path() is not None, "haproxy", "`make haproxy` installs Debian's package")
    require(postgres.available(), "PostgreSQL", "`make postgresql` installs Debian's package")
    # Four kills take each moment in turn: mid-vote (1), after the moved banner (2: the phone's replica, then the one
    # it moved to), during a follow (1).
    report = class_faults.run(browser, kills=4, store_restarts=1, phones=2)
    assert (report.kills, report.store_restarts) == (4, 1)
    assert report.problems == [], "\n".join(report.problems)
    # Each phone tapped once during the outage: told it was not counted, or it already showed the outage banner (its
    # poll can beat the tap; tests/test_class_faults.py shows the "not counted" message itself, without the race).
    assert report.not_counted_said + report.outage_banner_met == 2
