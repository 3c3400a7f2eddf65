"""English texts. Warm, short, plain: a reading age of about 11, second person, no jargon."""

from __future__ import annotations

CONSENT_TEXT_VERSION = "en-2026-11"

TEXTS: dict[str, str] = {
    # --- always available -------------------------------------------------------------
    "error.generic": (
        "Something went wrong on our side — please try again. "
        "If it keeps happening, tell your Lifelong Links worker."
    ),
    "button.expired": "That button has expired — here is where we are.",
    "nudge.unexpected": (
        "Sorry, I wasn't expecting a message here. Please tap one of the buttons below. "
        "You can send /help at any time."
    ),
    "nudge.unknown_command": "I don't know that command. Send /help to see what I can do.",
    "media.not_supported": (
        "Thanks! I can only read words for now, not stickers, photos, files, places or polls. "
        "Please type a message or tap a button."
    ),
    "help.text": (
        "Here's what I can do:\n"
        "• /menu shows what you can do\n"
        "• /people, /plan and /data go straight there\n"
        "• /cancel stops what you're doing and goes back to the menu\n"
        "• /help shows this message\n\n"
        "To talk to a person, tap “Ask my worker to contact me”.\n"
        "In an emergency, call 999. Samaritans are free on 116 123, day or night."
    ),
    "help.joining": (
        "I'm Lifelinks. I help you keep in touch with the people who matter to you. "
        "First I need your answers to a couple of questions. "
        "If you'd like to talk to a person, your Lifelong Links worker is there for you."
    ),
    "help.contact_sent": (
        "Done. I've asked your Lifelong Links worker to get in touch. "
        "They'll message or call you soon, usually within a working day."
    ),
    "help.contact_already": (
        "I've already asked your worker today. They'll be in touch soon. "
        "If it can't wait, call 999 in an emergency, or Samaritans on 116 123."
    ),
    "help.no_worker": (
        "I can't reach your team through the app just now, sorry. "
        "Please call or text your Lifelong Links worker. "
        "In an emergency, call 999. Samaritans are free on 116 123."
    ),
    # --- joining --------------------------------------------------------------------------
    "not_invited": (
        "Hi! Lifelinks is for young people who have been invited by their Lifelong Links team. "
        "If you'd like to join, ask your Lifelong Links worker or social worker for a link. "
        "If you need to talk to someone now, Samaritans are free on 116 123, day or night."
    ),
    "invite.expired": (
        "Sorry, this link has run out. Links only work for a short time to keep you safe. "
        "Ask your Lifelong Links worker for a new one. They can send it straight away."
    ),
    "invite.used": (
        "This link has already been used. Each link only works once. "
        "Ask your Lifelong Links worker for a new one. "
        "If you didn't use it, please tell them."
    ),
    "under_age": (
        "Hi {name}, thanks for tapping the link! "
        "Lifelinks is for young people aged {min_age} and over, so you can't use it just yet. "
        "I've told your Lifelong Links worker, and they'll be in touch."
    ),
    "welcome": (
        "Hi {name}! I'm Lifelinks, from {service}.\n\n"
        "I help you keep in touch with the people who matter to you, "
        "and get help when you need it.\n\n"
        "What you tell me is kept safe and locked. "
        "Only your Lifelong Links team can see it, and only if you say yes."
    ),
    "welcome.back": "Welcome back, {name}!",
    "consent.use.ask": (
        "Is it OK for me to keep what you tell me, so I can help you? "
        "You can change your mind at any time."
    ),
    "consent.use.more": (
        "If you say yes, I'll keep things like the names of people who matter to you. "
        "They are locked so only Lifelinks can read them. "
        "You can see them or delete them at any time. "
        "If you say no, I won't keep anything you tell me."
    ),
    "consent.share.ask": (
        "Can I share what you add with your Lifelong Links worker, so they can help you? "
        "You can change this later too."
    ),
    "consent.share.more": (
        "If you say yes, your worker can see the people you add and what you ask help for. "
        "Nobody else can. If you say no, it stays with me. "
        "Your worker will only see that you're using Lifelinks."
    ),
    "consent.declined": (
        "That's OK. I won't keep anything you tell me. "
        "If you change your mind, tap the button below or send /start. "
        "Your Lifelong Links worker is still there for you."
    ),
    "consent.pending": "Before we start, I need your answer to this question.",
    "consent.done.shared": "Thank you, {name}! You're all set.",
    "consent.done.private": (
        "Thank you, {name}! You're all set. I won't share what you add with your worker."
    ),
    # --- menu -----------------------------------------------------------------------------
    "menu.title": "What would you like to do?",
    "choices.summary": (
        "Here are your choices:\n"
        "• Keep what I tell Lifelinks: {use}\n"
        "• Share it with my worker: {share}\n\n"
        "You can change them here."
    ),
    "choices.yes": "Yes",
    "choices.no": "No",
    "choices.share_on.done": "Done. I'll share what you add with your worker from now on.",
    "choices.share_off.done": (
        "Done. I've stopped sharing. Your worker will only see that you changed this."
    ),
    # --- staff in a private chat -----------------------------------------------------------
    "staff.welcome": (
        "Hello {name}. You're a {role} for {service}. "
        "I'll send you notes about your young people here.\n\n"
        "• /caseload lists your young people\n"
        "• /case and a reference shows one case\n"
        "• /newcase makes an invite link\n"
        "• /plan and a reference records their plan\n"
        "• /link and a code, sent in a group, links it to your team"
    ),
    # --- notes to the team (outbox) --------------------------------------------------------
    "notify.joined": "{ref} ({name}) has joined Lifelinks. Sharing with you: {share}.",
    "notify.declined": "{ref} ({name}) chose not to use Lifelinks for now.",
    "notify.under_age": (
        "{ref} ({name}) tried to join Lifelinks but is under {min_age}. "
        "No case was started. Please get in touch with them."
    ),
    "notify.contact_request": "{ref} ({name}) would like you to get in touch.",
    "notify.share_on": "{ref} ({name}) now shares what they add with you.",
    "notify.share_off": "{ref} ({name}) stopped sharing what they add. Nothing new will be shared.",
    # --- buttons ------------------------------------------------------------------------------
    "btn.yes": "Yes",
    "btn.no": "No",
    "btn.more": "Tell me more",
    "btn.rejoin": "I'd like to use Lifelinks",
    "btn.back": "⬅ Back",
    "btn.menu": "Menu",
    "btn.help": "Help / talk to a person",
    "btn.choices": "My choices",
    "btn.contact_me": "Ask my worker to contact me",
    "btn.share_on": "Start sharing with my worker",
    "btn.share_off": "Stop sharing with my worker",
    # --- main menu ------------------------------------------------------------------------
    "btn.people": "My people",
    "btn.plan": "My plan",
    "btn.support": "Ask for support",
    "btn.data": "My data",
    "plan.none": (
        "You don't have a plan here yet. "
        "Your coordinator will add your plan after your family meeting. "
        "You'll see who helps you with what, and when you'll look at it together."
    ),
    # --- my plan and reviews ---------------------------------------------------------------
    "plan.show": ("Your plan:\n{items}\n\nPlan lead: {lead}\nNext time we look at it: {next}"),
    "plan.item": "• {who} — {what}{often}",
    "plan.nobody": "someone to be agreed",
    "plan.lead.none": "not chosen yet",
    "plan.next.none": "not set yet",
    "plan.no_items": "• Nothing on it yet",
    "help.kind.money": "Money",
    "help.kind.housing": "Housing",
    "help.kind.food": "Food and cooking",
    "help.kind.education_work": "School, college or work",
    "help.kind.health": "Health",
    "help.kind.moving_on": "Moving on",
    "help.kind.birthdays_holidays": "Birthdays and holidays",
    "help.kind.talk": "Someone to talk to",
    "help.kind.family_time": "Family time",
    "help.kind.checking_in": "Checking in",
    "review.intro": (
        "Let's look at your plan together. It only takes a few minutes. "
        "You can pause and finish later."
    ),
    "review.resume": "Welcome back! Let's carry on where you stopped.",
    "review.item": "{who} — {what}. Is this happening?",
    "review.blocker": "What's got in the way? Tell me in a few words, or tap Skip.",
    "review.wellbeing": "How supported do you feel right now?",
    "review.changes": (
        "Is there anything you'd like to change, or anyone to add? Tell me, or tap Skip."
    ),
    "review.contact": "Would you like your coordinator to get in touch?",
    "review.done": (
        "Thank you! I've sent this to your Lifelong Links team. "
        "Next time we'll look at your plan is {next}."
    ),
    "review.paused": (
        "No problem, I've saved your answers. When you're ready, go to My plan "
        "and tap “Review my plan”."
    ),
    "review.cancelled": "OK, I haven't saved that review. You can start again from My plan.",
    "review.too_long": "Please keep it shorter, {max} letters or fewer.",
    "review.nudge": (
        "Hi {name}! It's time to look at your plan together. It takes about 5 minutes."
    ),
    "review.renudge": (
        "Hi {name}, just a gentle reminder: your plan check-in is here whenever you're ready."
    ),
    "review.snoozed": "OK, I'll remind you {when}.",
    "review.when.tomorrow": "tomorrow",
    "review.when.next_week": "next week",
    "btn.review": "Review my plan",
    "btn.start_now": "Start now",
    "btn.tomorrow": "Remind me tomorrow",
    "btn.next_week": "Next week",
    "btn.sometimes": "Sometimes",
    "btn.pause": "Pause, finish later",
    "btn.yes_please": "Yes please",
    "btn.no_thanks": "No thanks",
    "wellbeing.1": "1 – Not at all",
    "wellbeing.2": "2 – Not much",
    "wellbeing.3": "3 – OK",
    "wellbeing.4": "4 – Quite a lot",
    "wellbeing.5": "5 – Really supported",
    "notify.review": (
        "Plan review from {ref} ({name}). Feels supported: {score} out of 5.{low}\n"
        "Not happening: {missing}\nWould like you to get in touch: {contact}"
    ),
    "notify.review.low": " LOW: please check in.",
    "notify.review.none_missing": "nothing",
    "notify.review.comments": "What they said: {comments}",
    "notify.overdue": (
        "{ref} ({name}) hasn't looked at their plan after 3 reminders. The review is overdue."
    ),
    # --- monthly digest for managers -------------------------------------------------------
    "digest.title": "Lifelinks monthly digest for {service}: {month}",
    "digest.coordinator": (
        "• {coordinator}: {done} reviews done last month, {due} due this month, {overdue} overdue"
    ),
    "digest.no_coordinator": "no coordinator",
    "digest.no_plans": "• No plans to review yet.",
    "digest.unreachable": "Young people who can't get messages (may have blocked the bot): {count}",
    "digest.turning_15": "Turning 15 next month (for a Lifelong Links referral): {refs}",
    "digest.none": "none",
    "digest.failed": "Messages that could not be delivered last month: {count}",
    # --- my people --------------------------------------------------------------------------
    "people.list.empty": (
        "Your people are the ones who matter to you: family, friends, carers and others. "
        "You haven't added anyone yet. Tap “Add someone” to start."
    ),
    "people.list": "Your people ({count}). Tap a name to see or change it.",
    "people.list.page": "Your people ({count}), page {page} of {pages}. Tap a name to see it.",
    "people.strength.none": (
        "Everyone should have at least two people they're close to and in touch with, "
        "who aren't paid to be there. Let's find yours."
    ),
    "people.strength.one": (
        "You have 1 close person you're in touch with, who isn't a worker. "
        "That's a great start! The aim is at least two."
    ),
    "people.strength.many": (
        "You have {count} close people you're in touch with, who aren't workers. "
        "That's brilliant! The aim is at least two, and you've done it."
    ),
    "people.full": (
        "You've added {max} people, which is the most I can keep. "
        "You can remove someone to make space."
    ),
    "people.gone": "That person isn't on your list any more.",
    "people.view": (
        "{name}\n"
        "• Who: {relationship}\n"
        "• Part of your life: {circle}\n"
        "• How close: {closeness}\n"
        "• Contact now: {contact}\n"
        "• Your team may contact them: {may_contact}"
    ),
    "people.not_set": "not said",
    "people.ask.name": (
        "What do you call them? You can use a name or a nickname. Send it as a message."
    ),
    "people.ask.name.edit": "What's their new name or nickname? Send it as a message.",
    "people.bad_name.empty": "Please send their name or nickname as words, like “Nan” or “Jo”.",
    "people.bad_name.long": "That's a bit long. Please keep it to {max} letters or fewer.",
    "people.ask.relationship": "Who is {name} to you?",
    "people.ask.relationship_other": ("Tell me in a few words who {name} is to you. Or tap Skip."),
    "people.bad_other.long": "Please keep it short, {max} letters or fewer.",
    "people.ask.circle": "Which part of your life is {name} in?",
    "people.ask.circle.inferred": "I've put {name} in {circle}. Is that right?",
    "people.ask.closeness": "How close are you to {name}?",
    "people.ask.contact": "Are you in touch with {name} now?",
    "people.ask.may_contact": (
        "Can your Lifelong Links team get in touch with {name}, to help build your support?"
    ),
    "people.added": "Done! I've added {name} to your people.",
    "people.saved": "Saved.",
    "people.remove.ask": "Remove {name} from your people? This can't be undone.",
    "people.removed": "Done. I've removed {name}.",
    "btn.add_person": "➕ Add someone",
    "btn.picture": "See my people",
    "btn.prev": "◀ Back a page",
    "btn.next": "More ▶",
    "btn.skip": "Skip",
    "btn.right": "Yes, that's right",
    "btn.not_sure": "Not sure",
    "btn.edit_name": "Change name",
    "btn.edit_relationship": "Change who they are",
    "btn.edit_circle": "Change part of life",
    "btn.edit_closeness": "Change how close",
    "btn.edit_contact": "Change contact",
    "btn.edit_may_contact": "Change team contact",
    "btn.remove": "Remove",
    "btn.remove_yes": "Yes, remove",
    "btn.remove_no": "No, keep",
    "btn.my_people": "⬅ My people",
    "rel.mum": "Mum",
    "rel.dad": "Dad",
    "rel.brother": "Brother",
    "rel.sister": "Sister",
    "rel.nan": "Nan",
    "rel.grandad": "Grandad",
    "rel.aunt": "Aunt",
    "rel.uncle": "Uncle",
    "rel.cousin": "Cousin",
    "rel.foster_carer": "Foster carer",
    "rel.ex_foster_carer": "Ex-foster carer",
    "rel.friend": "Friend",
    "rel.teacher": "Teacher",
    "rel.coach": "Coach",
    "rel.youth_worker": "Youth worker",
    "rel.social_worker": "Social worker",
    "rel.other": "Someone else",
    "circle.family": "Family",
    "circle.friends": "Friends",
    "circle.carers": "Carers",
    "circle.professionals": "Workers",
    "circle.community": "Community",
    "closeness.1": "Very close",
    "closeness.2": "Close",
    "closeness.3": "Not so close",
    "contact.in_touch": "In touch",
    "contact.lost_touch": "Lost touch",
    "contact.would_like_to_find": "I'd like to find them",
    "contact.no_contact": "I don't want contact",
    # --- my picture -------------------------------------------------------------------------
    "ecomap.title": "My people",
    "ecomap.centre": "You",
    "ecomap.more": "+{n} more",
    "ecomap.unknown_circle": "Not sure",
    "ecomap.empty": "Add people to see them here",
    "ecomap.full_list": "The full list is in My people.",
    "ecomap.none_yet": "Add some people first, then I can draw your picture.",
    # --- my data ----------------------------------------------------------------------------
    "data.menu": "This is about your data. What would you like to do?",
    "btn.data_show": "What you hold about me",
    "btn.data_consent": "Change my choices",
    "btn.data_delete": "Delete everything",
    "data.summary": (
        "Here's what I keep about you:\n"
        "• Your case: {ref}, with {service}\n"
        "• Joined: {joined}\n"
        "• Keep what you tell me: {use}. Share with your worker: {share}\n"
        "• People: {people}\n"
        "• Plan: {plan}\n"
        "• Requests for support: {requests}\n\n"
        "The file below has all of it."
    ),
    "data.file_caption": "Everything Lifelinks keeps about you.",
    "data.plan.none": "none yet",
    "data.plan.yes": "yes",
    "delete.ask": (
        "This deletes everything you've told me: your people, your answers and your messages. "
        "Your worker will be told you left the app. Do you want to go on?"
    ),
    "delete.ask_again": (
        "Are you sure? Once it's gone, I can't get it back. "
        "You'd need a new link from your worker to use Lifelinks again."
    ),
    "delete.done": (
        "Done. I've deleted everything you told me. Thank you for using Lifelinks. "
        "Your Lifelong Links worker is still there for you. "
        "In an emergency, call 999. Samaritans are free on 116 123."
    ),
    "btn.delete_go": "Yes, go on",
    "btn.delete_confirm": "Yes, delete it all",
    "btn.delete_cancel": "No, keep it",
    "choices.use_off.ask": (
        "If you don't want me to keep what you tell me, I'll need to delete it all. "
        "Do you want to do that?"
    ),
    "btn.use_off": "Stop and delete my data",
    # --- safety net -------------------------------------------------------------------------
    "crisis.reply": (
        "I'm really glad you told me. You don't have to deal with this alone.\n\n"
        "• In an emergency, call 999\n"
        "• Samaritans: call 116 123, free, day or night\n"
        "• Text SHOUT to 85258\n"
        "• Childline (under 19): 0800 1111\n\n"
        "I've let your Lifelong Links team know."
    ),
    "crisis.reply.no_team": (
        "I'm really glad you told me. You don't have to deal with this alone.\n\n"
        "• In an emergency, call 999\n"
        "• Samaritans: call 116 123, free, day or night\n"
        "• Text SHOUT to 85258\n"
        "• Childline (under 19): 0800 1111\n\n"
        "Please tell your Lifelong Links worker too."
    ),
    "crisis.back": "When you're ready, we can carry on where you were.",
    "crisis.card": (
        "URGENT: {ref} ({name}) may be in danger ({category}). "
        "They have been shown the emergency numbers. Please contact them now."
    ),
    "crisis.card.message": "Their message: {message}",
    "crisis.category.self_harm": "suicide or self-harm",
    "crisis.category.abuse": "abuse or someone hurting them",
    "crisis.category.danger": "immediate danger",
    "crisis.category.homeless": "nowhere to sleep tonight",
    "crisis.category.medical": "medical emergency",
    # --- notes to the team, issue 4 -------------------------------------------------------
    "notify.unreachable": (
        "{ref} ({name}) can't get messages from Lifelinks: they may have blocked the bot. "
        "Please contact them another way."
    ),
    "notify.left": "{ref} ({name}) deleted their data and left Lifelinks.",
    "notify.lead": "Family-finding lead: {ref} ({name}) {contact} their {relationship}.",
    "notify.lead.named": (
        "Family-finding lead: {ref} ({name}) {contact} their {relationship}, {person}."
    ),
    "lead.lost_touch": "has lost touch with",
    "lead.would_like_to_find": "would like to find",
    "cmd.people": "See and add your people",
    "cmd.plan": "See and review your plan",
    "cmd.data": "See, change or delete your data",
    # --- the bot's command menu (setMyCommands) -------------------------------------------
    "cmd.menu": "Show what you can do",
    "cmd.help": "Help and how to reach a person",
    "cmd.cancel": "Stop and go back to the menu",
    "media.other_declined": (
        "Sorry, I can't use stickers, places, contacts or polls. "
        "Please type a message or tap a button."
    ),
}


# Texts of flows still being written live in draft_*.py until they are merged in here.
def _merge_drafts() -> None:
    import importlib
    import pkgutil
    from pathlib import Path

    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name.startswith("draft_"):
            draft = importlib.import_module(f"dialogs.texts.{module.name}")
            TEXTS.update(draft.TEXTS)


_merge_drafts()
