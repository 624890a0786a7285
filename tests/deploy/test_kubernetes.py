"""deploy/kubernetes: valid objects (checked offline against Kubernetes' own schemas) with probes,
limits and a non-root user, a Service that finds the pods, and a Secret template without secrets."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.files import KUBERNETES, instructions, manifests, tool

OBJECTS = manifests()
DEPLOYMENT = OBJECTS["Deployment/rebound"]
POD = DEPLOYMENT["spec"]["template"]
CONTAINER = POD["spec"]["containers"][0]


def _validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    checker = tool("kubernetes-validate")
    if checker is None:
        pytest.skip("kubernetes-validate is not installed (it comes with the dev lock)")
    return subprocess.run(
        [checker, "--strict", "--quiet", *map(str, paths)], capture_output=True, text=True
    )


def test_every_manifest_matches_the_kubernetes_schema() -> None:
    paths = sorted(KUBERNETES.glob("*.yaml"))
    assert len(paths) >= 4
    result = _validate(*paths)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_would_notice_a_mistake(tmp_path: Path) -> None:
    text = (KUBERNETES / "deployment.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "deployment.yaml"
    bad.write_text(text.replace("containerPort: 3000", "containerPort: three"), encoding="utf-8")
    assert _validate(bad).returncode != 0


def test_two_replicas_roll_over_without_dropping_below_two() -> None:
    assert DEPLOYMENT["spec"]["replicas"] >= 2
    assert DEPLOYMENT["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert CONTAINER["args"] == ["run"]
    env = {item["name"]: item.get("value") for item in CONTAINER["env"]}
    assert env["SLACK_APP_TOKEN"] == "", "HTTP mode"


def test_probes_ask_healthz_for_alive_and_readyz_for_ready_on_the_served_port() -> None:
    port = {p["name"]: p["containerPort"] for p in CONTAINER["ports"]}
    env = {item["name"]: item.get("value") for item in CONTAINER["env"]}
    assert port["http"] == int(env["PORT"])
    probes = {kind: CONTAINER[kind]["httpGet"] for kind in ("livenessProbe", "readinessProbe")}
    assert probes["livenessProbe"]["path"] == "/healthz"
    assert probes["readinessProbe"]["path"] == "/readyz"
    assert CONTAINER["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert all(probe["port"] == "http" for probe in probes.values())


@pytest.mark.parametrize("name", ["Deployment/rebound", "Job/rebound-migrate"])
def test_every_pod_has_limits_and_runs_as_the_images_unprivileged_user(name: str) -> None:
    spec: dict[str, Any] = OBJECTS[name]["spec"]["template"]["spec"]
    image_user = next(i.args for i in reversed(instructions()) if i.keyword == "USER")
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert str(spec["securityContext"]["runAsUser"]) == image_user
    for container in spec["containers"]:
        limits = container["resources"]["limits"]
        requests = container["resources"]["requests"]
        assert {"cpu", "memory"} <= limits.keys() and {"cpu", "memory"} <= requests.keys()
        context = container["securityContext"]
        assert context["allowPrivilegeEscalation"] is False
        assert context["readOnlyRootFilesystem"] is True
        assert context["capabilities"]["drop"] == ["ALL"]
        assert any(m["mountPath"] == "/tmp" for m in container["volumeMounts"])
        assert container["envFrom"] == [{"secretRef": {"name": "rebound"}}]


def test_the_migration_job_upgrades_the_schema_once() -> None:
    job = OBJECTS["Job/rebound-migrate"]["spec"]["template"]["spec"]
    assert job["containers"][0]["args"] == ["db", "upgrade"]
    assert job["restartPolicy"] == "Never"
    assert job["containers"][0]["image"] == CONTAINER["image"]


def test_the_service_finds_the_bot_pods_and_their_named_port() -> None:
    service = OBJECTS["Service/rebound"]["spec"]
    labels = POD["metadata"]["labels"]
    assert service["selector"].items() <= labels.items()
    assert DEPLOYMENT["spec"]["selector"]["matchLabels"].items() <= labels.items()
    job_labels = OBJECTS["Job/rebound-migrate"]["spec"]["template"]["metadata"]["labels"]
    assert not service["selector"].items() <= job_labels.items(), "no traffic to the Job"
    assert [p["targetPort"] for p in service["ports"]] == ["http"]


def test_the_secret_template_holds_no_secret_and_names_what_is_needed() -> None:
    secret = OBJECTS["Secret/rebound"]
    assert "data" not in secret
    values = secret["stringData"]
    assert {"DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"} <= values.keys()
    assert all(value == "" for value in values.values()), values
    assert "DISCORD_TOKEN" not in values, "an empty DISCORD_TOKEN would count as set"
