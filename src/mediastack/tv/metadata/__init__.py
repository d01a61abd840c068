"""Where the TV service gets series, seasons and episodes from (TVmaze)."""
