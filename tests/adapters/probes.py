"""Reading the operator's endpoints as a monitoring system would: /metrics through
prometheus_client's own parser, /readyz and /healthz as status and JSON."""

from __future__ import annotations

import aiohttp
from prometheus_client.parser import text_string_to_metric_families


async def probe(http: aiohttp.ClientSession, url: str) -> tuple[int, dict[str, object]]:
    async with http.get(url) as response:
        return response.status, await response.json()


async def scrape(http: aiohttp.ClientSession, base: str) -> str:
    async with http.get(f"{base}/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        return await response.text()


def metric(text: str, name: str, **labels: str) -> float:
    """The sum of the samples called `name` whose labels include `labels` (0 when none)."""
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and labels.items() <= sample.labels.items():
                total += sample.value
    return total


def label_values(text: str) -> set[str]:
    """Every label value in the scrape, to show no member's words or ids are among them."""
    return {
        value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        for value in sample.labels.values()
    }
