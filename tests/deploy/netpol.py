"""A small evaluator of Kubernetes NetworkPolicy semantics over rendered objects.

Enough of networking.k8s.io/v1 for our manifests, and strict about the rest: a policy
selects pods of its namespace by ``podSelector``; a pod selected by no policy of a type
(Ingress or Egress) is open in that direction; a selected pod allows exactly the union of
the rules of the policies selecting it. A connection needs the source's egress and the
destination's ingress to allow it. Peers are ``podSelector`` (policy's namespace),
``namespaceSelector`` (with or without ``podSelector``) and ``ipBlock`` (matched against
the endpoint's address; ``except`` honoured). Ports are numbers or names resolved against
the destination's container ports, with ``endPort`` ranges.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

Obj = dict[str, Any]


@dataclass(frozen=True)
class Endpoint:
    name: str
    namespace: str | None  # None: outside the cluster
    labels: dict[str, str] = field(default_factory=dict)
    ip: str = ""
    ports: dict[str, tuple[int, str]] = field(default_factory=dict)  # name -> (port, proto)


def selector_matches(selector: Obj | None, labels: dict[str, str]) -> bool:
    """metav1.LabelSelector: empty selects everything."""
    selector = selector or {}
    unknown = set(selector) - {"matchLabels", "matchExpressions"}
    assert not unknown, f"unsupported selector fields {unknown}"
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values") or []
        present = key in labels
        ok = {
            "In": present and labels.get(key) in values,
            "NotIn": not present or labels.get(key) not in values,
            "Exists": present,
            "DoesNotExist": not present,
        }[op]
        if not ok:
            return False
    return True


def _namespace_labels(namespace: str) -> dict[str, str]:
    return {"kubernetes.io/metadata.name": namespace}


def _peer_matches(peer: Obj, policy_ns: str, other: Endpoint) -> bool:
    if "ipBlock" in peer:
        block = peer["ipBlock"]
        if not other.ip:
            return False
        ip = ipaddress.ip_address(other.ip)
        if ip not in ipaddress.ip_network(block["cidr"]):
            return False
        return not any(ip in ipaddress.ip_network(e) for e in block.get("except", []))
    if other.namespace is None:
        return False  # pod and namespace selectors never match outside the cluster
    if "namespaceSelector" in peer:
        if not selector_matches(peer["namespaceSelector"], _namespace_labels(other.namespace)):
            return False
    elif other.namespace != policy_ns:
        return False
    return selector_matches(peer.get("podSelector"), other.labels)


def _port_matches(rule_ports: list[Obj] | None, dst: Endpoint, port: int, proto: str) -> bool:
    if not rule_ports:
        return True
    for rp in rule_ports:
        if rp.get("protocol", "TCP") != proto:
            continue
        wanted = rp.get("port")
        if wanted is None:
            return True
        if isinstance(wanted, str):
            named = dst.ports.get(wanted)
            if named == (port, proto):
                return True
            continue
        if wanted <= port <= rp.get("endPort", wanted):
            return True
    return False


class Evaluator:
    def __init__(self, objs: list[Obj]) -> None:
        self.policies = [o for o in objs if o["kind"] == "NetworkPolicy"]

    def _selecting(self, pod: Endpoint, direction: str) -> list[Obj]:
        if pod.namespace is None:
            return []
        found = []
        for policy in self.policies:
            spec = policy["spec"]
            types = spec.get("policyTypes") or (
                ["Ingress", "Egress"] if "egress" in spec else ["Ingress"]
            )
            if (
                policy["metadata"]["namespace"] == pod.namespace
                and direction in types
                and selector_matches(spec["podSelector"], pod.labels)
            ):
                found.append(policy)
        return found

    def _allows(
        self, direction: str, pod: Endpoint, other: Endpoint, dst: Endpoint, port: int, proto: str
    ) -> bool:
        policies = self._selecting(pod, direction)
        if not policies:
            return True
        key, peers_key = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
        for policy in policies:
            for rule in policy["spec"].get(key) or []:
                peers = rule.get(peers_key)
                ns = policy["metadata"]["namespace"]
                if (not peers or any(_peer_matches(p, ns, other) for p in peers)) and (
                    _port_matches(rule.get("ports"), dst, port, proto)
                ):
                    return True
        return False

    def allowed(self, src: Endpoint, dst: Endpoint, port: int, proto: str = "TCP") -> bool:
        return self._allows("Egress", src, dst, dst, port, proto) and self._allows(
            "Ingress", dst, src, dst, port, proto
        )


def pods_of(objs: list[Obj]) -> list[Endpoint]:
    """One endpoint per Deployment/StatefulSet, with its pod labels, ports and an address."""
    pods = []
    for n, o in enumerate(o for o in objs if o["kind"] in ("Deployment", "StatefulSet")):
        template = o["spec"]["template"]
        spec = template["spec"]
        ports = {
            p["name"]: (p["containerPort"], p.get("protocol", "TCP"))
            for c in spec.get("containers", []) + spec.get("initContainers", [])
            for p in c.get("ports", [])
            if "name" in p
        }
        pods.append(
            Endpoint(
                name=o["metadata"]["name"],
                namespace=o["metadata"]["namespace"],
                labels=template["metadata"]["labels"],
                ip=f"10.42.0.{n + 10}",
                ports=ports,
            )
        )
    return pods
