"""Texts of a coordinator's private chat: /caseload, /case <ref> and /newcase.

Staff are adults, but these still read at grade 7 or below: plain words, short sentences.
"""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # --- /caseload --------------------------------------------------------------------------
    "staff.caseload.title": "Your young people: {count}.",
    "staff.caseload.title.page": "Your young people: {count}. Page {page} of {pages}.",
    "staff.caseload.title.all": "Young people in your service: {count}.",
    "staff.caseload.title.all.page": (
        "Young people in your service: {count}. Page {page} of {pages}."
    ),
    "staff.caseload.empty": "You have no young people yet. Send /newcase to invite someone.",
    "staff.caseload.empty.all": (
        "There are no young people in your service yet. Send /newcase to invite someone."
    ),
    "staff.caseload.page": "{title}\n\n{entries}\n\n{footer}",
    "staff.caseload.entry": (
        "{ref}: {name} ({status})\n"
        "Last active: {last}. People named: {people}. Next review: {review}.\n"
        "Open requests: {requests}. Keeps data: {use}. Shares: {share}.{flag}"
    ),
    "staff.caseload.footer": "To see one case, send /case and its reference, like /case {ref}",
    "staff.unreachable": "\nCan't get messages: they may have blocked the bot.",
    "staff.hint": (
        "Send /caseload to see your young people. Send /case and a reference to see one. "
        "Send /newcase to invite someone."
    ),
    # --- words used in lists ----------------------------------------------------------------
    "staff.status.invited": "invited",
    "staff.status.joining": "joining",
    "staff.status.active": "active",
    "staff.status.declined": "said no",
    "staff.status.under_age": "too young",
    "staff.status.left": "left",
    "staff.when.today": "today",
    "staff.when.yesterday": "yesterday",
    "staff.when.days": "{n} days ago",
    "staff.when.never": "not yet",
    "staff.answer.yes": "yes",
    "staff.answer.no": "no",
    "staff.answer.none": "not asked",
    "staff.review.none": "no plan yet",
    "staff.review.unset": "not set",
    "staff.review.due": "{date} (due)",
    "staff.review.overdue": "{date} (overdue)",
    "staff.category.money": "money",
    "staff.category.housing": "housing",
    "staff.category.food": "food",
    "staff.category.education_work": "school, college or work",
    "staff.category.health": "health",
    "staff.category.family_contact": "family contact",
    "staff.category.talk": "someone to talk to",
    "staff.category.other": "something else",
    "staff.request.sent": "waiting to be picked up",
    "staff.request.picked_up": "picked up",
    "staff.request.answered": "answered",
    "staff.request.closed": "closed",
    "staff.request.withdrawn": "withdrawn",
    # --- /case <ref> ------------------------------------------------------------------------
    "staff.case.usage": (
        "Send /case and a case reference, like /case KENT-AB2CD. Send /caseload to see your list."
    ),
    "staff.case.not_found": (
        "I can't find that case in your service. Please check the reference and try again."
    ),
    "staff.case.summary": "{head}\n\n{people}\n\n{plan}\n\n{requests}",
    "staff.case.head": (
        "{ref}: {name}, {age}\n"
        "Status: {status}. Joined: {joined}. Last active: {last}.\n"
        "Keeps data: {use}. Shares with you: {share}.{flag}"
    ),
    "staff.case.age": "age {age}",
    "staff.case.age.unknown": "age not known",
    "staff.case.people": "People named: {count}.",
    "staff.case.people.private": (
        "People named: {count}. They don't share with you, so you see counts, not names."
    ),
    "staff.case.circle": "• {circle}: {count}",
    "staff.case.circle.named": "• {circle} ({count}): {names}",
    "staff.case.circle.unknown": "Not said",
    "staff.case.more": "+{n} more",
    "staff.case.close": (
        "Close people they're in touch with, who aren't paid to be there: {count}. "
        "The aim is at least 2."
    ),
    "staff.case.plan": "Plan lead: {lead}. Next review: {next}.\nLast review: {last}.",
    "staff.case.plan.none": "No plan yet.",
    "staff.case.lead.none": "not chosen yet",
    "staff.case.lead.hidden": "chosen (name not shared)",
    "staff.case.score": "{score} out of 5, on {date}",
    "staff.case.score.skipped": "no score, on {date}",
    "staff.case.score.none": "none yet",
    "staff.case.requests": "Open requests: {count}",
    "staff.case.requests.none": "No open requests.",
    "staff.case.request": "• {ref}: {category}, {status}",
    # --- /newcase ---------------------------------------------------------------------------
    "staff.newcase.ask_name": (
        "Let's invite a young person. What is their first name? Type it below."
    ),
    "staff.newcase.bad_name.empty": "Please type their first name, like “Alex”.",
    "staff.newcase.bad_name.long": "That's too long. Please keep it to {max} letters or fewer.",
    "staff.newcase.ask_dob": (
        "What is {name}'s date of birth? Type it like 01/05/2008 (day, month, year)."
    ),
    "staff.newcase.bad_date": (
        "Sorry, I can't read that date. Please type it like 01/05/2008 (day, month, year)."
    ),
    "staff.newcase.no_such_date": "That date doesn't exist. Please check the day and month.",
    "staff.newcase.future_date": "That date is in the future. Please type their date of birth.",
    "staff.newcase.old_date": (
        "That date looks too long ago. Lifelinks is for young people up to 25."
    ),
    "staff.newcase.ask_service": "Which service is {name} with?",
    "staff.newcase.confirm": (
        "Please check:\n"
        "• Name: {name}\n"
        "• Born: {dob} (age {age})\n"
        "• Service: {service}\n\n"
        "Shall I make the invite link? It works once, for {days} days."
    ),
    "staff.newcase.under_age": (
        "Note: {name} is under {min_age}. They can't join until they turn {min_age}."
    ),
    "staff.newcase.done": (
        "Done! Here is the invite for {name} ({ref}). Send them this link, "
        "or let them scan the QR code. It works once, until {expires}.\n\n{link}"
    ),
    "staff.newcase.qr": "QR code for {name} ({ref}). It works once, until {expires}.",
    "staff.newcase.cancelled": "OK, I haven't made an invite. Send /newcase to start again.",
    "staff.newcase.no_username": (
        "Sorry, I can't make links just yet. I don't know my own Telegram name so far. "
        "Please try again in a few minutes."
    ),
    "staff.newcase.failed": (
        "Sorry, I couldn't make that invite. Please check the details and try again."
    ),
    "staff.btn.make_invite": "Make the invite",
    "staff.btn.start_again": "Start again",
    "staff.btn.cancel": "Cancel",
}
