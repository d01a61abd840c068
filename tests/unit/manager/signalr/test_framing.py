"""Hub protocol framing: messages split or joined across WebSocket frames, handshakes."""

from __future__ import annotations

import json

import pytest

from mediastack.manager.signalr.protocol import (
    PING,
    FrameReader,
    HandshakeRequest,
    ProtocolError,
    close_message,
    completion_error,
    encode,
    handshake_error,
    handshake_response,
    invocation,
    parse,
    parse_handshake,
)

RS = "\x1e"


def test_reader_joins_split_messages_and_splits_joined_ones() -> None:
    reader = FrameReader()
    assert reader.feed('{"type":') == []
    assert reader.feed("6}" + RS + '{"type":7') == ['{"type":6}']
    assert reader.feed("}" + RS + "{}" + RS) == ['{"type":7}', "{}"]
    assert reader.feed("") == []


def test_reader_refuses_an_endless_message() -> None:
    reader = FrameReader(max_pending=8)
    with pytest.raises(ProtocolError):
        reader.feed("x" * 9)


def test_encoded_messages_end_with_the_record_separator() -> None:
    assert PING == '{"type":6}' + RS
    assert handshake_response() == "{}" + RS
    assert json.loads(handshake_response("nope")[:-1]) == {"error": "nope"}
    assert json.loads(close_message()[:-1]) == {"type": 7}
    assert json.loads(close_message("bye", allow_reconnect=True)[:-1]) == {
        "type": 7,
        "error": "bye",
        "allowReconnect": True,
    }
    framed = encode(invocation("receiveMessage", {"name": "health"}))
    assert framed.count(RS) == 1 and framed.endswith(RS)
    assert json.loads(framed[:-1]) == {
        "type": 1,
        "target": "receiveMessage",
        "arguments": [{"name": "health"}],
    }
    assert json.loads(completion_error("7", "no")[:-1]) == {
        "type": 3,
        "invocationId": "7",
        "error": "no",
    }


def test_handshake_requests() -> None:
    assert parse_handshake('{"protocol":"json","version":1}') == HandshakeRequest("json", 1)
    assert handshake_error(HandshakeRequest("json", 1)) is None
    assert handshake_error(HandshakeRequest("json", 0)) is None
    assert "not supported" in str(handshake_error(HandshakeRequest("messagepack", 1)))
    assert "version 2" in str(handshake_error(HandshakeRequest("json", 2)))
    for bad in ('{"protocol":"json"}', "[1]", "not json"):
        with pytest.raises(ProtocolError):
            parse_handshake(bad)
    with pytest.raises(ProtocolError):
        parse("{")
