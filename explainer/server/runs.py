"""Which kind of script run is under way: Streamlit says it only in its run context.

A fragment's rerun and a whole-page run can follow each other in the same script thread (a rerun request that
arrives during a run is served by the same thread, after the run it cut short), so neither the thread nor a context
variable tells them apart; Streamlit's run context lists the fragments a run was asked for.
"""

from __future__ import annotations

from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx


def fragment_rerun() -> bool:
    """Whether this run reruns fragments only (False in a whole-page run, in its fragments too, and outside runs)."""
    context = get_script_run_ctx(suppress_warning=True)
    return bool(context is not None and context.fragment_ids_this_run)
