"""Server CPU per move of a logit, this checkout against another (issue 32), interleaved in one run.

One simulated student (bench/student.py) per server moves a logit back and forth, by its slider and by letting go of
its bar in the logit lab; each move is awaited to the end of its run, so the server's CPU over a round, divided by its
moves, is what one move costs. The contenders take
turns round by round (this machine's speed drifts within minutes) and each one's median round is compared.

    .venv/bin/python -m bench.move_cost --baseline /tmp/base        # a checkout of the commit the work starts from
    .venv/bin/python -m bench.move_cost --baseline /tmp/base --floor   # and Streamlit's floors (softmax, slider)

Both servers run the same Python (this venv); each from its own checkout. Offline data, no store shared.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import tempfile
from pathlib import Path

from bench.student import Student, stream_url
from deploy.serving import ROOT, cpu_seconds, streamlit_server

# The pages whose moves issue 32 counts, and the slider each one moves (explainer.ui.sections.logit_controls).
SLIDERS = {"softmax": "softmax:z0", "sigmoid_vs_softmax": "sigmoid_vs_softmax:z1"}
HOWS = ("slider", "release")  # a move of that slider, and the same logit let go in the logit lab


def _logits(tab: Student, page: str) -> list[float]:
    """The logits the page's sliders hold now (their keys: explainer.ui.sections.logit_controls)."""
    keys = [f"{page}:z{i}" for i in range(10) if f"{page}:z{i}" in tab.ids]
    return [tab.states[tab.ids[key]].double_array_value.data[0] for key in keys]


async def _round(ws_url: str, pid: int, page: str, moves: int, how: str) -> float:
    """CPU milliseconds per move over ``moves`` moves of one student (after two that warm the page): ``how`` is
    "slider" (the page's slider) or "release" (the same logit let go in the logit lab)."""
    tab = Student(ws_url, page)
    try:
        await tab.open()
        slider = SLIDERS[page]
        index = int(slider.rsplit("z", 1)[1])

        async def move(value: float) -> None:
            if how == "slider":
                await tab.rerun([tab.slider(slider, value)])
            else:
                logits = _logits(tab, page)
                logits[index] = value
                await tab.release_bar(f"{page}:lab", logits)

        for value in (0.5, 1.0):
            await move(value)
        start = cpu_seconds([pid])
        for step in range(moves):
            await move(round(0.1 * (step % 20) - 1.0, 2))
        return 1000 * (cpu_seconds([pid]) - start) / moves
    finally:
        await tab.close()


# Streamlit's own floor for a softmax-page move: its fragment with the same widgets and nothing else, without the logit
# lab and with it (bench/floor_app.py). A contender: a checkout, the script it serves, and what it adds to the server's
# environment.
FLOORS = {
    "floor": (ROOT, "bench/floor_app.py", {}),
    "floor+lab": (ROOT, "bench/floor_app.py", {"EXPLAINER_FLOOR_LAB": "1"}),
}


def measure(
    contenders: dict[str, tuple[Path, str, dict[str, str]]],
    pages: list[str],
    rounds: int,
    moves: int,
    hows: tuple[str, ...] = HOWS,
) -> dict[tuple[str, str, str], list]:
    """Each contender's ms per move, per page and kind of move, one list entry per round, taking turns. A contender
    is a checkout, the script it serves and its environment; the floors serve only the softmax page's slider moves."""
    results: dict[tuple[str, str, str], list[float]] = {}
    with contextlib.ExitStack() as stack:
        servers = {}
        for name, (root, script, extra) in contenders.items():
            store = stack.enter_context(tempfile.TemporaryDirectory())
            env = {"EXPLAINER_OFFLINE": "1", "EXPLAINER_STORE": f"sqlite:///{store}/store.sqlite3", **extra}
            servers[name] = stack.enter_context(streamlit_server(env, root=root, script=script))
        for turn in range(rounds):
            order = list(servers) if turn % 2 == 0 else list(reversed(servers))
            for page in pages:
                for how in hows:
                    for name in order:
                        if name in FLOORS and (page != "softmax" or how != "slider"):
                            continue
                        server = servers[name]
                        cost = asyncio.run(_round(stream_url(server.url), server.pid, page, moves, how))
                        results.setdefault((name, page, how), []).append(cost)
                        print(f"round {turn + 1} {page:20s} {how:8s} {name:9s} {cost:6.2f} ms per move", flush=True)
    return results


def report(results: dict[tuple[str, str, str], list[float]], pages: list[str], hows: tuple[str, ...] = HOWS) -> str:
    """A markdown table: each contender's median (and fastest) round per page and move, and its ratio."""
    lines = ["| page | move | contender | ms per move (median of rounds) | fastest round | / baseline |"]
    lines.append("|---|---|---|---|---|---|")
    for page in pages:
        for how in hows:
            base = statistics.median(results[("baseline", page, how)])
            for name in ("baseline", "now", *FLOORS):
                if (costs := results.get((name, page, how))) is not None:
                    median = statistics.median(costs)
                    lines.append(
                        f"| {page} | {how} | {name} | {median:.2f} | {min(costs):.2f} | {median / base:.2f}x |"
                    )
    if ("now", "softmax", "slider") in results:  # issue 32's fallback: within 1.3x of the floor
        now = statistics.median(results[("now", "softmax", "slider")])
        for name in FLOORS:
            if (costs := results.get((name, "softmax", "slider"))) is not None:
                lines.append(f"\nsoftmax slider, now / {name}: {now / statistics.median(costs):.2f}x")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout of the commit to compare against")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--moves", type=int, default=40, help="per round")
    parser.add_argument("--page", choices=list(SLIDERS), action="append", help="default: both pages")
    parser.add_argument("--floor", action="store_true", help="also Streamlit's floors (bench/floor_app.py)")
    args = parser.parse_args()
    pages = args.page or list(SLIDERS)
    contenders = {
        "baseline": (args.baseline.resolve(), "explainer/Home.py", {}),
        "now": (ROOT, "explainer/Home.py", {}),
    }
    if args.floor:
        contenders.update(FLOORS)
    results = measure(contenders, pages, args.rounds, args.moves)
    print(report(results, pages))


if __name__ == "__main__":
    main()
