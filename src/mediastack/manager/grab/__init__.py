"""The grab path every manager shares: search, decide, grab, queue, RSS, failures.

A domain supplies a ``SearchDomain`` (what releases are about) and a ``GrabPresenter``
(its words in the API) and calls ``manager.grab.setup.setup_grab``.
"""
