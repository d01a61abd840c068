"""The ``/signalr/messages`` hub: live change events for Bazarr and the upstream web UI."""
