import streamlit as st

from explainer.i18n import _
from explainer.ui.sections import room_map
from explainer.ui.sections import sweep as ui_sweep
from explainer.ui.shell.page_frame import lesson_footer, page_header

PAGE = ui_sweep.PAGE

page_header(
    PAGE, _("Watch the map fill, one training per cell; then pick the lecture's cell (outlined blue) and the best.")
)
room_map.room_map_section()  # in a class: the room's own runs first
plan = ui_sweep.current_plan()
map_slot = st.container()  # the map first: the form below may change the plan it shows
with st.expander(_("Change the sweep: what varies, how it searches"), icon=":material/tune:"):
    ui_sweep.plan_controls(plan)
plan = ui_sweep.current_plan()  # the form's, once it was sent
with map_slot:
    if room_map.server_sweep_wanted():
        refused = ui_sweep.start_workers(plan)
        if refused:
            st.error(refused, icon=":material/block:")
        ui_sweep.sweep_view(plan, working=not refused and ui_sweep.crew_for(plan).working > 0)
ui_sweep.write_plan_back(plan)

lesson_footer(PAGE)
