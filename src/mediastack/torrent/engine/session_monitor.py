"""What the session reports about itself: listen sockets and transfer counters.

Fed by session-level alerts (``listen_succeeded/failed``, ``session_stats``) on the pump
thread; read by the engine for ``listen_port`` and
``transfer/info``. Plain attribute writes of immutable values, so readers need no lock.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from mediastack.torrent.engine.models import TransferInfo
from mediastack.torrent.engine.settings import TorrentEngineSettings

log = logging.getLogger(__name__)

_IDLE_AFTER = 1.0
"""Seconds without counter movement (two libtorrent ticks) after which speeds read 0."""


class SessionMonitor:
    """Listen state and payload counters of one session."""

    def __init__(self) -> None:
        self.listening = threading.Event()  # set by the first listen result after a (re)bind
        self.port = 0
        self.listen_error = ""
        self.incoming_seen = False
        self._recv = 0
        self._sent = 0
        self._changed_at = 0.0  # when the payload counters last moved
        self._stats_at = 0.0  # the previous stats alert
        self._dl_speed = 0
        self._ul_speed = 0
        self._dht_nodes = 0
        self._peers = 0

    def rebinding(self) -> None:
        """Forget the last listen result before the binding changes."""
        self.listen_error = ""
        self.listening.clear()

    def on_listen_succeeded(self, alert: Any) -> None:
        if str(alert.socket_type) == "tcp":
            self.port = int(alert.port)
            self.listen_error = ""
            self.listening.set()

    def on_listen_failed(self, alert: Any) -> None:
        log.error("listen failed: %s", alert.message())
        if str(alert.socket_type) == "tcp":
            self.listen_error = alert.message()
            self.listening.set()

    def on_session_stats(self, alert: Any) -> None:
        """Speeds are the payload counters' growth since they last moved.

        libtorrent moves these counters on its own tick (twice a second), not on each
        stats request: a delta between two stats alerts read 0 whenever no tick fell
        between them, and double when two did. Measured from one move to the next, the rate
        holds steady; it drops to 0 once the counters stand still for a second.
        """
        values = alert.values
        now = time.monotonic()
        recv = int(values.get("net.recv_payload_bytes", 0))
        sent = int(values.get("net.sent_payload_bytes", 0))
        since_move = now - self._changed_at
        if not self._stats_at:  # the first alert: a baseline, no speed yet
            self._recv, self._sent, self._changed_at = recv, sent, now
        elif (recv, sent) != (self._recv, self._sent):
            # After a pause, the bytes came after the previous (unchanged) stats alert.
            span = since_move if since_move <= _IDLE_AFTER else now - self._stats_at
            span = max(span, 1e-3)
            self._dl_speed = max(0, int((recv - self._recv) / span))
            self._ul_speed = max(0, int((sent - self._sent) / span))
            self._recv, self._sent, self._changed_at = recv, sent, now
        elif since_move > _IDLE_AFTER:
            self._dl_speed = self._ul_speed = 0
        self._stats_at = now
        self._dht_nodes = int(values.get("dht.dht_nodes", 0))
        self._peers = int(values.get("peer.num_peers_connected", 0))
        # qBittorrent's "connected" (vs "firewalled"): some peer has reached us
        self.incoming_seen = bool(values.get("net.has_incoming_connections", 0))

    def payload_bytes(self) -> int:
        """Payload received plus sent by the session so far (from the last stats alert)."""
        return self._recv + self._sent

    def handlers(self, lt_module: Any) -> dict[type, Any]:
        return {
            lt_module.listen_succeeded_alert: self.on_listen_succeeded,
            lt_module.listen_failed_alert: self.on_listen_failed,
            lt_module.session_stats_alert: self.on_session_stats,
        }

    def transfer_info(
        self,
        settings: TorrentEngineSettings,
        *,
        running: bool,
        alltime: tuple[int, int],
        free_space: int,
    ) -> TransferInfo:
        if not running or not self.port:
            status = "disconnected"
        else:
            status = "connected" if self.incoming_seen else "firewalled"
        return TransferInfo(
            dl_info_speed=self._dl_speed,
            dl_info_data=self._recv,
            up_info_speed=self._ul_speed,
            up_info_data=self._sent,
            dl_rate_limit=settings.effective_rate_limits[0],
            up_rate_limit=settings.effective_rate_limits[1],
            dht_nodes=self._dht_nodes,
            connection_status=status,
            listen_port=self.port,
            total_peer_connections=self._peers,
            queueing=settings.queueing_enabled,
            alltime_dl=alltime[0],
            alltime_ul=alltime[1],
            free_space_on_disk=free_space,
            use_alt_speed_limits=settings.alt_speed_enabled,
        )
