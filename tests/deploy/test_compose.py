"""docker-compose.yml: PostgreSQL, a one-shot migration, two replicas in Slack's HTTP mode that
wait for both, each with a healthcheck, and an HTTPS front that spreads Slack over them."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest

from tests.deploy.files import COMPOSE, DEPLOY, load, tool

COMPOSE_DATA: dict[str, Any] = load(COMPOSE)
SERVICES: dict[str, Any] = COMPOSE_DATA["services"]
BOTS = {
    name: s
    for name, s in SERVICES.items()
    if s.get("command", ["run"]) == ["run"]
    and s.get("build", {}).get("dockerfile") == "deploy/Dockerfile"
}


def test_the_compose_file_follows_the_compose_specification() -> None:
    checker = tool("check-jsonschema")
    if checker is None:
        pytest.skip("check-jsonschema is not installed (it comes with the dev lock)")
    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_postgresql_reports_healthy_only_once_it_accepts_connections() -> None:
    postgres = SERVICES["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert "pg_isready" in postgres["healthcheck"]["test"]
    assert any(v.endswith(":/var/lib/postgresql/data") for v in postgres["volumes"])


def test_two_replicas_in_slack_http_mode_share_postgresql() -> None:
    assert len(BOTS) == 2, sorted(BOTS)
    for name, bot in BOTS.items():
        env = bot["environment"]
        assert env["DATABASE_URL"].startswith("postgresql+psycopg://"), name
        assert "@postgres:5432/" in env["DATABASE_URL"], name
        assert env["SLACK_APP_TOKEN"] == "", f"{name}: an app token would mean Socket Mode"
        assert bot["env_file"] == ".env"


def test_each_replica_waits_for_the_database_and_the_migration() -> None:
    assert SERVICES["migrate"]["command"] == ["db", "upgrade"]
    assert SERVICES["migrate"]["restart"] == "no"
    for name, bot in BOTS.items():
        assert bot["depends_on"]["postgres"]["condition"] == "service_healthy", name
        assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        check = bot["healthcheck"]
        assert any("/healthz" in part for part in check["test"]), name
        assert bot["restart"] == "unless-stopped"
        assert bot["deploy"]["resources"]["limits"]["memory"]


def test_discord_shards_are_split_between_the_replicas_never_doubled() -> None:
    shard_ids = sorted(int(bot["environment"]["DISCORD_SHARD_IDS"]) for bot in BOTS.values())
    counts = {bot["environment"]["DISCORD_SHARD_COUNT"] for bot in BOTS.values()}
    assert counts == {str(len(BOTS))}
    assert shard_ids == list(range(len(BOTS)))


def test_the_https_front_routes_slack_to_both_replicas_and_keeps_the_rest_inside() -> None:
    proxy = SERVICES["proxy"]
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", caddyfile)
    assert upstreams is not None
    assert sorted(upstreams.group(1).split()) == sorted(f"{name}:3000" for name in BOTS)
    assert "health_uri /readyz" in caddyfile
    assert "handle /slack/*" in caddyfile and "respond 404" in caddyfile
    assert all(bot["environment"]["PORT"] == "3000" for bot in BOTS.values())
    assert all("ports" not in bot for bot in BOTS.values()), "replicas are reached via Caddy"


def test_the_example_settings_hold_no_secret() -> None:
    settings = (DEPLOY / "example.env").read_text(encoding="utf-8")
    values = dict(
        line.split("=", 1) for line in settings.splitlines() if line and not line.startswith("#")
    )
    secrets = [k for k in values if re.search("TOKEN|SECRET|PASSWORD", k)]
    assert secrets, "the template names the secrets to fill in"
    assert all(values[k] == "" for k in secrets), values
    assert "DISCORD_TOKEN" not in values, "an empty DISCORD_TOKEN would count as set"
