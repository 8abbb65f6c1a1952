"""A client that speaks Streamlit's own websocket protocol, as a browser tab does.

The browser opens ``/_stcore/stream`` (subprotocol ``streamlit``) and sends
``BackMsg`` protobufs; the server answers with ``ForwardMsg`` protobufs. A page run
is a ``BackMsg.rerun_script`` with the client's state (the page, and the values of
the widgets the user changed; a button press is a ``trigger_value``), answered by
``new_session``, the page's elements as ``delta`` messages, and ``script_finished``.
A run that ends with ``st.rerun()`` finishes early and is followed by the next run;
:meth:`Tab.run` waits for the last one. A message the client has seen before may
come back as a ``ref_hash`` to it, so every cacheable message is kept.

Only the protobuf definitions of the installed Streamlit are used (no browser, no
Streamlit runtime in this process). Widgets are found by the key the page gave them
(their id ends in ``-<key>``) or by their label.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
            ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
WIDGETS = ("button", "checkbox", "date_input", "multiselect", "number_input", "radio",
           "selectbox", "text_area", "text_input", "button_group", "download_button")


@dataclass(eq=False)
class Widget:
    kind: str
    id: str
    label: str
    options: list[str]
    form_id: str

    @property
    def key(self) -> str:
        """The key the page gave the widget (its id ends in ``-<key>``), or ''."""
        parts = self.id.split("-", 2)
        return parts[2] if len(parts) == 3 and parts[2] != "None" else ""


@dataclass
class Run:
    """What one request showed: elements, widgets, alerts and errors, and how long it took
    from sending the request to the end of the last script run."""
    seconds: float = 0.0
    runs: int = 0
    widgets: list[Widget] = field(default_factory=list)
    alerts: list[tuple[str, str]] = field(default_factory=list)    # (format, text)
    exceptions: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)             # url path -> hash
    page: str = ""                                                  # the page's hash

    def widget(self, key: str | None = None, label: str | None = None,
               kind: str | None = None) -> Widget | None:
        for found in self.widgets:
            if ((key is None or found.key == key) and (label is None or found.label == label)
                    and (kind is None or found.kind == kind)):
                return found
        return None

    @property
    def errors(self) -> list[str]:
        """Exceptions, and error alerts (a refusal of the core shown to the user)."""
        return self.exceptions + [text for kind, text in self.alerts if kind == "error"]


def parse(message: ForwardMsg, run: Run) -> bool:
    """Add one ForwardMsg to ``run``; True when it ends the request."""
    kind = message.WhichOneof("type")
    if kind == "new_session":
        run.runs += 1
        run.widgets.clear()
        run.alerts.clear()
        run.exceptions.clear()
        run.texts.clear()
    elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        element = message.delta.new_element
        which = element.WhichOneof("type")
        if which in WIDGETS:
            proto = getattr(element, which)
            run.widgets.append(Widget(which, proto.id, getattr(proto, "label", ""),
                                      list(getattr(proto, "options", [])),
                                      getattr(proto, "form_id", "")))
        elif which == "alert":
            run.alerts.append((_alert_kind(element.alert.format), element.alert.body))
        elif which == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif which == "markdown":
            run.texts.append(element.markdown.body)
        elif which == "toast":
            run.alerts.append(("toast", element.toast.body))
    elif kind == "navigation":
        run.pages = {p.url_pathname: p.page_script_hash for p in message.navigation.app_pages}
        run.page = message.navigation.page_script_hash
    elif kind == "script_finished":
        return message.script_finished in FINISHED
    return False


def _alert_kind(value: int) -> str:
    from streamlit.proto.Alert_pb2 import Alert
    return Alert.Format.Name(value).lower()


class Tab:
    """One browser tab: a websocket session with the widget values it has set."""

    def __init__(self, url: str):
        parsed = urlparse(url)
        if parsed.hostname not in ("localhost", "127.0.0.1", "::1"):
            raise ValueError("de belastingtest draait alleen tegen localhost")
        self.base = url.rstrip("/")
        self.stream = f"ws://{parsed.netloc}{parsed.path.rstrip('/')}/_stcore/stream"
        self.connection = None
        self.states: dict[str, WidgetState] = {}
        self.cache: dict[str, ForwardMsg] = {}
        self.last = Run()

    async def connect(self) -> None:
        from websockets.asyncio.client import connect
        self.connection = await connect(self.stream, subprotocols=["streamlit"],
                                        origin=self.base, max_size=2 ** 26,
                                        open_timeout=60, ping_interval=None)

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()

    async def run(self, page: str | None = None, values: dict | None = None,
                  press: Widget | None = None, timeout: float = 120) -> Run:
        """Ask for a page run: on ``page`` (a url path; else the current page), with the
        widget ``values`` changed ({Widget: value}) and ``press`` clicked."""
        for widget, value in (values or {}).items():
            self.states[widget.id] = _state(widget, value)
        message = BackMsg()
        client = message.rerun_script
        client.query_string = ""
        client.page_script_hash = (self.last.pages.get(page, "") if page is not None
                                   else self.last.page)
        client.page_name = page or ""
        client.context_info.timezone = "Europe/Amsterdam"
        client.context_info.locale = "nl-NL"
        client.context_info.url = f"{self.base}/{page or ''}"
        present = {w.id for w in self.last.widgets} or set(self.states)
        for state in self.states.values():
            if state.id in present or not self.last.widgets:
                client.widget_states.widgets.append(state)
        if press is not None:
            trigger = client.widget_states.widgets.add()
            trigger.id = press.id
            trigger.trigger_value = True
        run = Run(pages=dict(self.last.pages), page=self.last.page)
        started = time.perf_counter()
        await self.connection.send(message.SerializeToString())
        async with asyncio.timeout(timeout):
            while True:
                incoming = ForwardMsg()
                incoming.ParseFromString(await self.connection.recv())
                if incoming.WhichOneof("type") == "ref_hash":
                    incoming = self.cache[incoming.ref_hash]
                elif incoming.metadata.cacheable:
                    self.cache[incoming.hash] = incoming
                if parse(incoming, run):
                    break
        run.seconds = time.perf_counter() - started
        self.last = run
        return run


def _state(widget: Widget, value) -> WidgetState:
    state = WidgetState(id=widget.id)
    if isinstance(value, bool):
        state.bool_value = value
    elif isinstance(value, int | float) and widget.kind == "number_input":
        state.double_value = float(value)
    else:
        state.string_value = str(value)
    return state
