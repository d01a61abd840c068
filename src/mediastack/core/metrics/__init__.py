"""Prometheus metrics: one registry per service process, and the standard series."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class ServiceMetrics:
    """The series every service exposes; services add their own to ``registry``."""

    def __init__(self, role: str) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "mediastack_http_requests_total",
            "HTTP requests answered, by route template and status code.",
            ["role", "method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "mediastack_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template.",
            ["role", "method", "route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        self.commands = Counter(
            "mediastack_commands_total",
            "Commands finished, by name and outcome.",
            ["role", "name", "status"],
            registry=self.registry,
        )
        self.queue_size = Gauge(
            "mediastack_download_queue_size",
            "Items in the download queue (download clients) or tracked downloads (managers).",
            ["role"],
            registry=self.registry,
        )
        self.failed_downloads = Counter(
            "mediastack_failed_downloads_total",
            "Downloads that ended failed.",
            ["role"],
            registry=self.registry,
        )
        self.failed_imports = Counter(
            "mediastack_failed_imports_total",
            "Completed downloads that could not be imported.",
            ["role"],
            registry=self.registry,
        )
        self.up = Gauge(
            "mediastack_up", "1 while the service runs.", ["role"], registry=self.registry
        )
        self.role = role
        self.up.labels(role).set(1)
        self.queue_size.labels(role).set(0)
        self.failed_downloads.labels(role)
        self.failed_imports.labels(role)

    def render(self) -> bytes:
        return generate_latest(self.registry)
