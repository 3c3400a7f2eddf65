"""Texts for support requests (merged into en.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # --- the young person asks ------------------------------------------------------------
    "btn.requests": "My requests",
    "btn.cancel": "Cancel",
    "btn.done": "Done",
    "support.ask.category": "What do you need help with?",
    "support.cat.money": "Money",
    "support.cat.housing": "Housing",
    "support.cat.food": "Food",
    "support.cat.education_work": "School, college or work",
    "support.cat.health": "Health",
    "support.cat.family_contact": "Family contact",
    "support.cat.talk": "Someone to talk to",
    "support.cat.other": "Something else",
    "support.ask.describe": (
        "Tell us what's going on, in your own words. "
        "You can send a photo, a file or a voice note too."
    ),
    "support.got_it": "Got it, thanks.",
    "support.ask.more": "Is there anything else you want to add? Send it now, or tap Next.",
    "btn.support.next": "Next ➡",
    "btn.support.restart": "Start my message again",
    "support.empty": "That message looks empty. Please type a few words.",
    "support.too_long": (
        "That's a lot, thank you. I can't add any more to this one. Tap Next to send what you have."
    ),
    "support.ask.urgency": "How soon do you need help?",
    "support.urgency.today": "Today",
    "support.urgency.week": "This week",
    "support.urgency.whenever": "Whenever",
    "support.ask.share": (
        "You chose not to share what you write with your worker. "
        "Can we show them your words for this request? "
        "If not, we'll just tell them you asked for help."
    ),
    "btn.support.share_yes": "Yes, show my words",
    "btn.support.share_no": "No, just say I asked",
    "support.check": "Help with: {category}\nHow soon: {urgency}",
    "support.check.words": "What you said: {words}",
    "support.check.media": "Photos, files or voice notes: {count}",
    "support.check.shared": "Your team will see your words.",
    "support.check.private": "Your team will see that you asked, but not your words.",
    "support.check.lines": "Please check this:\n\n{lines}",
    "support.check.question": "Shall I send it to your team?",
    "btn.support.send": "Send it",
    "btn.support.change": "Change what I said",
    "support.sent": (
        "Sent ✓ Your reference is {ref}.\n\n"
        "Someone from your team will pick it up by {due}. "
        "They will message you here."
    ),
    "support.sent.out_of_hours": (
        "Our team is not at work right now. They are back on {back}.\n\n"
        "If it can't wait, call 999 in an emergency, or Samaritans on 116 123, day or night."
    ),
    "btn.support.list": "My requests",
    "support.after_sent": "You can see how it's going in My requests.",
    "support.no_team": (
        "Sorry, I can't send this right now, because your team isn't set up here yet. "
        "Please call or text your worker. "
        "In an emergency, call 999. Samaritans are free on 116 123."
    ),
    "support.too_many": (
        "You have {limit} requests open already. "
        "Please add to one of them, or close one you don't need any more."
    ),
    # --- my requests ------------------------------------------------------------------------
    "support.list": "Your requests. Tap one to see it, add to it or stop it.",
    "support.list.empty": "You haven't asked for support yet.",
    "support.list.item": "{ref} · {category} · {status}",
    "btn.support.ask": "Ask for support",
    "support.status.someone": "someone",
    "support.status.sent": "sent",
    "support.status.picked_up": "picked up by {name}",
    "support.status.answered": "answered by {name}",
    "support.status.closed": "closed",
    "support.status.withdrawn": "stopped by you",
    "support.view": "{ref}: {category}\nSent: {sent}\nNow: {status}",
    "btn.support.add": "Add something",
    "btn.support.withdraw": "I don't need this now",
    "btn.support.reopen": "Open it again",
    "support.add.ask": "Send what you want to add: words, a photo, a file or a voice note.",
    "support.add.done": "Added ✓ Your team can see it.",
    "support.withdraw.confirm": "Do you want to stop this request? Your team will be told.",
    "btn.support.withdraw_yes": "Yes, stop it",
    "btn.support.keep": "No, keep it",
    "support.withdrawn": "Done. {ref} is stopped. You can open it again at any time.",
    "support.reopened": "{ref} is open again. Your team will see it.",
    # --- talking with the team ----------------------------------------------------------------
    "support.your_team": "your team",
    "btn.support.reply": "Reply",
    "support.reply.ask": "Type your message to {name}. You can send a photo or voice note too.",
    "support.reply.sent": "Sent to {name} ✓ Send more, or tap Done.",
    "support.reply.sent_short": "Sent to {name} ✓",
    "support.reply.closed": "{ref} is closed, so I didn't send that. You can open it again here.",
    "support.picked_up": "{name} is looking at your request {ref} now. They'll be in touch here.",
    "support.closed": (
        "{name} has closed your request {ref}. We hope it helped. "
        "If you still need help, tap below to open it again."
    ),
    "support.reopened_by_team": "{name} has opened your request {ref} again.",
    "relay.to_yp": "{name} from your Lifelong Links team:\n\n{text}",
    "relay.to_yp.media": "{name} from your Lifelong Links team sent you this:",
    "relay.to_yp.edited": "{name} from your Lifelong Links team (edited):\n\n{text}",
    # --- the card in the coordinators' group --------------------------------------------------
    "card.head": (
        "Request {ref} · {urgency}\n"
        "{name} ({case_ref}) asked for help with: {category}\n"
        "Sent: {sent}"
    ),
    "card.urgency.today": "URGENT: today",
    "card.urgency.week": "this week",
    "card.urgency.whenever": "whenever",
    "card.lead": "Plan lead: {lead}",
    "card.not_shared": "Asked for support. Open the case to see.",
    "card.words": "Their words:\n{words}",
    "card.words_below": "Their words are long, so they follow below.",
    "card.media": "Photos, files or voice notes: {count} (below)",
    "card.waiting": "Not picked up yet.",
    "card.someone": "someone",
    "card.picked_up": "Picked up by {name} {time}",
    "card.closed": "Closed by {name} {time}: {outcome}",
    "card.withdrawn": "The young person stopped this request.",
    "btn.card.pick": "Pick up",
    "btn.card.reply": "Reply",
    "btn.card.close": "Close",
    "btn.card.reopen": "Reopen",
    "relay.words": "{ref}: what {name} wrote:\n\n{words}",
    "relay.from_yp": "{name} ({case_ref}) replied on {ref}:\n\n{text}",
    "relay.from_yp.media": "{name} ({case_ref}) sent this on {ref}:",
    "relay.from_yp.edited": "{name} ({case_ref}) changed a message on {ref} (edited):\n\n{text}",
    "relay.added_private": "{name} ({case_ref}) added to {ref}. They chose not to share it.",
    "relay.withdrawn": "{name} ({case_ref}) stopped {ref}: they don't need it now.",
    "relay.reopened": "{ref} is open again.",
    "relay.reopened_by_yp": "{name} ({case_ref}) opened {ref} again.",
    "relay.not_delivered": "Not delivered: the young person can't receive messages ({ref}).",
    # --- the team's group ---------------------------------------------------------------------
    "team.help": (
        "I post support requests here as cards. Tap Pick up, Reply or Close on a card. "
        "To write to the young person, reply to the card or to any message under it."
    ),
    "team.private_only": "Please use that in a private chat with me, not in a group.",
    "team.link.private": "Please send /link with your code in the group you want to link.",
    "team.link.usage": "Please send /link followed by the code your Lifelinks admin gave you.",
    "team.link.bad_code": (
        "That code doesn't work. It may be wrong, used or out of date. "
        "Ask your Lifelinks admin for a new one."
    ),
    "team.link.not_staff": "Only staff of the service can link a group.",
    "team.link.done": "Done ✓ This group now gets support requests for {service}.",
    "team.link.done.managers": "Done ✓ This group now gets reports and alerts for {service}.",
    "team.not_staff": "Sorry, only the team that owns this request can do that.",
    "team.request_gone": "Sorry, I can't find that request any more.",
    "team.already_picked": "{name} has already picked this up.",
    "team.request_closed_toast": "This request is closed. Tap Reopen on the card first.",
    "team.picked": "Thanks {name}. The young person has been told.",
    "team.reply_prompt": "{staff}, reply to this message with what you want to send to {name}.",
    "team.reply_prompt_toast": "Reply to my message in the group to write to them.",
    "team.close_prompt": "{staff}, reply to this message with one line on how {ref} ended.",
    "team.close_prompt_toast": "Reply to my message with one line to close it.",
    "team.close_bad": (
        "{staff}, please reply with one line of words (up to {limit} letters) to close it."
    ),
    "team.closed_reopen": "This request is closed, so I didn't send that. Reopen {ref}?",
    "team.withdrawn_not_sent": (
        "The young person stopped {ref}, so I didn't send that. Only they can open it again."
    ),
    "team.already_open": "This request is already open.",
    "team.reopened": "Reopened. The young person has been told.",
}
