"""Every overlay renders, validates against the Kubernetes schemas, and keeps the seed's facts.

Seed sections checked: Overview (namespace, names, ports, the one RWX claim on
samba-storage), Service Communication (cluster DNS names in the managers' download-client
settings), Storage Paths (mount paths and sub-paths), High Availability (Recreate, probes,
PostgreSQL replicas), Monitoring (scrapes, alerts, dashboard) and Security (ClusterIP,
credentials only in Secrets, non-root, TLS ingress).
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
from typing import Any

import jsonschema
import kubernetes_validate
import pytest

from tests.deploy.conftest import EVERYTHING, K8S, OVERLAYS, REPO
from tests.deploy.manifests import (
    CATEGORIES,
    DOWNLOAD_CLIENTS,
    MANAGERS,
    NAMESPACE,
    SERVICES,
    container,
    env_of,
    of_kind,
    one,
)

pytestmark = pytest.mark.deploy

ALL = [*OVERLAYS, EVERYTHING]
KUBERNETES_VERSION = "1.30"  # the oldest release the manifests target (native sidecars)
Rendered = dict[str, list[dict[str, Any]]]

# The Prometheus Operator's CRDs are not in the Kubernetes schemas: these check the parts
# we use (and refuse fields the operator would not know).
_SECRET_KEY_SELECTOR = {
    "type": "object",
    "required": ["name", "key"],
    "properties": {"name": {"type": "string"}, "key": {"type": "string"}},
    "additionalProperties": False,
}
CRD_SCHEMAS: dict[str, dict[str, Any]] = {
    "ServiceMonitor": {
        "type": "object",
        "required": ["spec"],
        "properties": {
            "spec": {
                "type": "object",
                "required": ["selector", "endpoints"],
                "additionalProperties": False,
                "properties": {
                    "selector": {"type": "object"},
                    "endpoints": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["port", "path"],
                            "properties": {
                                "port": {"type": "string"},
                                "path": {"type": "string"},
                                "interval": {"type": "string", "pattern": "^[0-9]+[smh]$"},
                                "authorization": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "properties": {
                                        "type": {"enum": ["Bearer"]},
                                        "credentials": _SECRET_KEY_SELECTOR,
                                    },
                                },
                            },
                        },
                    },
                },
            }
        },
    },
    "PrometheusRule": {
        "type": "object",
        "required": ["spec"],
        "properties": {
            "spec": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "groups": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["name", "rules"],
                            "additionalProperties": False,
                            "properties": {
                                "name": {"type": "string"},
                                "rules": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["alert", "expr"],
                                        "additionalProperties": False,
                                        "properties": {
                                            "alert": {"type": "string"},
                                            "expr": {"type": "string"},
                                            "for": {"type": "string", "pattern": "^[0-9]+[smh]$"},
                                            "labels": {"type": "object"},
                                            "annotations": {"type": "object"},
                                        },
                                    },
                                },
                            },
                        },
                    }
                },
            }
        },
    },
}


def secret_values(objs: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    return {
        (s["metadata"]["name"], key): base64.b64decode(value).decode()
        for s in of_kind(objs, "Secret")
        for key, value in (s.get("data") or {}).items()
    }


def workloads(objs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [o for o in objs if o["kind"] in ("Deployment", "StatefulSet")]


@pytest.mark.parametrize("overlay", ALL)
def test_every_object_validates_against_its_schema(rendered: Rendered, overlay: str) -> None:
    for obj in rendered[overlay]:
        name = f"{obj['kind']}/{obj['metadata']['name']}"
        if obj["kind"] in CRD_SCHEMAS:
            jsonschema.validate(obj, CRD_SCHEMAS[obj["kind"]])
            continue
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{overlay}: {name}: {'.'.join(map(str, exc.path))}: {exc.message}")


@pytest.mark.parametrize("overlay", ALL)
def test_namespace_names_and_ports(rendered: Rendered, overlay: str) -> None:
    objs = rendered[overlay]
    assert one(objs, "Namespace", NAMESPACE)
    for obj in objs:
        if obj["kind"] not in ("Namespace", "StorageClass"):
            assert obj["metadata"].get("namespace") == NAMESPACE, obj["metadata"]["name"]
    assert {d["metadata"]["name"] for d in of_kind(objs, "Deployment")} == set(SERVICES)
    for name, (role, port) in SERVICES.items():
        deployment = one(objs, "Deployment", name)
        c = container(deployment)
        assert c["args"] == [role]
        assert {"name": "http", "containerPort": port, "protocol": "TCP"} in c["ports"]
        assert env_of(c)["MEDIASTACK_HTTP__PORT"]["value"] == str(port)
        assert env_of(c)["MEDIASTACK_PATHS__DATA_ROOT"]["value"] == "/"
        service = one(objs, "Service", name)
        assert service["spec"]["type"] == "ClusterIP"
        assert service["spec"]["selector"] == {"app.kubernetes.io/name": name}
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert labels["app.kubernetes.io/name"] == name
        ports = {
            (p["port"], p.get("protocol", "TCP"), p["targetPort"]) for p in service["spec"]["ports"]
        }
        expected = {(port, "TCP", "http")}
        if name == "qbittorrent":
            expected |= {(6881, "TCP", "bittorrent"), (6881, "UDP", "bittorrent-udp")}
        assert ports == expected
        # Every named target port exists on the pod.
        named = {p["name"] for p in c["ports"]}
        assert {p["targetPort"] for p in service["spec"]["ports"]} <= named
    # Nothing but the optional peer load balancer leaves the cluster by a Service.
    exposed = [
        s["metadata"]["name"]
        for s in of_kind(objs, "Service")
        if s["spec"].get("type", "ClusterIP") != "ClusterIP"
    ]
    assert exposed == (["qbittorrent-peers"] if overlay == EVERYTHING else [])


@pytest.mark.parametrize("overlay", ALL)
def test_recreate_probes_resources_and_security(rendered: Rendered, overlay: str) -> None:
    for name in SERVICES:
        deployment = one(rendered[overlay], "Deployment", name)
        assert deployment["spec"]["strategy"] == {"type": "Recreate"}
        pod = deployment["spec"]["template"]["spec"]
        c = container(deployment)
        assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
        assert c["startupProbe"]["httpGet"]["path"] == "/healthz"
        for kind in ("requests", "limits"):
            assert set(c["resources"][kind]) == {"cpu", "memory"}, (name, kind)
        ctx = pod["securityContext"]
        assert ctx["runAsNonRoot"] is True and ctx["runAsUser"] != 0 and ctx["runAsGroup"] != 0
        assert ctx["fsGroup"] == ctx["runAsGroup"]
        env = env_of(c)
        assert env["PUID"]["value"] == str(ctx["runAsUser"])
        assert env["PGID"]["value"] == str(ctx["runAsGroup"])
        assert c["securityContext"] == {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        }
        tmp = [m for m in c["volumeMounts"] if m["mountPath"] == "/tmp"]
        assert len(tmp) == 1
        assert "emptyDir" in next(v for v in pod["volumes"] if v["name"] == tmp[0]["name"])


@pytest.mark.parametrize("overlay", ALL)
def test_storage_is_one_rwx_claim_on_samba_storage(rendered: Rendered, overlay: str) -> None:
    objs = rendered[overlay]
    claim = one(objs, "PersistentVolumeClaim", "media-shared-storage")
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    assert claim["spec"]["storageClassName"] == "samba-storage"
    sc = one(objs, "StorageClass", "samba-storage")
    assert sc["provisioner"] == "smb.csi.k8s.io"
    assert sc["parameters"]["source"] == "//192.168.8.221/media-shared-storage"
    # The share's root is the volume: no provisioner secret (a sub-folder per volume).
    assert not any(k.startswith("csi.storage.k8s.io/provisioner") for k in sc["parameters"])
    secret = sc["parameters"]["csi.storage.k8s.io/node-stage-secret-name"]
    assert set(one(objs, "Secret", secret)["data"]) >= {"username", "password"}
    options = dict(o.split("=", 1) if "=" in o else (o, "") for o in sc["mountOptions"])
    assert {"uid", "gid", "file_mode", "dir_mode", "nobrl"} <= set(options)
    for name in SERVICES:
        pod = one(objs, "Deployment", name)["spec"]["template"]["spec"]
        assert options["uid"] == str(pod["securityContext"]["runAsUser"])
        assert options["gid"] == str(pod["securityContext"]["runAsGroup"])


@pytest.mark.parametrize("overlay", ALL)
def test_storage_paths_are_the_seeds(rendered: Rendered, overlay: str) -> None:
    objs = rendered[overlay]
    local_config = overlay == EVERYTHING  # components/local-config
    for name in SERVICES:
        deployment = one(objs, "Deployment", name)
        pod = deployment["spec"]["template"]["spec"]
        volumes = {v["name"]: v for v in pod["volumes"]}
        mounts = {m["mountPath"]: m for m in container(deployment)["volumeMounts"]}

        def claim_of(mount: dict[str, Any], volumes: dict[str, Any] = volumes) -> str:
            return volumes[mount["name"]]["persistentVolumeClaim"]["claimName"]

        config = mounts[f"/config/{name}"]
        if local_config:
            assert claim_of(config) == f"{name}-config" and "subPath" not in config
            pvc = one(objs, "PersistentVolumeClaim", f"{name}-config")
            assert pvc["spec"]["accessModes"] == ["ReadWriteOnce"]
        else:
            assert (claim_of(config), config["subPath"]) == (
                "media-shared-storage",
                f"config/{name}",
            )
        downloads = mounts["/downloads"]
        assert (claim_of(downloads), downloads["subPath"]) == ("media-shared-storage", "downloads")
        if name in MANAGERS:
            media = mounts["/media"]
            assert (claim_of(media), media["subPath"]) == ("media-shared-storage", "media")
        else:
            assert "/media" not in mounts  # the seed gives the download clients no media
        assert set(mounts) <= {f"/config/{name}", "/downloads", "/media", "/tmp"}


@pytest.mark.parametrize("overlay", ALL)
def test_credentials_live_only_in_secrets(rendered: Rendered, overlay: str) -> None:
    objs = rendered[overlay]
    secrets = secret_values(objs)
    assert {
        "SONARR_API_KEY",
        "RADARR_API_KEY",
        "LIDARR_API_KEY",
        "QBITTORRENT_API_KEY",
        "SABNZBD_API_KEY",
        "USERNAME",
        "PASSWORD",
    } <= {key for (name, key) in secrets if name == "media-services-credentials"}
    # No Secret value appears in any other object.
    others = json.dumps([o for o in objs if o["kind"] != "Secret"])
    for (name, key), value in secrets.items():
        if key != "USERNAME":
            assert value not in others, f"{name}/{key} leaks out of its Secret"
    for workload in workloads(objs):
        spec = workload["spec"]["template"]["spec"]
        for c in spec["containers"] + spec.get("initContainers", []):
            defined: set[str] = set()
            for e in c.get("env", []):
                if re.search("KEY|PASSWORD|SECRET|TOKEN", e["name"]):
                    ref = (e.get("valueFrom") or {}).get("secretKeyRef")
                    assert ref, f"{workload['metadata']['name']}: {e['name']} not from a Secret"
                    assert (ref["name"], ref["key"]) in secrets
                # $(VAR) expands only variables defined earlier in the list.
                for var in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", e.get("value", "")):
                    assert var in defined, f"{e['name']} uses $({var}) before it is defined"
                defined.add(e["name"])


@pytest.mark.parametrize("overlay", ALL)
def test_managers_come_up_connected_to_both_download_clients(
    rendered: Rendered, overlay: str
) -> None:
    objs = rendered[overlay]
    for name in MANAGERS:
        env = env_of(container(one(objs, "Deployment", name)))
        ref = {
            var: e["valueFrom"]["secretKeyRef"]["key"]
            for var, e in env.items()
            if "valueFrom" in e and "secretKeyRef" in e["valueFrom"]
        }
        assert ref["MEDIASTACK_AUTH__API_KEY"] == f"{name.upper()}_API_KEY"
        raw = env["MEDIASTACK_PROVISION__DOWNLOAD_CLIENTS"]["value"]
        links = json.loads(re.sub(r"\$\((\w+)\)", lambda m, ref=ref: f"<{ref[m.group(1)]}>", raw))
        by_impl = {link["implementation"]: link for link in links}
        assert set(by_impl) == {"QBittorrent", "Sabnzbd"}
        for link in links:
            assert link["category"] == CATEGORIES[name]
        qbt, sab = by_impl["QBittorrent"], by_impl["Sabnzbd"]
        assert (qbt["host"], qbt["port"]) == ("qbittorrent.media-services.svc.cluster.local", 8080)
        assert (sab["host"], sab["port"]) == ("sabnzbd.media-services.svc.cluster.local", 8080)
        # The credentials the download clients themselves are started with.
        qbt_env = env_of(container(one(objs, "Deployment", "qbittorrent")))
        sab_env = env_of(container(one(objs, "Deployment", "sabnzbd")))

        def key_of(env: dict[str, Any], var: str) -> str:
            return f"<{env[var]['valueFrom']['secretKeyRef']['key']}>"

        assert qbt["username"] == key_of(qbt_env, "MEDIASTACK_AUTH__USERNAME")
        assert qbt["password"] == key_of(qbt_env, "MEDIASTACK_AUTH__PASSWORD")
        assert sab["api_key"] == key_of(sab_env, "MEDIASTACK_AUTH__API_KEY")
        # Each service's DNS name resolves to a Service of that name in the namespace.
        for link in links:
            service_name, namespace = link["host"].split(".")[:2]
            assert namespace == NAMESPACE and one(objs, "Service", service_name)


def test_postgres_overlay(rendered: Rendered) -> None:
    objs = rendered["postgres"]
    postgres = one(objs, "StatefulSet", "postgres")
    assert one(objs, "Service", "postgres")["spec"]["ports"][0]["port"] == 5432
    init = one(objs, "ConfigMap", "postgres-init")["data"]["create-databases.sql"]
    for name in SERVICES:
        deployment = one(objs, "Deployment", name)
        assert deployment["spec"]["replicas"] == (2 if name in MANAGERS else 1)
        assert deployment["spec"]["strategy"] == {"type": "Recreate"}
        env = env_of(container(deployment))
        url = env["DATABASE_URL"]["value"]
        assert url.startswith("postgresql://mediastack:$(POSTGRES_PASSWORD)@")
        assert "@postgres.media-services.svc.cluster.local:5432/$(POSTGRES_DB)" in url
        db = env["POSTGRES_DB"]["valueFrom"]["fieldRef"]["fieldPath"]
        assert db == "metadata.labels['app.kubernetes.io/name']"
        assert (
            deployment["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/name"] == name
        )
        assert f"CREATE DATABASE {name};" in init
    assert postgres["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    for name in MANAGERS:
        assert one(objs, "PodDisruptionBudget", name)["spec"]["minAvailable"] == 1


def test_ingress_tls_covers_every_service(rendered: Rendered) -> None:
    objs = rendered["ingress-tls"]
    (ingress,) = of_kind(objs, "Ingress")
    tls_hosts = {h for t in ingress["spec"]["tls"] for h in t["hosts"]}
    backends = {}
    for rule in ingress["spec"]["rules"]:
        assert rule["host"] in tls_hosts
        (path,) = rule["http"]["paths"]
        backends[path["backend"]["service"]["name"]] = path["backend"]["service"]["port"]["name"]
    assert set(backends) == set(SERVICES)
    for name, port_name in backends.items():
        assert port_name in {p["name"] for p in one(objs, "Service", name)["spec"]["ports"]}


def test_monitoring_scrapes_alerts_and_dashboard(rendered: Rendered) -> None:
    objs = rendered["monitoring"]
    secrets = secret_values(objs)
    monitors = {m["metadata"]["name"]: m for m in of_kind(objs, "ServiceMonitor")}
    assert set(monitors) == set(SERVICES)
    for name, monitor in monitors.items():
        assert monitor["spec"]["selector"]["matchLabels"] == {"app.kubernetes.io/name": name}
        (endpoint,) = monitor["spec"]["endpoints"]
        assert (endpoint["port"], endpoint["path"]) == ("http", "/metrics")
        cred = endpoint["authorization"]["credentials"]
        # The key the service itself was started with.
        env = env_of(container(one(objs, "Deployment", name)))
        own = env["MEDIASTACK_AUTH__API_KEY"]["valueFrom"]["secretKeyRef"]
        assert (cred["name"], cred["key"]) == (own["name"], own["key"])
        assert (cred["name"], cred["key"]) in secrets
    (rule,) = of_kind(objs, "PrometheusRule")
    exprs = " ".join(r["expr"] for g in rule["spec"]["groups"] for r in g["rules"])
    for series in (
        "kube_pod_container_status_restarts_total",
        "kubelet_volume_stats_used_bytes",
        "mediastack_download_queue_size",
        "mediastack_http_request_duration_seconds_bucket",
        "mediastack_failed_downloads_total",
        "mediastack_failed_imports_total",
    ):
        assert series in exprs, f"no alert on {series}"
    dashboard_cm = one(objs, "ConfigMap", "mediastack-grafana-dashboard")
    assert dashboard_cm["metadata"]["labels"]["grafana_dashboard"] == "1"
    dashboard = json.loads(dashboard_cm["data"]["mediastack.json"])
    panel_exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p["targets"])
    for series in (
        "mediastack_download_queue_size",
        "mediastack_http_request_duration_seconds",
        "mediastack_failed_downloads_total",
        "mediastack_failed_imports_total",
        "kube_pod_container_status_restarts_total",
        "kubelet_volume_stats",
    ):
        assert series in panel_exprs


def test_optional_components(rendered: Rendered) -> None:
    objs = rendered[EVERYTHING]
    peers = one(objs, "Service", "qbittorrent-peers")
    assert peers["spec"]["type"] == "LoadBalancer"
    assert {(p["port"], p["protocol"]) for p in peers["spec"]["ports"]} == {
        (6881, "TCP"),
        (6881, "UDP"),
    }
    assert peers["spec"]["selector"] == {"app.kubernetes.io/name": "qbittorrent"}
    torrent = one(objs, "Deployment", "qbittorrent")["spec"]["template"]["spec"]
    (vpn,) = torrent["initContainers"]
    assert vpn["restartPolicy"] == "Always"  # a native sidecar: up before the torrent
    assert "NET_ADMIN" in vpn["securityContext"]["capabilities"]["add"]
    env = env_of(container(one(objs, "Deployment", "qbittorrent")))
    assert env["MEDIASTACK_SERVICE__LISTEN_INTERFACE"]["value"] == "tun0"
    for name in (*MANAGERS, "sabnzbd"):
        assert "initContainers" not in one(objs, "Deployment", name)["spec"]["template"]["spec"]
    for name in DOWNLOAD_CLIENTS:
        assert one(objs, "Deployment", name)["spec"]["replicas"] == 1


def test_no_credentials_in_git() -> None:
    """Only the .example env files are tracked; the real ones are git-ignored."""
    tracked = subprocess.run(
        ["git", "ls-files", "--", "deploy"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [f for f in tracked if f.endswith(".env")]
    examples = sorted(p.relative_to(K8S).as_posix() for p in K8S.rglob("*.env.example"))
    assert examples == [
        "base/credentials.env.example",
        "base/smb-credentials.env.example",
        "components/postgres/postgres.env.example",
    ]
    for example in K8S.rglob("*.env.example"):
        env_file = example.with_suffix("")
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", str(env_file)], cwd=REPO, check=False
        )
        assert ignored.returncode == 0, f"{env_file} is not git-ignored"
        for line in example.read_text().splitlines():
            if "=" in line and not line.startswith("#") and not line.startswith("USERNAME="):
                assert "REPLACE_ME" in line, f"{example.name}: {line} is not a placeholder"
