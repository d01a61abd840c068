"""The broadcaster: thread-safe hand-over to the loop, bounded queues, idle when unused."""

from __future__ import annotations

import asyncio
import json
import threading

from mediastack.manager.signalr.broadcast import Broadcaster, event_message


def frames(queue: asyncio.Queue[str]) -> list[dict[str, object]]:
    out = []
    while not queue.empty():
        out.append(json.loads(queue.get_nowait()[:-1])["arguments"][0])
    return out


def test_events_published_from_threads_reach_the_loop() -> None:
    async def scenario() -> list[dict[str, object]]:
        broadcaster = Broadcaster()
        subscription = broadcaster.subscribe()
        threads = [
            threading.Thread(target=broadcaster.publish, args=("command", "updated", {"id": i}))
            for i in range(5)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        await asyncio.sleep(0.01)  # let the loop run the handed-over callbacks
        return frames(subscription.queue)

    received = asyncio.run(scenario())
    assert sorted(e["body"]["resource"]["id"] for e in received) == [0, 1, 2, 3, 4]  # type: ignore[index]
    assert all(e["name"] == "command" for e in received)


def test_a_slow_client_keeps_only_the_newest_events() -> None:
    async def scenario() -> tuple[list[dict[str, object]], int]:
        broadcaster = Broadcaster(queue_limit=3)
        subscription = broadcaster.subscribe()
        for i in range(10):
            broadcaster.publish("episode", "updated", {"id": i})
        await asyncio.sleep(0.01)
        return frames(subscription.queue), subscription.dropped

    received, dropped = asyncio.run(scenario())
    assert [e["body"]["resource"]["id"] for e in received] == [7, 8, 9]  # type: ignore[index]
    assert dropped == 7


def test_nobody_connected_means_nothing_is_built() -> None:
    broadcaster = Broadcaster()
    assert not broadcaster.has_subscribers

    class Unserialisable:
        def __str__(self) -> str:
            raise AssertionError("encoded with nobody listening")

    broadcaster.publish("series", "updated", Unserialisable())  # would fail if encoded

    async def unsubscribed() -> bool:
        subscription = broadcaster.subscribe()
        broadcaster.unsubscribe(subscription)
        return broadcaster.has_subscribers

    assert asyncio.run(unsubscribed()) is False


def test_event_shape_leaves_out_a_missing_resource() -> None:
    assert event_message("health", "sync") == {"name": "health", "body": {"action": "sync"}}
    assert event_message("series", "deleted", {"id": 3}) == {
        "name": "series",
        "body": {"action": "deleted", "resource": {"id": 3}},
    }
