"""`make classroom` in real Chromium: two replicas behind HAProxy, and one of them killed mid-class."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deploy import classroom as deploy_classroom
from deploy.browser import EXCEPTION, click, wait_for_script
from deploy.serving import ROOT, classroom, descendants, haproxy_path, healthy
from tests.support.browser import loss_text, open_page, screenshot, upload
from tests.support.tools import require
from tests.support.waiting import wait_until

REPLICA_COOKIE = "EXPLAINER_REPLICA"


def replica_cookie(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == REPLICA_COOKIE)


@pytest.mark.browser
def test_pages_images_upload_download_and_training_through_haproxy(browser, two_replicas):
    import pandas as pd

    from explainer.data import otto, otto_synthetic

    url = two_replicas.url
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_page(page, f"{url}/softmax?logits=0.2,0.1,-0.1&target=0")
        assert loss_text(page) == "0.9729"
        assert re.fullmatch(r"127-0-0-1-\d+", replica_cookie(context)), "HAProxy's sticky cookie names the replica"

        open_page(page, f"{url}/otto?epochs=1&hidden=64")  # an upload goes to the session's replica too
        upload(page, 0, "my_train.csv", otto_synthetic.synthetic_sample(400, seed=7).to_csv(index=False).encode())
        page.wait_for_selector("text=In use: my_train.csv", timeout=30_000)
        wait_for_script(page)
        assert page.locator('[data-testid="stMetricValue"]').first.inner_text() == "400"
        click(page, "Use the synthetic sample instead")  # whose test.csv the submission is made for
        page.wait_for_selector("text=In use: the built-in synthetic sample", timeout=30_000)
        wait_for_script(page)
        click(page, "Start")
        page.wait_for_selector("text=finished 1 epoch", timeout=120_000)
        wait_for_script(page)
        with page.expect_download(timeout=60_000) as download:
            click(page, "Download submission.csv")
        assert len(pd.read_csv(download.value.path())) == otto.REAL_TEST_ROWS

        open_page(page, f"{url}/training?data=bundled&epochs=1")
        click(page, "Start")
        page.wait_for_selector("text=finished 1 epoch", timeout=120_000)
        page.wait_for_selector("text=predicts on test digits", timeout=30_000)
        page.wait_for_function(  # st.image: media files, served by the replica that holds the session
            "() => { const images = [...document.querySelectorAll('[data-testid=stImage] img')];"
            " return images.length === 8 && images.every(i => i.complete && i.naturalWidth > 0); }",
            timeout=30_000,
        )
        assert page.locator(EXCEPTION).count() == 0
    finally:
        context.close()


@pytest.mark.browser
def test_a_killed_replica_sends_its_students_to_the_other(browser, two_replicas):
    url, launcher = two_replicas.url, two_replicas.launcher
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_page(page, f"{url}/training?data=bundled&epochs=40&lr=0.1")
        click(page, "Start")
        page.wait_for_selector("text=training epoch", timeout=60_000)
        owner = replica_cookie(context)
        port = int(owner.rsplit("-", 1)[1])
        os.kill(two_replicas.replica_pid(port), signal.SIGKILL)  # mid-class, mid-training

        page.wait_for_selector("text=This page moved to another server", timeout=60_000)
        wait_for_script(page)
        assert page.locator(EXCEPTION).count() == 0
        assert page.get_by_text("No run yet").is_visible(), "the training was lost, and the page says what to do"
        assert "lr=0.1" in page.url and "epochs=40" in page.url, "the page came back as its link describes"
        screenshot(page, "classroom_moved", height=720)
        assert replica_cookie(context) != owner, "HAProxy re-pinned the browser to the live replica"
        click(page, "Got it")
        page.wait_for_selector("text=This page moved to another server", state="detached", timeout=30_000)
        wait_for_script(page)  # the rerun under way still shows the old Start beside the new one

        click(page, "Start")  # the page works on its new replica
        page.wait_for_selector("text=training epoch", timeout=60_000)
        click(page, "Stop")
        page.wait_for_selector("text=paused after batch", timeout=30_000)

        wait_until(  # the launcher restarted the dead replica, once
            lambda: healthy(f"http://127.0.0.1:{port}"), timeout=90, what="the killed replica's restart", poll=0.5
        )
        assert launcher.poll() is None
    finally:
        context.close()


def test_the_launcher_names_the_store_without_importing_torch_or_sqlalchemy():
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "deploy.classroom", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time")}
    assert "explainer.store.settings" in imported
    assert "torch" not in imported  # 2.4 s and 500 MB in a launcher that never trains
    assert "sqlalchemy" not in imported  # the replicas open the store, not the launcher


def test_the_launcher_config_lists_every_replica_with_its_cookie():

    config = deploy_classroom.haproxy_config("0.0.0.0", 8501, [("127.0.0.1", 8601), ("10.0.0.7", 8601)])
    assert "bind 0.0.0.0:8501" in config
    assert re.search(r"server 127-0-0-1-8601 127\.0\.0\.1:8601 check cookie 127-0-0-1-8601", config)
    assert re.search(r"server 10-0-0-7-8601 10\.0\.0\.7:8601 check cookie 10-0-0-7-8601", config)
    assert "option httpchk GET /_stcore/health" in config and "option redispatch" in config
    with pytest.raises(Exception, match="HOST:PORT"):
        deploy_classroom.parse_server("8601")


def test_a_replica_that_keeps_dying_is_restarted_ever_more_slowly(tmp_path, monkeypatch):
    replica = deploy_classroom.Replica("127.0.0.1", 8601, "127.0.0.1", {}, tmp_path / "log")
    starts = []

    def start() -> None:  # a replica that dies at once, as with a broken install or a taken port
        starts.append(time.monotonic())
        replica.process, replica.started, replica.restart_at = subprocess.Popen(["false"]), starts[-1], None
        replica.process.wait()

    monkeypatch.setattr(replica, "start", start)
    replica.start()
    pauses = []
    for _ in range(4):
        replica.supervise(now := time.monotonic())
        pauses.append(replica.restart_at - now)
        replica.supervise(replica.restart_at - 0.01)  # not yet
        assert len(starts) == len(pauses)
        replica.supervise(replica.restart_at)
        assert len(starts) == len(pauses) + 1
    assert pauses == pytest.approx([2.0, 4.0, 8.0, 16.0]), "no crash loop: each quick death doubles the pause"

    replica.started -= deploy_classroom.STABLE_SECONDS + 1  # one that had been up a while comes back at once
    replica.supervise(now := time.monotonic())
    assert replica.restart_at - now == pytest.approx(1.0)


def test_stopping_the_launcher_stops_its_replicas_and_haproxy(tmp_path):
    require(haproxy_path() is not None, "haproxy", "`make haproxy` installs Debian's package")
    with classroom(1, runtime=tmp_path) as served:
        launched = [pid for pid in descendants(served.launcher.pid) if pid != served.launcher.pid]
        assert len(launched) >= 2  # a replica and HAProxy
    wait_until(  # the launcher's stop waits for its children; the kernel reaps them
        lambda: not any(running(pid) for pid in launched),
        timeout=10,
        what=lambda: f"the launched processes to stop: {[pid for pid in launched if running(pid)]} left running",
        poll=0.1,
    )


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
