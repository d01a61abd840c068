"""The Usenet downloader (stands in for SABnzbd): NZB model, NNTP pool, decode/assemble,
repair, unpack; the SABnzbd-compatible API and the queue sit on :mod:`.engine`."""
