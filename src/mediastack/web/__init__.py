"""The web UI shared by the five services: server-rendered pages, no build step, no CDN."""
