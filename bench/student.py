"""A simulated student: one browser tab as the server sees it, speaking Streamlit's websocket protocol.

The browser GETs nothing the server must work for: it opens ``ws://HOST/_stcore/stream`` and sends
``BackMsg``s (a ``rerun_script`` with the page, the URL query and the state of every widget drawn in
the last run); the server answers with ``ForwardMsg``s (``navigation``, ``page_info_changed``,
``delta``s of new elements, ``auto_rerun`` for fragments that rerun on a timer, ``script_finished``).
:class:`Student` does the same from ``streamlit.proto``, so one process can be a whole class: the load
benches use it instead of a Chromium per student, which would measure the browsers, not the server.

What it keeps of the page: the widgets drawn (their ids, states and the fragment each belongs to),
each ``st.metric`` by label, the text of every markdown element, values read out of markdown by the
patterns in ``watch``, and when each of those last arrived, to time the server's answers; the page it is
on (``navigation`` names it: a ``st.switch_page`` arrives as a new ``navigation`` and a new run), and
whether a run is in progress (``session_status_changed``).

The class's poll (``explainer/ui/class_room/class_poll.js``, a ``st.components.v2`` component) is played as the browser
plays it (:meth:`Student.class_poll`): every ``every`` seconds of the component's data, while no run is in
progress, it sets its ``tick`` trigger, which travels as the component's trigger aggregator widget
(``$$STREAMLIT_INTERNAL_KEY_<component id>__events``, a ``json_trigger_value`` holding
``[{"event": "tick", "value": n}]``) in a rerun of the fragment the component sits in. A new ``nudge`` in its
data (the teacher moved within this page) is played as ``class_nudge.js`` plays it: once no run is in progress,
the page fragment's nudge point sets its ``moved`` trigger, and the next tick waits a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import Callable

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

TIMEOUT = 30.0  # a page or an answer that takes longer counts as an error
TRIGGERS = "$$STREAMLIT_INTERNAL_KEY_{}__events"  # a components.v2 component's trigger widget, from its id


def stream_url(app_url: str) -> str:
    """The websocket a browser tab opens on the app at ``app_url`` (``http://HOST:PORT``)."""
    return app_url.replace("http://", "ws://") + "/_stcore/stream"


def widget_state(kind: str, element) -> WidgetState | None:
    """The state a browser sends back for a drawn widget (None for buttons and non-widgets)."""
    state = WidgetState(id=element.id)
    if kind == "slider" and element.type == element.SELECT_SLIDER:
        state.string_array_value.data.extend(element.raw_value)
    elif kind == "slider":
        state.double_array_value.data.extend(element.value if element.set_value else element.default)
    elif kind in ("radio", "selectbox"):  # as a browser does: the chosen option's label, else the default's
        if not element.set_value and not element.HasField("default"):
            return None  # drawn with no option chosen (index=None): a browser sends nothing until one is picked
        chosen = element.raw_value if element.set_value else element.options[element.default] if element.options else ""
        state.string_value = chosen
    elif kind in ("text_input", "text_area"):
        state.string_value = element.value if element.set_value else element.default
    elif kind == "number_input":
        value = element.value if element.set_value else element.default
        if element.data_type == element.INT:
            state.int_value = int(value)
        else:
            state.double_value = value
    elif kind == "checkbox":
        state.bool_value = element.value if element.set_value else element.default
    elif kind in ("button_group", "multiselect"):
        options = [getattr(option, "content", option) for option in element.options]  # a multiselect's: plain text
        chosen = element.raw_values if element.set_value else [options[i] for i in element.default]
        state.string_array_value.data.extend(chosen)
    else:
        return None
    return state


class Student:
    """One browser tab: a websocket, the widgets drawn, the metrics and texts shown.

    Parameters
    ----------
    ws_url : str
        The server's ``ws://HOST:PORT/_stcore/stream``.
    page, query : str
        The page's URL path and query string, as in a shared link (``softmax``, ``logits=0.2,0.1``).
    watch : dict of name -> compiled pattern, optional
        Values to read out of markdown (``st.latex`` arrives as markdown): the first group of a match
        is kept under the name in :attr:`metrics`, and its arrival time, like a metric's.
    """

    def __init__(self, ws_url: str, page: str, query: str = "", watch: dict[str, re.Pattern] | None = None) -> None:
        self.ws_url, self.page, self.query = ws_url, page, query
        self.watch = watch or {}
        self.page_hash = ""
        self.states: dict[str, WidgetState] = {}  # widget id -> state, as drawn in the last run
        self.ids: dict[str, str] = {}  # widget key -> id
        self.labels: dict[str, str] = {}  # widget label -> id: what a person reads on a button without a key
        self.pages: dict[str, str] = {}  # url path -> page script hash, from the navigation
        self.path = page  # the url path of the page shown now
        self.running = False  # a run in progress (or asked for), as the browser's script state says
        self.polls: dict[str, float] = {}  # components.v2 poll id -> seconds between ticks (0: none)
        self.fragment_of: dict[str, str] = {}  # widget id -> the fragment that draws it, as the browser keeps it
        self.metrics: dict[str, str] = {}
        self.texts: list[str] = []  # every markdown body received, in order
        self.errors: list[str] = []
        self.fragments: dict[str, float] = {}  # fragments rerun on a timer: id -> seconds
        self.arrived: dict[str, float] = {}  # metric (or watched value) -> perf_counter() of its latest arrival
        self._changed = asyncio.Condition()
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._timers: list[asyncio.Task] = []
        self._finished = 0
        self.ticks = 0  # class poll ticks sent
        self.nudge = ""  # the class poll's latest nudge
        self.nudge_due = False  # a new nudge not yet played
        self.nudge_point: str | None = None  # the page fragment's class_nudge component
        self.nudged_at = -1e9
        self.received_bytes = 0  # every message from the server, as sent over the websocket
        self.received_elements = 0  # new elements (a delta each) the server sent: what a rerun redraws
        self.cache: dict[str, ForwardMsg] = {}  # the browser's message cache: the server's cacheable messages by hash
        self.references = 0  # messages the server sent as a reference to one cached here

    async def open(self) -> float:
        """Load the page from its link; seconds until the script finished."""
        self._ws = await websockets.connect(
            self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=TIMEOUT
        )
        self._reader = asyncio.create_task(self._read())
        start = time.perf_counter()
        await self._send()
        await self.wait(lambda: self._finished > 0, f"the {self.page} page loaded")
        return time.perf_counter() - start

    async def rerun(
        self,
        changed: list[WidgetState],
        awaited: str | None = None,
        fragment: str = "",
        shows: Callable[[str], bool] | None = None,
    ) -> float:
        """Send the widgets' states (``changed`` replacing theirs); seconds until metric ``awaited`` arrives
        (or the run finishes). With ``shows``, until it arrives with a value that ``shows`` accepts: a run already
        under way (a class poll following the teacher reruns the whole page) can draw the old value first."""
        self.states.update({state.id: state for state in changed if not state.HasField("trigger_value")})
        states = {**self.states, **{state.id: state for state in changed}}
        self.arrived.pop(awaited, None)
        finished, start = self._finished, time.perf_counter()
        # Like the browser: a widget drawn inside a fragment reruns only that fragment.
        drawn_in = {self.fragment_of.get(state.id, "") for state in changed}
        if not fragment and len(drawn_in) == 1 and (own := drawn_in.pop()):
            await self._send(list(states.values()), own, auto=False)
        else:
            await self._send(list(states.values()), fragment)
        if awaited:
            accepted = shows or (lambda value: True)
            await self.wait(lambda: awaited in self.arrived and accepted(self.metrics[awaited]), f"new {awaited!r}")
            latency = self.arrived[awaited] - start
        await self.wait(lambda: self._finished > finished, "the end of the run")
        return latency if awaited else time.perf_counter() - start

    async def goto(self, path: str) -> float:
        """Open another page of the app as a sidebar link does (same session); seconds until its run finished."""
        self.page_hash, self.path, self.query = self.pages[path], path, ""
        finished, start = self._finished, time.perf_counter()
        await self._send(list(self.states.values()))
        await self.wait(lambda: self._finished > finished, f"the {path} page")
        return time.perf_counter() - start

    def class_poll(self) -> None:
        """Play the class's poll components as class_poll.js does, until :meth:`close`: each one (the stage's, and
        the teacher's sidebar count) every ``every`` seconds of its latest data, while no run is in progress, sets
        its ``tick`` trigger in a rerun of its fragment."""

        async def tick() -> None:
            due: dict[str, float] = {}  # component -> when its next tick is due (time.perf_counter())
            while not self.errors:
                now = time.perf_counter()
                timed = {component: seconds for component, seconds in self.polls.items() if seconds}
                due = {component: due.get(component, now + seconds) for component, seconds in timed.items()}
                await asyncio.sleep(min(max(min(due.values(), default=now + 0.2) - now, 0.05), 1.0))
                now = time.perf_counter()
                ready = [component for component, at in due.items() if at <= now]
                if not ready or self.running or now - self.nudged_at < 1:
                    continue
                component = min(ready, key=due.get)  # one rerun at a time, as the browser's page runs one
                due[component] = now + timed[component]
                self.ticks += 1
                payload = json.dumps([{"event": "tick", "value": self.ticks}])
                trigger = WidgetState(id=TRIGGERS.format(component), json_trigger_value=payload)
                await self._send([*self.states.values(), trigger], self.fragment_of.get(component, ""), auto=False)

        async def nudge() -> None:
            while not self.errors:
                await asyncio.sleep(0.05)
                if not self.nudge_due or self.running or self.nudge_point is None:
                    continue
                self.nudge_due, self.nudged_at = False, time.perf_counter()
                payload = json.dumps([{"event": "moved", "value": self.nudge}])
                trigger = WidgetState(id=TRIGGERS.format(self.nudge_point), json_trigger_value=payload)
                await self._send([*self.states.values(), trigger], self.fragment_of.get(self.nudge_point, ""), False)

        self._timers += [asyncio.create_task(tick()), asyncio.create_task(nudge())]

    def poll(self) -> None:
        """Rerun every timed fragment at its interval, as the browser does, those the page draws later included (a
        run's live view appears once the run is asked for), until :meth:`close`."""

        async def tick(fragment: str, seconds: float) -> None:
            while fragment in self.fragments and not self.errors:
                await asyncio.sleep(seconds)
                await self._send(list(self.states.values()), fragment)

        async def watch() -> None:
            ticking: set[str] = set()
            while not self.errors:
                for fragment, seconds in list(self.fragments.items()):
                    if fragment not in ticking:
                        ticking.add(fragment)
                        self._timers.append(asyncio.create_task(tick(fragment, seconds)))
                await asyncio.sleep(0.1)

        self._timers.append(asyncio.create_task(watch()))

    async def wait(self, condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
        """Until ``condition()`` holds after a message: RuntimeError on a page error, TimeoutError past ``timeout``."""
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: condition() or self.errors), timeout)
            except TimeoutError:
                raise TimeoutError(f"no {what} within {timeout:.0f} s") from None
        if self.errors:
            raise RuntimeError(self.errors[-1])

    async def close(self) -> None:
        for timer in self._timers:
            timer.cancel()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    async def release_bar(self, key: str, logits: list[float]) -> float:
        """Let go of a bar of the logit lab drawn under ``key``, as logit_lab.js does (its ``release`` trigger, in a
        rerun of the lab's fragment); seconds until the run finished."""
        component = self.ids[key]
        payload = json.dumps([{"event": "release", "value": logits}])
        trigger = WidgetState(id=TRIGGERS.format(component), json_trigger_value=payload)
        finished, start = self._finished, time.perf_counter()
        await self._send([*self.states.values(), trigger], self.fragment_of.get(component, ""), auto=False)
        await self.wait(lambda: self._finished > finished, "the end of the run")
        return time.perf_counter() - start

    def slider(self, key: str, value: float) -> WidgetState:
        return WidgetState(id=self.ids[key], double_array_value={"data": [value]})

    def press(self, key: str) -> WidgetState:
        return WidgetState(id=self.ids[key], trigger_value=True)

    def press_label(self, label: str) -> WidgetState:
        """The button that reads ``label`` (buttons drawn without a key)."""
        return WidgetState(id=self.labels[label], trigger_value=True)

    def text(self, key: str, value: str) -> WidgetState:
        return WidgetState(id=self.ids[key], string_value=value)

    def select(self, key: str, option: str) -> WidgetState:
        """A selectbox set to the option that reads ``option`` (as formatted on the page)."""
        return WidgetState(id=self.ids[key], string_value=option)

    async def _send(self, states: list[WidgetState] | None = None, fragment: str = "", auto: bool = True) -> None:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query
        if self.page_hash:
            rerun.page_script_hash = self.page_hash
        else:
            rerun.page_name = self.page
        rerun.widget_states.widgets.extend(states or [])
        rerun.cached_message_hashes.extend(self.cache)  # as the browser says what it keeps
        if fragment:
            rerun.fragment_id, rerun.is_auto_rerun = fragment, auto
        self.running = True  # the browser's "rerun requested": its poll waits
        await self._ws.send(message.SerializeToString())

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                self.received_bytes += len(raw)
                message = self._dereference(raw)
                async with self._changed:
                    self._handle(message)
                    self._changed.notify_all()
        except websockets.ConnectionClosed as closed:
            error = f"connection closed: {closed}"
        else:
            error = "connection closed by the server"
        async with self._changed:
            self.errors.append(error)
            self._changed.notify_all()

    def _dereference(self, raw: bytes) -> ForwardMsg:
        """The message, or the cached one it refers to (a miss is the error the browser shows: the page is dead)."""
        message = ForwardMsg()
        message.ParseFromString(raw)
        if message.WhichOneof("type") == "ref_hash":
            self.references += 1
            if message.ref_hash not in self.cache:
                self.errors.append(f"Cached ForwardMsg MISS [hash={message.ref_hash}]")
                return message
            cached = ForwardMsg()
            cached.CopyFrom(self.cache[message.ref_hash])
            cached.metadata.CopyFrom(message.metadata)  # where it goes now
            return cached
        if message.metadata.cacheable:
            self.cache[message.hash] = message
        return message

    def _handle(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        if kind == "navigation":  # with st.navigation the page's hash is here, not in new_session; a switch too
            self.page_hash = message.navigation.page_script_hash
            self.pages = {page.url_pathname: page.page_script_hash for page in message.navigation.app_pages}
            self.path = next((p for p, h in self.pages.items() if h == self.page_hash), self.path)
        elif kind == "session_status_changed":
            self.running = message.session_status_changed.script_is_running
        elif kind == "page_info_changed":
            self.query = message.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.fragments[message.auto_rerun.fragment_id] = message.auto_rerun.interval
        elif kind == "script_finished":
            self._finished += 1
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            self.received_elements += 1
            self._element(message.delta.new_element, message.delta.fragment_id)

    def _element(self, element, fragment: str) -> None:
        element_kind = element.WhichOneof("type")
        widget = getattr(element, element_kind)
        now = time.perf_counter()
        if element_kind == "metric":
            self.metrics[widget.label] = widget.body
            self.arrived[widget.label] = now
        elif element_kind == "markdown":
            self.texts.append(widget.body)
            for name, pattern in self.watch.items():
                if found := pattern.search(widget.body):
                    self.metrics[name] = found.group(1)
                    self.arrived[name] = now
        elif element_kind == "exception":
            where = " | ".join(widget.stack_trace[-2:])
            self.errors.append(f"exception on the page: {widget.type}: {widget.message} at {where}")
        elif element_kind == "bidi_component":  # a components.v2 component: its data says how often it polls
            self.ids[widget.id.split("-", 2)[-1]] = widget.id
            data = json.loads(widget.json or "{}")
            if isinstance(data, str):  # packed (explainer/ui/components/module.py)
                data = json.loads(data)
            self.polls[widget.id] = float(data.get("every") or 0)
            self.fragment_of[widget.id] = fragment
            if data.get("nudge") and data["nudge"] != self.nudge:
                self.nudge, self.nudge_due = data["nudge"], True
            if widget.component_name == "explainer.class_nudge":
                self.nudge_point = widget.id
        elif getattr(widget, "id", ""):
            self.ids[widget.id.split("-", 2)[-1]] = widget.id
            if label := getattr(widget, "label", ""):
                self.labels[label] = widget.id
            self.fragment_of[widget.id] = fragment
            # Like the browser, keep the value it holds unless the script set a new one (set_value).
            known = widget.id in self.states and not getattr(widget, "set_value", False)
            if not known and (state := widget_state(element_kind, widget)) is not None:
                self.states[widget.id] = state
