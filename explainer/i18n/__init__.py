"""The app's words in the reader's language: gettext catalogs (Babel's ``.po``), one translation a session.

Every module marks what a person reads: ``_("...")`` translates where it is called, ``N_("...")`` marks a constant at
import (translated where it is shown: ``_(TITLE)``), ``ngettext`` counts. Placeholders are named and filled after
translating (``_("Loss {loss:.4f}").format(loss=...)``): a translation may move them. The UI layer says which
language a session reads (:func:`use`) at the start of its run; one process serves every session, so there is no
global language (``gettext.install`` would be one).
"""

from explainer.i18n.translate import N_, _, current_language, ngettext, pgettext, set_resolver, use

__all__ = ["N_", "_", "current_language", "ngettext", "pgettext", "set_resolver", "use"]
