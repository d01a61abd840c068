"""SABnzbd-compatible ``/api?mode=...``, as a dispatch table over the usenet engine."""
