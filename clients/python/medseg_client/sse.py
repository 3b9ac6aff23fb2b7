"""A Server-Sent Events parser, as the HTML standard's "event stream interpretation" says.

Fed text in chunks of any size (a line may arrive in pieces, CR LF split across two chunks); gives
back each dispatched event. It keeps what a reconnect needs: the last event id and the retry time.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(frozen=True)
class SseEvent:
    """One dispatched event.

    Attributes:
        event: Its type (`event:` field), "message" when none was given.
        data: The `data:` lines joined with newlines.
        id: The last event id at dispatch (this event's `id:`, or an earlier one), or None.
    """

    event: str
    data: str
    id: str | None


class SseParser:
    """Turns an event stream's text into SseEvents.

    Attributes:
        last_event_id: The id to send as Last-Event-ID when reconnecting, or None.
        retry_ms: The reconnection time the server asked for (`retry:`), or None.
    """

    def __init__(self, last_event_id: str | None = None) -> None:
        self.last_event_id = last_event_id
        self.retry_ms: int | None = None
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._buffer = ""
        # The last piece ended in CR: an LF that starts the next one belongs to that line end.
        self._after_cr = False
        self._started = False
        self._event = ""
        self._data: list[str] = []

    def feed_bytes(self, chunk: bytes) -> list[SseEvent]:
        """Like feed, for the raw body: UTF-8, a character split across chunks waits for its rest."""
        return self.feed(self._decoder.decode(chunk))

    def feed(self, text: str) -> list[SseEvent]:
        """Parses the next piece of the stream; returns the events it completed."""
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        if self._after_cr and text:
            text = text.removeprefix("\n")
            self._after_cr = False
        self._buffer += text
        events: list[SseEvent] = []
        while True:
            end = _line_end(self._buffer)
            if end is None:
                return events
            self._after_cr = self._buffer[end[0]] == "\r" and end[1] == len(self._buffer)
            line, self._buffer = self._buffer[: end[0]], self._buffer[end[1] :]
            event = self._line(line)
            if event is not None:
                events.append(event)

    def _line(self, line: str) -> SseEvent | None:
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None  # a comment: the gateway's `: keep-alive` heartbeat
        field, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if field == "event":
            self._event = value
        elif field == "data":
            self._data.append(value)
        elif field == "id":
            if "\0" not in value:
                self.last_event_id = value or None
        elif field == "retry":
            if value.isascii() and value.isdigit():
                self.retry_ms = int(value)
        return None

    def _dispatch(self) -> SseEvent | None:
        data, event = self._data, self._event
        self._data, self._event = [], ""
        if not data:
            return None
        return SseEvent(event=event or "message", data="\n".join(data), id=self.last_event_id)


def _line_end(buffer: str) -> tuple[int, int] | None:
    """Where the first line of `buffer` ends and the next begins, or None when it is incomplete."""
    lf, cr = buffer.find("\n"), buffer.find("\r")
    if cr == -1 or (lf != -1 and lf < cr):
        return None if lf == -1 else (lf, lf + 1)
    return cr, cr + (2 if buffer[cr + 1 : cr + 2] == "\n" else 1)
