"""A worker's plain message in the group while an alert is open: say it reached no one.

During an URGENT alert, Sam typed "Alex are you ok? I'm here" in the group without using
Reply; nothing reached Alex and nothing said so (trial of 7 December 2026, finding 10).
Now the first such message from each worker, per open alert, gets a short answer under it
in the group: that message stayed here, tap Reply on the card to write to them.
"""

from __future__ import annotations

from dialogs.core.context import Context
from dialogs.core.events import EventKind
from dialogs.safety.alert_thread import ALERT_THREAD_WINDOW
from dialogs.texts import GROUP_LANGUAGE, t
from storage.models import RequestKind

KEY = "team.alert.plain_message"


def plain_message(ctx: Context) -> bool:
    """Answer a worker's plain group message while an alert is open there; True if answered."""
    event = ctx.event
    if event.is_private or event.kind != EventKind.TEXT or event.reply_to_message_id is not None:
        return False
    for link in ctx.uow.groups.linked_to(event.chat_id):
        staff = ctx.uow.staff.in_service(link.service_id, event.user_id)
        if staff is None or not staff.active:
            continue
        alerts = ctx.uow.support.open_with_card_in(
            link.service_id, event.chat_id, RequestKind.ALERT, ctx.now - ALERT_THREAD_WINDOW
        )
        alert = alerts[-1] if alerts else None  # the newest open alert raised lately
        if alert is None or alert.id is None:
            continue
        case = ctx.uow.cases.get(link.service_id, alert.young_person_id)
        if case is None:
            continue
        told = f"{KEY}:{alert.id}:{event.user_id}"
        if not ctx.uow.outbox.exists(told):  # once per worker and alert, not on every message
            ctx.uow.outbox.enqueue(
                chat_id=event.chat_id,
                text=t(
                    KEY,
                    GROUP_LANGUAGE,
                    staff=staff.name.split()[0] if staff.name else "",
                    name=case.first_name or case.reference,
                    ref=alert.reference,
                ),
                kind=KEY,
                idempotency_key=told,
                now=ctx.now,
                service_id=link.service_id,
                target_message_id=event.message_id,
            )
        return True
    return False
