"""The SSE parser against the HTML standard's event stream rules, fed in awkward pieces."""

from __future__ import annotations

import pytest

from medseg_client.sse import SseEvent, SseParser


def feed_all(text: str, chunk: int | None = None) -> tuple[list[SseEvent], SseParser]:
    parser = SseParser()
    data = text.encode()
    step = chunk or len(data) or 1
    events = [
        event
        for start in range(0, len(data), step)
        for event in parser.feed_bytes(data[start : start + step])
    ]
    return events, parser


def test_joins_multi_line_data_with_newlines() -> None:
    events, _ = feed_all('event: job\ndata: {"a":\ndata: 1}\n\n')
    assert events == [SseEvent(event="job", data='{"a":\n1}', id=None)]


def test_skips_comments_and_heartbeats_and_blocks_without_data() -> None:
    events, _ = feed_all(": keep-alive\n\nretry: 2000\n\n: keep-alive\n\nevent: job\n\ndata: x\n\n")
    # The `event: job` block has no data: nothing is dispatched and its type does not leak on.
    assert events == [SseEvent(event="message", data="x", id=None)]


def test_keeps_the_last_event_id_across_events_until_one_resets_it() -> None:
    events, parser = feed_all("id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 8\0\ndata: d\n\n")
    assert [event.id for event in events] == ["7", "7", None, None]
    assert parser.last_event_id is None


def test_an_id_without_data_still_moves_the_last_event_id() -> None:
    events, parser = feed_all("id: 41\n\n")
    assert events == [] and parser.last_event_id == "41"


def test_reads_retry_only_when_it_is_digits() -> None:
    _, parser = feed_all("retry: 1500\n\nretry: soon\n\n")
    assert parser.retry_ms == 1500


@pytest.mark.parametrize("chunk", [1, 2, 3, 7])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_gives_the_same_events_whatever_the_chunks_and_line_endings(chunk: int, newline: str) -> None:
    text = f'id: 1{newline}event: snapshot{newline}data: {{"name": "Gehirn – groß"}}{newline}{newline}'
    text += f": keep-alive{newline}{newline}id: 2{newline}event: job{newline}data: 2{newline}{newline}"
    events, parser = feed_all(text, chunk)
    assert events == [
        SseEvent(event="snapshot", data='{"name": "Gehirn – groß"}', id="1"),
        SseEvent(event="job", data="2", id="2"),
    ]
    assert parser.last_event_id == "2"


def test_an_lf_after_a_cr_that_ended_the_last_chunk_is_the_same_line_end() -> None:
    parser = SseParser()
    assert parser.feed("data: a\r") == []
    # Read as a line end of its own, the LF would be a blank line and dispatch "a" alone.
    assert parser.feed("\ndata: b\r") == []
    assert parser.feed("\n\r\n") == [SseEvent("message", "a\nb", None)]


def test_a_cr_ending_a_chunk_ends_its_line_at_once() -> None:
    parser = SseParser()
    assert parser.feed("data: a\r\r") == [SseEvent("message", "a", None)]


def test_removes_one_space_after_the_colon_and_reads_a_field_without_colon() -> None:
    events, _ = feed_all("data:  two spaces\ndata:none\ndata\n\n")
    assert events[0].data == " two spaces\nnone\n"


def test_strips_a_leading_byte_order_mark() -> None:
    events, _ = feed_all("\ufeffdata: x\n\n")
    assert events == [SseEvent("message", "x", None)]


def test_drops_an_event_the_stream_did_not_finish() -> None:
    events, _ = feed_all("data: complete\n\ndata: cut off")
    assert [event.data for event in events] == ["complete"]


def test_starts_from_the_id_a_reconnect_sent() -> None:
    parser = SseParser(last_event_id="12")
    assert parser.feed("data: x\n\n") == [SseEvent("message", "x", "12")]
