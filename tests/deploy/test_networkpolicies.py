"""The seed's network policies, as an allow/deny matrix between every pair of endpoints.

Seed, "Network Policies": Sonarr/Radarr/Lidarr -> qBittorrent:8080 and SABnzbd:8080;
qBittorrent -> Internet (6881/tcp, 6881/udp); SABnzbd -> Internet (443/tcp); Ingress ->
all services. Plus DNS for every pod and the managers' HTTPS to indexers and metadata
providers (seed "Data Flow", step 1), and qBittorrent accepting peers on 6881. Everything
else is denied. Every (source, destination, port) triple is checked, not only the allowed.
"""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest

from tests.deploy.manifests import DOWNLOAD_CLIENTS, MANAGERS, NAMESPACE, SERVICES
from tests.deploy.netpol import Endpoint, Evaluator, pods_of

pytestmark = pytest.mark.deploy

INGRESS = Endpoint(
    "ingress-controller", "ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"}, "10.42.9.1"
)
DNS = Endpoint(
    "kube-dns",
    "kube-system",
    {"k8s-app": "kube-dns"},
    "10.42.9.2",
    {"dns": (53, "UDP"), "dns-tcp": (53, "TCP")},
)
PROMETHEUS = Endpoint(
    "prometheus", "monitoring", {"app.kubernetes.io/name": "prometheus"}, "10.42.9.3"
)
OTHER_NS = Endpoint(
    "other-namespace-pod", "default", {"app.kubernetes.io/name": "sonarr"}, "10.42.9.4"
)
INTERNET = Endpoint("internet", None, {}, "203.0.113.7")
LAN = Endpoint("smb-server-on-lan", None, {}, "192.168.8.221")
OUTSIDERS = [INGRESS, DNS, PROMETHEUS, OTHER_NS, INTERNET, LAN]

PROBES = [
    *((p, "TCP") for p in (8989, 7878, 8686, 8080, 6881, 443, 53, 80, 22, 563, 5432, 9696)),
    *((p, "UDP") for p in (6881, 53, 51820, 1194)),
]

Triple = tuple[str, str, int, str]


def seed_matrix(pods: dict[str, Endpoint]) -> set[Triple]:
    """Every connection the seed's rules (and their prerequisites) allow."""
    allowed: set[Triple] = set()
    for manager, client in product(MANAGERS, DOWNLOAD_CLIENTS):
        allowed.add((manager, client, 8080, "TCP"))
    for name in SERVICES:
        allowed |= {(name, "kube-dns", 53, "UDP"), (name, "kube-dns", 53, "TCP")}
        allowed.add(("ingress-controller", name, SERVICES[name][1], "TCP"))
    allowed |= {
        ("qbittorrent", "internet", 6881, "TCP"),
        ("qbittorrent", "internet", 6881, "UDP"),
        ("qbittorrent", "internet", 443, "TCP"),
        ("internet", "qbittorrent", 6881, "TCP"),
        ("internet", "qbittorrent", 6881, "UDP"),
        ("sabnzbd", "internet", 443, "TCP"),
    }
    allowed |= {(manager, "internet", 443, "TCP") for manager in MANAGERS}
    return allowed


def optional_components_matrix(pods: dict[str, Endpoint]) -> set[Triple]:
    """What components/networkpolicies allows for postgres, monitoring and the VPN."""
    allowed = {("prometheus", name, SERVICES[name][1], "TCP") for name in SERVICES}
    allowed |= {("qbittorrent", "internet", 51820, "UDP"), ("qbittorrent", "internet", 1194, "UDP")}
    if "postgres" in pods:
        allowed |= {(name, "postgres", 5432, "TCP") for name in SERVICES}
        allowed |= {("postgres", "kube-dns", 53, "UDP"), ("postgres", "kube-dns", 53, "TCP")}
    return allowed


