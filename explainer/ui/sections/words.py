"""How an evaluation names its samples and its held-out split: the digits' "test images", Otto's "validation
products"."""

from __future__ import annotations

from dataclasses import dataclass

from explainer.i18n import N_, _

# The words an evaluation may be given (the fields stay English: code compares and replaces them), marked for the
# catalog and translated where they are shown. A word not listed is shown as it is.
ITEM_WORDS = (N_("images"), N_("image"), N_("products"), N_("product"))
HELD_OUT_WORDS = (N_("test"), N_("validation"))
# The split's samples and the split itself as one phrase each: "test images", "the test set".
PHRASES = {
    ("test", "images"): N_("test images"),
    ("test", "image"): N_("test image"),
    ("validation", "products"): N_("validation products"),
    ("validation", "product"): N_("validation product"),
}
SETS = {"test": N_("test set"), "validation": N_("validation set")}


@dataclass(frozen=True)
class Words:
    """What the samples are called and which held-out split is scored, so no page borrows another's words.

    The fields are English (the code reads them); the ``*_shown`` properties are the words a person reads, in the
    reader's language.
    """

    items: str = "images"  # what one sample is, plural
    held_out: str = "test"  # the split the run never trained on

    @property
    def item(self) -> str:
        return self.items.removesuffix("s")

    @property
    def items_shown(self) -> str:
        """The samples, plural, as a person reads them: "images" (图像)."""
        return _(self.items)

    @property
    def item_shown(self) -> str:
        """One sample as a person reads it: "image"."""
        return _(self.item)

    @property
    def held_out_shown(self) -> str:
        """The split as a person reads it, as a word before a noun: "test"."""
        return _(self.held_out)

    @property
    def held_out_items(self) -> str:
        """The split's samples as one phrase: "test images", "validation products"."""
        phrase = PHRASES.get((self.held_out, self.items))
        return _(phrase) if phrase else f"{self.held_out_shown} {self.items_shown}"

    @property
    def held_out_item(self) -> str:
        """One of the split's samples as one phrase: "test image", "validation product"."""
        phrase = PHRASES.get((self.held_out, self.item))
        return _(phrase) if phrase else f"{self.held_out_shown} {self.item_shown}"

    @property
    def held_out_set(self) -> str:
        """The split as a set: "test set", "validation set"."""
        name = SETS.get(self.held_out)
        return _(name) if name else f"{self.held_out_shown} set"
