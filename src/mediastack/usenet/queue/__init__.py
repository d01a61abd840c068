"""The usenet queue: persistence (:mod:`.store`), scheduling over the engine
(:mod:`.manager`), servers and categories (:mod:`.catalog`) and NZB intake (:mod:`.intake`)."""