def actual_matrix(objs: list[dict[str, Any]]) -> tuple[set[Triple], dict[str, Endpoint]]:
    pods = {p.name: p for p in pods_of(objs)}
    evaluator = Evaluator(objs)
    endpoints = [*pods.values(), *OUTSIDERS]
    allowed = {
        (src.name, dst.name, port, proto)
        for src, dst in product(endpoints, endpoints)
        if src is not dst
        for port, proto in PROBES
        if (src.namespace == NAMESPACE or dst.namespace == NAMESPACE)
        and evaluator.allowed(src, dst, port, proto)
    }
    return allowed, pods


@pytest.mark.parametrize("overlay", ["networkpolicies", "default", "everything"])
def test_allow_deny_matrix_is_the_seeds(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    allowed, pods = actual_matrix(rendered[overlay])
    assert set(SERVICES) <= set(pods)
    # The optional components' rules live in components/networkpolicies (an egress or
    # ingress policy shuts what it does not allow, so they cannot live in the components
    # that need them): Prometheus scrapes, VPN servers, and PostgreSQL when it is there.
    expected = seed_matrix(pods) | optional_components_matrix(pods)
    assert sorted(allowed - expected) == [], "allowed but not in the seed's rules"
    assert sorted(expected - allowed) == [], "the seed's rules allow these, the policies do not"


def test_default_overlay_is_base_plus_networkpolicies(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    def key(o: dict[str, Any]) -> tuple[str, str]:
        return o["kind"], o["metadata"]["name"]

    assert sorted(map(key, rendered["default"])) == sorted(map(key, rendered["networkpolicies"]))
    assert rendered["default"] == rendered["networkpolicies"]


@pytest.mark.parametrize("overlay", ["postgres", "ingress-tls", "monitoring"])
def test_overlays_without_the_policies_leave_traffic_open(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    """An optional component on its own must not shut traffic as a side effect."""
    allowed, _ = actual_matrix(rendered[overlay])
    for manager, client in product(MANAGERS, DOWNLOAD_CLIENTS):
        assert (manager, client, 8080, "TCP") in allowed
    for name in SERVICES:
        assert (name, "internet", 563, "TCP") in allowed
        assert ("ingress-controller", name, SERVICES[name][1], "TCP") in allowed


def test_evaluator_denies_what_a_default_deny_shuts() -> None:
    """The evaluator itself: default deny, then one rule opening one port."""
    a = Endpoint("a", NAMESPACE, {"app": "a"}, "10.42.0.1", {"http": (80, "TCP")})
    b = Endpoint("b", NAMESPACE, {"app": "b"}, "10.42.0.2", {"http": (80, "TCP")})
    deny = {
        "kind": "NetworkPolicy",
        "metadata": {"name": "deny", "namespace": NAMESPACE},
        "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
    }
    assert Evaluator([]).allowed(a, b, 80)
    assert not Evaluator([deny]).allowed(a, b, 80)
    open_b = {
        "kind": "NetworkPolicy",
        "metadata": {"name": "b-in", "namespace": NAMESPACE},
        "spec": {
            "podSelector": {"matchLabels": {"app": "b"}},
            "ingress": [
                {
                    "from": [{"podSelector": {"matchLabels": {"app": "a"}}}],
                    "ports": [{"port": "http"}],
                }
            ],
        },
    }
    open_a = {
        "kind": "NetworkPolicy",
        "metadata": {"name": "a-out", "namespace": NAMESPACE},
        "spec": {
            "podSelector": {"matchLabels": {"app": "a"}},
            "policyTypes": ["Egress"],
            "egress": [{"ports": [{"port": 80}]}],
        },
    }
    assert not Evaluator([deny, open_b]).allowed(a, b, 80)  # a's egress still shut
    assert Evaluator([deny, open_b, open_a]).allowed(a, b, 80)
    assert not Evaluator([deny, open_b, open_a]).allowed(a, b, 81)
    assert not Evaluator([deny, open_b, open_a]).allowed(b, a, 80)
