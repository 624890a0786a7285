"""Handing a claimed job to its platform's messenger, and taking a message back.

A messenger that raises must not lose the claimed item: its failure becomes an ambiguous
`Delivery` (the request may have reached the platform), so the next attempt looks before
sending again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.delivery.jobs import Job
from bot.ports import Delivery, Messenger

log = logging.getLogger(__name__)


async def deliver(route: Mapping[str, Messenger], job: Job) -> Delivery:
    messenger = route.get(job.message.destination.platform)
    if messenger is None:  # not reached: a pass claims only rows of routed platforms
        return Delivery(ok=False, error="that platform is not connected", permanent=True)
    try:
        if job.recovered:
            earlier = await messenger.find(job.message)
            if earlier is not None:
                return earlier
        if job.expired:  # too late to send now; it was missed unless it arrived earlier
            return Delivery(ok=False, error="missed")
        return await messenger.send(job.message)
    except Exception as error:  # a platform failure must not lose the claimed item
        log.exception("delivery raised", extra={"work_keys": ",".join(job.message.work_keys)})
        # The request may have reached the platform: look before sending again.
        return Delivery(ok=False, error=type(error).__name__, ambiguous=True)


async def retract(route: Mapping[str, Messenger], job: Job, delivery: Delivery) -> None:
    """Take back a message that landed for a member forgotten meanwhile."""
    messenger = route.get(job.message.destination.platform)
    if messenger is None:
        return
    try:
        await messenger.retract(job.message, delivery.message_ref)
    except Exception:  # the pass goes on; the member's data is already gone
        log.exception("retract raised", extra={"work_keys": ",".join(job.message.work_keys)})
