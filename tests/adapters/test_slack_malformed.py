"""Bodies Slack would never send, posted to the HTTP endpoint: a plain 400, no traceback."""

from __future__ import annotations

import logging

import pytest

from tests.adapters.conftest import SECRET, SlackHarness
from tests.adapters.slack_requests import FORM, JSON_CONTENT_TYPE, signed_headers

MALFORMED = [
    (b"{not json", JSON_CONTENT_TYPE),
    (b"payload=%7Bbad", FORM),
    (b"payload=%5B1%5D", FORM),
    (b"[1, 2]", JSON_CONTENT_TYPE),
]


@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
async def test_a_malformed_body_answers_400_without_a_traceback(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    caplog.set_level(logging.DEBUG)
    unsigned = await slack.post(body, content_type, headers={"Content-Type": content_type})
    signed = await slack.post(body, content_type, signed_headers(SECRET, body, content_type))
    assert (unsigned.status, signed.status) == (400, 400)
    assert not [r for r in caplog.records if r.exc_info], "no traceback in the log"
