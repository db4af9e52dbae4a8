"""Serve a class: several Streamlit replicas of the app behind HAProxy, so every core (and machine) is used.

One Streamlit process runs every session's reruns under one interpreter lock, so it uses about one
core however many students it serves. This starts ``--replicas`` processes (default: one per core)
on 127.0.0.1, each with its own port, and HAProxy in front of them on ``--port``:

- a cookie (``EXPLAINER_REPLICA``) keeps each browser on the replica that owns its session (its
  state, uploads and media live there); websockets pass through;
- HAProxy checks ``/_stcore/health`` every second and sends the students of a dead replica to a live
  one (``option redispatch``), where the page comes back as its URL describes;
- every replica shares one store ($EXPLAINER_STORE, default SQLite in the runtime folder): the class a
  teacher runs, its answers, and one training limit ($EXPLAINER_MAX_TRAININGS, default one per core);
  and one cookie secret (Streamlit signs cookies with it);
- a replica that dies is restarted, after a pause that grows while it keeps dying (no crash loop).

More machines: run ``python -m deploy.classroom --replicas-only`` on each, with the
same ``STREAMLIT_SERVER_COOKIE_SECRET``, and list them on the proxy machine with ``--server HOST:PORT``.
See the README's "Serving a lecture hall".
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from deploy.serving import ROOT, SERVING, free_port, haproxy_path, stop, streamlit_command, wait_healthy
from explainer.store.settings import STORE_ENV, sqlite_url  # the setting the replicas read

TEMPLATE = Path(__file__).with_name("haproxy.cfg.template")
COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"
STABLE_SECONDS = 30.0  # a replica that lived this long before dying is restarted at once
MAX_BACKOFF_SECONDS = 60.0


def replica_name(host: str, port: int) -> str:
    """The cookie value HAProxy gives a replica's students: its address, in cookie-safe characters."""
    return re.sub(r"[^A-Za-z0-9]", "-", f"{host}-{port}")


def parse_server(text: str) -> tuple[str, int]:
    """'host:port' -> ('host', port), for replicas on other machines."""
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, e.g. 10.0.0.7:8601, got {text!r}")
    return host, int(port)


def haproxy_config(bind: str, port: int, servers: list[tuple[str, int]]) -> str:
    """The HAProxy configuration for these replicas, from deploy/haproxy.cfg.template."""
    lines = [
        f"    server {replica_name(host, p)} {host}:{p} check cookie {replica_name(host, p)}" for host, p in servers
    ]
    return Template(TEMPLATE.read_text()).substitute(bind=bind, port=port, servers="\n".join(lines))


@dataclass
class Replica:
    """One `streamlit run` child, restarted with a growing pause if it keeps dying."""

    host: str
    port: int
    bind: str
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None
    started: float = 0.0
    backoff: float = 1.0
    restart_at: float | None = field(default=None)

    def start(self) -> None:
        env = {**os.environ, **self.env}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                streamlit_command(self.port, self.bind), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self.started, self.restart_at = time.monotonic(), None

    def wait_healthy(self) -> bool:
        """Wait for /_stcore/health to answer, so HAProxy starts with every replica up."""
        return wait_healthy(f"http://127.0.0.1:{self.port}", self.process)

    def supervise(self, now: float) -> None:
        """Restart a dead replica: at once if it had been up a while, else after a pause that doubles."""
        if self.process is None or self.process.poll() is None:
            if self.restart_at is not None and now >= self.restart_at:
                self.start()
            return
        code, self.process = self.process.returncode, None
        self.backoff = 1.0 if now - self.started > STABLE_SECONDS else min(self.backoff * 2, MAX_BACKOFF_SECONDS)
        self.restart_at = now + self.backoff
        print(f"replica on port {self.port} exited ({code}); restarting in {self.backoff:.0f} s", flush=True)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=cores, help=f"local Streamlit processes (default: {cores})")
    parser.add_argument("--port", type=int, default=8501, help="where students connect (default: 8501)")
    parser.add_argument("--bind", default="0.0.0.0", help="HAProxy's address (default: every interface)")
    parser.add_argument(
        "--first-replica-port", type=int, default=8601, help="replica ports count up from here; 0: any free ports"
    )
    parser.add_argument("--server", type=parse_server, action="append", default=[], help="HOST:PORT elsewhere")
    parser.add_argument("--replicas-only", action="store_true", help="no HAProxy: replicas for another machine's")
    parser.add_argument("--runtime-dir", type=Path, help="config, logs and the SQLite store (default: a temp folder)")
    args = parser.parse_args(argv)
    if args.replicas < 0 or (args.replicas == 0 and not args.server):
        parser.error("nothing to serve: give --replicas 1 or more, or --server HOST:PORT")
    return args


