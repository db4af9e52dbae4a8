"""How an evaluation names its samples and its held-out split: the digits' "test images", Otto's "validation
products"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """What the samples are called and which held-out split is scored, so no page borrows another's words."""

    items: str = "images"  # what one sample is, plural
    held_out: str = "test"  # the split the run never trained on

    @property
    def item(self) -> str:
        return self.items.removesuffix("s")
