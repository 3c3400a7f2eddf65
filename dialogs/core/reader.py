"""Texts for a young person rendered outside their own update (relays, sweeps): in their
stored language, with their service's country's emergency numbers. A member of staff told
something in their private chat outside their own update reads their stored language too,
and a group reads :data:`~dialogs.texts.GROUP_LANGUAGE`."""

from __future__ import annotations

from typing import Any

from dialogs.texts import GROUP_LANGUAGE, names_numbers, t
from dialogs.texts.language_codes import stored_language
from storage.models import Staff, YoungPerson
from storage.uow import UnitOfWork


def case_language(case: YoungPerson) -> str:
    """The language a young person reads (English unless they have another)."""
    return stored_language(case.language)


def staff_language(staff: Staff) -> str:
    """The language a member of staff reads in their private chat (English unless another)."""
    return stored_language(staff.language)


def team_chat_language(uow: UnitOfWork, service_id: int, chat_id: int) -> str:
    """The language of the chat a service's team is told things in: a group's
    (:data:`~dialogs.texts.GROUP_LANGUAGE`), or, with no group, the coordinator's own in
    their private chat (see :func:`dialogs.cases.notify.team_chat`)."""
    if chat_id < 0:  # Telegram's groups have negative ids, private chats their user's id
        return GROUP_LANGUAGE
    member = uow.staff.in_service(service_id, chat_id)
    return staff_language(member) if member is not None else GROUP_LANGUAGE


def case_text(uow: UnitOfWork, case: YoungPerson, key: str, **params: Any) -> str:
    """The text ``key`` as the young person of ``case`` reads it."""
    lang = case_language(case)
    country = None
    if names_numbers(key, lang):  # the service is read only for a text that gives numbers
        service = uow.services.get(case.service_id)
        country = service.country if service is not None else None
    return t(key, lang, country, **params)