def shared_env(args: argparse.Namespace, runtime: Path) -> dict[str, str]:
    """What every replica shares: the cookie secret and the store."""
    secret = os.environ.get(COOKIE_SECRET_ENV) or secrets.token_hex(32)
    if args.server and COOKIE_SECRET_ENV not in os.environ:
        print(f"note: set the same {COOKIE_SECRET_ENV} on every machine of the class", file=sys.stderr)
    # One store for the class and the training limit: $EXPLAINER_STORE (PostgreSQL for several machines), else
    # SQLite in the runtime folder, which every replica of this machine opens.
    store = os.environ.get(STORE_ENV) or sqlite_url(runtime)
    if (args.server or args.replicas_only) and not os.environ.get(STORE_ENV):
        print(f"note: replicas on other machines need {STORE_ENV}=postgresql://... shared by all", file=sys.stderr)
    return {COOKIE_SECRET_ENV: secret, STORE_ENV: store}


class NotStarted(Exception):
    """A replica or HAProxy did not come up: the launcher says which and exits."""


def start_replicas(replicas: list[Replica]) -> None:
    """Start every replica, then wait until each answers its health check (else :class:`NotStarted`)."""
    for replica in replicas:
        replica.start()
    for replica in replicas:
        if not replica.wait_healthy():
            raise NotStarted(f"replica on port {replica.port} did not start: see {replica.log}")


def start_haproxy(haproxy: str, args: argparse.Namespace, replicas: list[Replica], runtime: Path) -> subprocess.Popen:
    """HAProxy in front of these replicas and ``--server``'s, answering (else :class:`NotStarted`)."""
    config = runtime / "haproxy.cfg"
    servers = [(r.host, r.port) for r in replicas] + args.server
    config.write_text(haproxy_config(args.bind, args.port, servers))
    proxy = subprocess.Popen([haproxy, "-f", str(config), "-db"], cwd=runtime)
    local = "127.0.0.1" if args.bind == "0.0.0.0" else args.bind
    if not wait_healthy(f"http://{local}:{args.port}", proxy):
        stop(proxy)
        raise NotStarted(f"HAProxy did not answer on port {args.port}")
    host = socket.gethostname() if args.bind == "0.0.0.0" else args.bind  # an address students can type
    print(f"{SERVING} {len(servers)} replicas at http://{host}:{args.port} (logs in {runtime})", flush=True)
    return proxy


class StopRequest:
    """Set by SIGTERM or SIGINT: the launcher stops what it started and exits."""

    def __init__(self) -> None:
        self.requested = False
        signal.signal(signal.SIGTERM, self.request)
        signal.signal(signal.SIGINT, self.request)

    def request(self, signum: int, frame: object) -> None:
        self.requested = True


def supervise(proxy: subprocess.Popen | None, replicas: list[Replica], stopping: StopRequest) -> int:
    """Restart dead replicas until a stop is requested (0) or HAProxy exits (1)."""
    while not stopping.requested:
        if proxy is not None and proxy.poll() is not None:
            print(f"HAProxy exited ({proxy.returncode}); stopping", file=sys.stderr, flush=True)
            return 1
        now = time.monotonic()
        for replica in replicas:
            replica.supervise(now)
        time.sleep(0.5)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    haproxy = haproxy_path()
    if not args.replicas_only and haproxy is None:
        print("HAProxy is not installed: `sudo apt-get install haproxy` (or `make haproxy` as root).", file=sys.stderr)
        return 2
    runtime = args.runtime_dir or Path(tempfile.gettempdir()) / f"explainer-classroom-{args.port}"
    logs = runtime / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = shared_env(args, runtime)
    bind = "0.0.0.0" if args.replicas_only else "127.0.0.1"
    ports = [args.first_replica_port + i if args.first_replica_port else free_port() for i in range(args.replicas)]
    replicas = [Replica("127.0.0.1", port, bind, env, logs / f"replica-{port}.log") for port in ports]
    proxy = None
    stopping = StopRequest()
    try:
        start_replicas(replicas)
        if args.replicas_only:
            servers = " ".join(f"--server THIS_HOST:{r.port}" for r in replicas)
            print(f"Replicas ready; on the HAProxy machine add: {servers} (logs in {runtime})", flush=True)
        else:
            proxy = start_haproxy(haproxy, args, replicas, runtime)
        return supervise(proxy, replicas, stopping)
    except NotStarted as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        if proxy is not None:
            stop(proxy)
        for replica in replicas:
            replica.stop()


if __name__ == "__main__":
    sys.exit(main())
