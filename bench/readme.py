"""Figures a bench writes into bench/README.md, between markers of its own, so a rerun replaces its old ones."""

from __future__ import annotations

import re
import time
from pathlib import Path

README = Path(__file__).resolve().with_name("README.md")


def write_block(name: str, figures: str, readme: Path = README) -> None:
    """Put ``figures`` (markdown) between ``<!-- name: begin -->`` and ``<!-- name: end -->``, stamped with the
    time; at the end of the file the first time."""
    begin, end = f"<!-- {name}: begin -->", f"<!-- {name}: end -->"
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    block = f"{begin}\nMeasured {stamp}, {figures}\n{end}"
    text = readme.read_text()
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text += "\n" + block + "\n"
    readme.write_text(text)
