"""English texts. Warm, short, plain: a reading age of about 11, second person, no jargon."""

from __future__ import annotations

CONSENT_TEXT_VERSION = "en-2026-11"

# Where to get help right now: one place for every number, so a number is changed once.
# Each line is one service; each kind of danger lists the lines that fit it.
_LINE = {
    "999": "• In danger right now? Call 999",
    "silent": "• Can't speak? Call 999, then press 55 on a mobile",
    "samaritans": "• Samaritans: call 116 123, free, day or night",
    "shout": "• Text SHOUT to 85258, free, day or night",
    "childline": "• Childline (under 19): 0800 1111",
    "nhs_mind": "• NHS 111, then option 2, for urgent mental health help",
    "nhs": "• NHS 111 for urgent medical help",
    "dv": "• Domestic Abuse Helpline: 0808 2000 247, day or night",
    "ceop": "• Worried about someone online? Report it at ceop.police.uk",
    "police": "• Police, not an emergency: 101",
    "slavery": "• Modern Slavery Helpline: 08000 121 700",
    "marriage": "• Forced Marriage Unit: 020 7008 0151",
    "shelter": "• Shelter: 0808 800 4444",
    # 101 is the police's number, not the council's: the council's own line is local.
    "council": (
        "• Nowhere to stay tonight? Your council must help. "
        "Find its out-of-hours number at gov.uk/find-local-council"
    ),
    "centrepoint": "• Centrepoint Helpline: 0808 800 0661",
    "breathing": "• If someone is not breathing, call 999 now",
}
_BY_CATEGORY = {
    "suicide": ("999", "samaritans", "shout", "childline", "nhs_mind"),
    "self_harm": ("999", "shout", "samaritans", "childline", "nhs"),
    "abuse": ("999", "dv", "childline", "ceop", "police"),
    "exploitation": ("999", "slavery", "marriage", "childline"),
    "danger": ("999", "silent", "childline"),
    "homeless": ("999", "shelter", "council", "centrepoint", "childline"),
    "medical": ("breathing", "999", "nhs"),
    # Not sure what is wrong yet (a check-in): the lines for any kind of danger.
    "general": ("999", "samaritans", "shout", "childline"),
}
CRISIS_NUMBERS: dict[str, str] = {
    category: "\n".join(_LINE[line] for line in lines) for category, lines in _BY_CATEGORY.items()
}
# The numbers shown when a request is slow or the team is away.
EMERGENCY_NUMBERS = CRISIS_NUMBERS["general"]

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
        "I can help you:\n"
        "• keep a list of the people who matter to you\n"
        "• see your support plan\n"
        "• ask your Lifelong Links worker for help, or talk to them\n\n"
        "Tap a button, or just type what you need, like “add my nan” or “help with money”. "
        "Shortcuts: /menu, /people, /plan, /data, /cancel.\n\n"
        "To talk to a person, tap “Talk to someone”.\n"
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
        "I've already asked your Lifelong Links worker today. They'll be in touch soon. If it "
        "can't wait, call 999 in an emergency, or Samaritans on 116 123."
    ),
    "help.no_worker": (
        "I can't reach your Lifelong Links worker through the app just now, sorry. Please call "
        "or text them. In an emergency, call 999. Samaritans are free on 116 123."
    ),
    # --- joining --------------------------------------------------------------------------
    # Nothing about them is kept after Delete everything, so someone coming back can't be
    # told apart from someone new: this answer is kind and true for both.
    "not_invited": (
        "Hi! Lifelinks is for young people invited by their Lifelong Links worker. To join, "
        "ask them or your social worker for a link.\n\n"
        "If you deleted your data, it's gone for good, so I can't bring it back. You can "
        "start again: ask your Lifelong Links worker for a new link.\n\n"
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
        "Hi {name}! I'm Lifelinks, from {service}.\n\nI help you keep in touch with the people "
        "who matter to you, and get help when you need it.\n\nWhat you tell me is kept safe and "
        "locked. Only your Lifelong Links worker can see it, and only if you say yes."
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
        "If you say yes, your Lifelong Links worker and their team can see the people you add "
        "and what you ask help for. Nobody else can. If you say no, they only see that you use "
        "Lifelinks and when you ask for help, not your words. I show you a note before it "
        "goes to them. If you might not be safe, they are always told."
    ),
    "consent.declined": (
        "That's OK. I won't keep anything you tell me. "
        "If you change your mind, tap the button below or send /start. "
        "Your Lifelong Links worker is still there for you."
    ),
    "consent.pending": "Before we start, I need your answer to this question.",
    "consent.done.shared": "Thank you, {name}! You're all set.",
    "consent.done.private": (
        "Thank you, {name}! You're all set. I won't share what you add with your Lifelong Links "
        "worker."
    ),
    # --- menu -----------------------------------------------------------------------------
    "menu.title": "What would you like to do?",
    "choices.summary": (
        "Here are your choices:\n• Keep what I tell Lifelinks: {use}\n• Share it with my "
        "Lifelong Links worker: {share}\n\nChange them here."
    ),
    "choices.yes": "Yes",
    "choices.no": "No",
    "choices.share_on.done": (
        "Done. I'll share what you add with your Lifelong Links worker from now on."
    ),
    "choices.share_off.done": (
        "Done. I've stopped sharing. From now on, your Lifelong Links worker will only see that "
        "you changed this. Things you've already sent them stay with them. To remove those "
        "too, use Delete everything in My data."
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
    "btn.help": "Help",
    "btn.choices": "My choices",
    "btn.contact_me": "Ask my Lifelong Links worker to contact me",
    "btn.share_on": "Start sharing with my Lifelong Links worker",
    "btn.share_off": "Stop sharing with my Lifelong Links worker",
    # --- main menu ------------------------------------------------------------------------
    "btn.people": "My people",
    "btn.plan": "My plan",
    "btn.support": "Ask for support",
    "btn.data": "My data",
    "plan.none": (
        "You don't have a plan here yet. Your Lifelong Links worker will add your plan after "
        "your family meeting. You'll see who helps you with what, and when you'll look at it "
        "together."
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
    "review.contact": "Would you like your Lifelong Links worker to get in touch?",
    "review.done": (
        "Thank you! I've sent this to your Lifelong Links worker. Next time we'll look at your "
        "plan is {next}."
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
        "Let's find the people in your corner: people you're close to and in touch with, "
        "who aren't paid to be there."
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
        "{name}\n• Who: {relationship}\n• Part of your life: {circle}\n• How close: "
        "{closeness}\n• Contact now: {contact}\n• Your Lifelong Links worker can call them: "
        "{may_contact}\n\nWould you like to be in touch? {wish}\nSafe to be in touch? {safety}"
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
        "Can your Lifelong Links worker get in touch with {name}, to help build your support?"
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
    "btn.edit_may_contact": "Change who may contact them",
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
    "ecomap.draw_failed": "I couldn't draw your picture just now, so here are your people "
    "in words.",
    # --- my data ----------------------------------------------------------------------------
    "data.menu": "This is about your data. What would you like to do?",
    "btn.data_show": "What you hold about me",
    "btn.data_consent": "Change my choices",
    "btn.data_delete": "Delete everything",
    "data.summary": (
        "Here's what I keep about you:\n• Your case: {ref}, with {service}\n• Joined: "
        "{joined}\n• Keep what you tell me: {use}. Share with your Lifelong Links worker: "
        "{share}\n• People: {people}\n• Plan: {plan}\n{support}\n\nThe file below has all of it."
    ),
    "data.file_caption": "Everything Lifelinks keeps about you.",
    "data.plan.none": "none yet",
    "data.plan.yes": "yes",
    "delete.ask": (
        "This deletes everything you've told me: your people, your answers and your messages. "
        "What your Lifelong Links worker's chat shows of your messages is removed too. They "
        "will be told you deleted your data. Do you want to go on?"
    ),
    "delete.ask_again": (
        "Are you sure? Once it's gone, I can't get it back. You'd need a new link from your "
        "Lifelong Links worker to use Lifelinks again."
    ),
    "delete.done": (
        "Done. I've deleted everything you told me. Thank you for using Lifelinks. "
        "Your Lifelong Links worker is still there for you. If you want to start again one "
        "day, ask them for a new link. "
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
    **{f"crisis.numbers.{category}": numbers for category, numbers in CRISIS_NUMBERS.items()},
    "crisis.reply": (
        "I'm really glad you told me. You don't have to deal with this alone.\n\n"
        "{numbers}\n\n{team}"
    ),
    "crisis.team.working": (
        "I've told your Lifelong Links worker. Someone will message you here soon."
    ),
    "crisis.team.working_name": (
        "I've told {name}, your Lifelong Links worker. Someone will message you here soon."
    ),
    "crisis.team.closed": (
        "I've told your Lifelong Links worker. They're back {when}. Until then, the numbers "
        "above are there for you."
    ),
    "crisis.team.none": "Please tell your Lifelong Links worker too.",
    "crisis.next": "What would you like to do now?",
    "btn.crisis.talk": "Talk to someone",
    "btn.crisis.back": "Back to where I was",
    "crisis.card.message": "Their message: {message}",
    # --- checking in when the net is not sure ----------------------------------------------
    "checkin.ask": "I want to check you're OK. Are you safe right now?",
    "btn.checkin.safe": "I'm safe",
    "btn.checkin.not_safe": "I'm not safe",
    "checkin.again": "Sorry, I didn't get that. Please tap a button below.",
    "checkin.not_safe": (
        "Thank you for telling me. You don't have to deal with this alone.\n\n{numbers}\n\n{team}"
    ),
    "checkin.safe": (
        "I'm glad you're safe. Thanks for telling me. If things change, I'm here, and so is "
        "your Lifelong Links worker."
    ),
    "btn.checkin.tell_worker": "Let my Lifelong Links worker know",
    "checkin.told_worker": "Done. I've let your Lifelong Links worker know you'd like a chat.",
    "checkin.no_worker": (
        "I can't reach your Lifelong Links worker through the app just now, sorry."
    ),
    # --- talking to someone: a thread with the team -----------------------------------------
    "talk.working": (
        "I've asked {name}, your Lifelong Links worker, to message you here. "
        "They'll usually reply within {within}."
    ),
    "talk.closed": (
        "I've asked your Lifelong Links worker to message you here. They're back {when}.\n\nIf "
        "you need help before then:\n{numbers}"
    ),
    "talk.already": "You've already asked to talk. Your Lifelong Links worker will reply here.",
    "talk.in_alert": (
        "I've told {name} you want to talk. They'll answer you here, in the same chat as "
        "before.\n\nIf you need help now:\n{numbers}"
    ),
    "talk.in_alert.closed": (
        "I've told your Lifelong Links worker you want to talk. They're back {when} and will "
        "answer you here, in the same chat as before.\n\nIf you need help before "
        "then:\n{numbers}"
    ),
    "relay.alert.talk": "{name} asked to talk to someone on {ref}. Please reply to this card.",
    "talk.none": (
        "I can't reach your Lifelong Links worker through the app just now, sorry. Please call "
        "or text them.\n\n{numbers}"
    ),
    "talk.your_worker": "your Lifelong Links worker",
    "when.today": "today at {time}",
    "when.tomorrow": "tomorrow at {time}",
    "when.day": "on {day} at {time}",
    "relay.alert.again": (
        "URGENT: {name} sent another worrying message ({category}) on {ref}. Please act now."
    ),
    "relay.alert.again.words": (
        "URGENT: {name} sent another worrying message ({category}) on {ref}. Please act now. "
        "They wrote:\n\n{text}"
    ),
    "talk.within.minutes": "{minutes} minutes",
    "talk.within.hour": "an hour",
    "talk.within.hours": "{hours} hours",
    "talk.within.day": "a working day",
    "talk.ask": "Type a message for your Lifelong Links worker. Or tap Done.",
    "alert.picked_up": (
        "{name}, your Lifelong Links worker, has seen this. They'll message you here."
    ),
    "alert.closed": (
        "{name}, your Lifelong Links worker, has finished this chat with you. "
        "If you want to talk again, any time, tap Talk to someone below."
    ),
    # --- cards in the coordinators' group for alerts and talk threads -------------------------
    "card.alert.head": (
        "URGENT {ref}: {name} ({case_ref}) may be in danger ({category}).\n"
        "They have been shown the numbers for this. Please contact them now.\n"
        "Sent: {sent}"
    ),
    "card.alert.checkin": (
        "URGENT {ref}: {name} ({case_ref}) said they are not safe right now ({category}).\n"
        "They have been shown the emergency numbers. Please contact them now.\n"
        "Sent: {sent}"
    ),
    "card.talk.head": (
        "Talk {ref}: {name} ({case_ref}) would like to talk to someone.\nSent: {sent}"
    ),
    "card.talk.review": (
        "Talk {ref}: {name} ({case_ref}) asked you to get in touch after their plan review.\n"
        "Sent: {sent}"
    ),
    "card.talk.contact": (
        "Talk {ref}: {name} ({case_ref}) asked their worker to get in touch.\nSent: {sent}"
    ),
    "card.alert.not_shared": "They chose not to share their words.",
    "card.reply_hint": "Reply to this card, or tap Reply, to write to them.",
    "notify.safe_checkin": (
        "{ref} ({name}) was checked on by the safety net, said they are safe, "
        "and asked for their worker to know. No rush."
    ),
    "team.cannot_relay": (
        "I can't send that reply to a young person: that message isn't part of a request, "
        "alert or chat. To write to them, reply to their card or to a message under it."
    ),
    "team.cannot_relay.group": (
        "{staff}, I can't send that to a young person. Reply to their card instead."
    ),
    "escalate.young_person.alert": (
        "Your team hasn't replied yet, so I've told a manager too. "
        "Someone will message you here soon.\n\n"
        "If you need help now:\n" + EMERGENCY_NUMBERS
    ),
    "escalate.category.alert": "URGENT safety alert: {crisis}",
    "escalate.young_person.alert.team": (
        "Your team hasn't replied yet, so I've reminded them. "
        "Someone will message you here soon.\n\n"
        "If you need help now:\n" + EMERGENCY_NUMBERS
    ),
    "support.cat.alert": "Safety alert",
    "support.cat.talk_thread": "Talk to someone",
    "crisis.category.suicide": "thoughts of suicide",
    "crisis.category.self_harm": "self-harm",
    "crisis.category.abuse": "abuse or someone hurting them",
    "crisis.category.exploitation": "exploitation or being made to do things",
    "crisis.category.danger": "immediate danger",
    "crisis.category.homeless": "nowhere to sleep tonight",
    "crisis.category.medical": "medical emergency",
    # --- notes to the team, issue 4 -------------------------------------------------------
    "notify.unreachable": (
        "{ref} ({name}) can't get messages from Lifelinks: they may have blocked the bot. "
        "Please contact them another way."
    ),
    "notify.left": (
        "{name} ({ref}) deleted their data. Their messages in this chat have been removed."
    ),
    "notify.lead": "{name} ({ref}) has a family-finding lead: ask them about it.",
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
    # --- the command menus of staff (private chat) and of groups ---------------------------
    "cmd.staff.caseload": "Your young people",
    "cmd.staff.case": "One case: /case and its reference",
    "cmd.staff.newcase": "Make an invite link for a young person",
    "cmd.staff.plan": "Record a plan: /plan and a reference",
    "cmd.staff.help": "What you can do here",
    "cmd.staff.cancel": "Stop what you're doing",
    "cmd.group.link": "Link this group: /link and your code",
    "cmd.group.help": "How this group works",
    "media.other_declined": (
        "Sorry, I can't use stickers, places, contacts or polls. "
        "Please type a message or tap a button."
    ),
    # --- support requests, cards and the relay, issue 6 ----------------------------------------
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
        "Tell me what's going on, in your own words. I'll pass it to your Lifelong Links "
        "worker. "
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
        "You chose not to share what you write with your Lifelong Links worker. Can I show "
        "them your words for this request? If not, I'll just tell them you asked for help."
    ),
    "btn.support.share_yes": "Yes, show my words",
    "btn.support.share_no": "No, just say I asked",
    "support.check": "Help with: {category}\nHow soon: {urgency}",
    "support.check.words": "What you said: {words}",
    "support.check.media": "Photos, files or voice notes: {count}",
    "support.check.shared": "Your Lifelong Links worker will see your words.",
    "support.check.private": (
        "Your Lifelong Links worker will see that you asked, but not your words."
    ),
    "support.check.lines": "Please check this:\n\n{lines}",
    "support.check.question": "Shall I send it to your Lifelong Links worker?",
    "btn.support.send": "Send it",
    "btn.support.change": "Change what I said",
    "support.sent": (
        "Sent ✓ Your reference is {ref}.\n\nYour Lifelong Links worker or someone working with "
        "them will pick it up by {due}. They will message you here."
    ),
    "support.sent.out_of_hours": (
        "Your Lifelong Links worker is not at work right now. They are back on {back}.\n\nIf it "
        "can't wait, call 999 in an emergency, or Samaritans on 116 123, day or night."
    ),
    "btn.support.list": "My requests",
    "support.after_sent": "You can see how it's going in My requests.",
    "support.no_team": (
        "Sorry, I can't send this right now, because your Lifelong Links worker isn't set up "
        "here yet. Please call or text them. In an emergency, call 999. Samaritans are free on "
        "116 123."
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
    "support.add.done": "Added ✓ Your Lifelong Links worker can see it.",
    "support.withdraw.confirm": (
        "Do you want to stop this request? Your Lifelong Links worker will be told."
    ),
    "btn.support.withdraw_yes": "Yes, stop it",
    "btn.support.keep": "No, keep it",
    "support.withdrawn": "Done. {ref} is stopped. You can open it again at any time.",
    "support.reopened": (
        "{ref} is open again: your request about {category}. Your Lifelong Links worker will "
        "see it."
    ),
    # --- talking with the team ----------------------------------------------------------------
    "support.your_team": "your Lifelong Links worker",
    "btn.support.reply": "Reply",
    "support.reply.ask": "Type your message to {name}. You can send a photo or voice note too.",
    "support.reply.sent": "Sent to {name} ✓ Send more, or tap Done.",
    "support.reply.sent_short": "Sent to {name} ✓",
    "thread.which": "Who is this message for? Tap one and I'll send it.",
    "thread.label": "{name} — {kind}",
    "thread.kind.alert": "urgent chat",
    "thread.kind.talk": "chat",
    "thread.kind.request": "{category} request",
    "support.reply.closed": "{ref} is closed, so I didn't send that. You can open it again here.",
    "support.picked_up": "{name} is looking at your request {ref} now. They'll be in touch here.",
    "support.reopened_by_team": "{name} has opened your request {ref} ({category}) again.",
    "relay.to_yp": "{name} from Lifelong Links:\n\n{text}",
    "relay.to_yp.media": "{name} from Lifelong Links sent you this:",
    "relay.to_yp.edited": "{name} from Lifelong Links (edited):\n\n{text}",
    # --- the card in the coordinators' group --------------------------------------------------
    "card.head": (
        "Request {ref} · {urgency}\n"
        "{name} ({case_ref}) asked for help with: {category}\n"
        "Sent: {sent}"
    ),
    "card.urgency.today": "Needed: today",
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
    "team.request_gone": (
        "This is no longer here: it was deleted at the young person's request, or removed."
    ),
    "team.already_picked": "{name} has already picked this up.",
    "team.request_closed_toast": "This request is closed. Tap Reopen on the card first.",
    "team.picked": "Thanks {name}. The young person has been told.",
    "team.reply_prompt": "{staff}, reply to this message with what you want to send to {name}.",
    "team.reply_prompt_toast": "Reply to my message in the group to write to them.",
    "team.close_prompt": (
        "{staff}, reply to this message with one line on how {ref} ended. {name} will see "
        "it word for word, so write it to them."
    ),
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
    # --- the bot added to or removed from a group ---------------------------------------
    "team.added": (
        "Hello! I'm the Lifelinks bot. To get support requests in this group, a coordinator "
        "sends /link with the code from your Lifelinks admin."
    ),
    "team.group_lost": (
        "I can't post in the coordinators' group for {service} any more: I was removed "
        "from it. Until a group is linked again, I'll send requests to each young person's "
        "coordinator here.\n\n"
        "To link a group: add me to it, ask your Lifelinks admin for a code, "
        "then send /link and the code in the group."
    ),
    "team.group_lost.moved": (
        "I can't post in the coordinators' group for {service} any more: I was removed "
        "from it. So I've sent its open requests here again ({count} in all), each to the "
        "young person's coordinator. New ones will come here too, until a group is linked "
        "again.\n\n"
        "To link a group: add me to it, ask your Lifelinks admin for a code, "
        "then send /link and the code in the group."
    ),
    "team.group_moved": (
        "Telegram has upgraded this group, so it has a new address. I'll carry on here as before."
    ),
    "team.group_moved.cards": (
        "Telegram has upgraded this group, so it has a new address. I've posted the open "
        "requests below again ({count} in all). Please use these new cards from now on."
    ),
    "team.group_lost.managers": (
        "I can't post in the managers' group for {service} any more: I was removed from it. "
        "Late requests will go to the coordinators, and there will be no monthly report "
        "until a managers' group is linked again.\n\n"
        "To link a group: add me to it, ask your Lifelinks admin for a code, "
        "then send /link and the code in the group."
    ),
    # --- escalation and the digest's request counts, issue 6 -----------------------------------
    # --- to the managers (or, with no managers' group, the coordinators) -----------------
    "escalate.managers_card": (
        "Late request: {req} from {ref} ({name}).\n"
        "Help with: {category}. Needed: {urgency}.\n"
        "Sent {sent}. It has waited {waited} of work time and nobody has picked it up. "
        "Please make sure someone does."
    ),
    "escalate.group_note": (
        "Nobody picked up {req} for {ref} ({name}) in time, so it has gone to the managers."
    ),
    "escalate.category.money": "money",
    "escalate.category.housing": "somewhere to live",
    "escalate.category.food": "food",
    "escalate.category.education_work": "school, college or work",
    "escalate.category.health": "health",
    "escalate.category.family_contact": "family contact",
    "escalate.category.talk": "someone to talk to",
    "escalate.category.other": "something else",
    "escalate.urgency.today": "today (urgent)",
    "escalate.urgency.week": "this week",
    "escalate.urgency.whenever": "no rush",
    "escalate.minutes": "{minutes} min",
    "escalate.hours": "{hours} h",
    "escalate.hours_minutes": "{hours} h {minutes} min",
    # --- to the young person ------------------------------------------------------------
    "escalate.young_person": (
        "Sorry, your request {req} (help with {category}) is taking longer than we hoped. "
        "Nobody has picked it up yet, so I've told a manager. "
        "Someone will get back to you as soon as they can."
    ),
    "escalate.young_person.urgent": (
        "Sorry, your request {req} (help with {category}) is taking longer than we hoped. "
        "Nobody has picked it up yet, so I've told a manager. "
        "Someone will get back to you as soon as they can.\n\n"
        "If you need help now:\n" + EMERGENCY_NUMBERS
    ),
    "escalate.young_person.team": (
        "Sorry, your request {req} (help with {category}) is taking longer than we hoped. "
        "Nobody has picked it up yet, so I've reminded the team. "
        "Someone will get back to you as soon as they can."
    ),
    "escalate.young_person.team.urgent": (
        "Sorry, your request {req} (help with {category}) is taking longer than we hoped. "
        "Nobody has picked it up yet, so I've reminded the team. "
        "Someone will get back to you as soon as they can.\n\n"
        "If you need help now:\n" + EMERGENCY_NUMBERS
    ),
    "escalate.young_person.no_team": (
        "Sorry, your request {req} (help with {category}) is taking longer than we hoped. "
        "Please call or text your Lifelong Links worker.\n\n"
        "If you need help now:\n" + EMERGENCY_NUMBERS
    ),
    # --- the managers' monthly digest ---------------------------------------------------
    "digest.alerts": "Safety alerts last month: {count} ({categories})",
    "digest.alerts.pickup": "Median time for an alert to be picked up: {median}",
    "digest.alerts.pickup_none": "Median time for an alert to be picked up: none picked up",
    "digest.checkins_not_safe": "Check-ins answered \u201cI'm not safe\u201d: {count}",
    "digest.checkins_unsure": "Check-ins answered with neither a yes nor a no: {count}",
    "digest.requests": "Requests for help opened last month: {opened} ({answered} answered so far)",
    # --- staff in a private chat: /caseload, /case, /newcase, issue 6 --------------------------
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
    # --- staff: recording a plan with /plan, issue 5 -------------------------------------------
    # --- opening a plan ---------------------------------------------------------------
    "plan_editor.usage": (
        "To add or change a young person's plan, send /plan and their case reference, "
        "like this: /plan KENT-AB234"
    ),
    "plan_editor.unknown": (
        "Sorry, I can't find a case with that reference in your team. "
        "Please check it and try again."
    ),
    "plan_editor.not_joined": (
        "{ref} hasn't joined Lifelinks yet. You can add their plan once they have joined."
    ),
    "plan_editor.declined": (
        "{ref} chose not to use Lifelinks for now, so there's no plan to change here. "
        "If they change their mind, you can add it then."
    ),
    "plan_editor.left": (
        "{ref} has left Lifelinks and their data was deleted, so there's no plan here now."
    ),
    "plan_editor.under_age": (
        "{ref} is too young for Lifelinks just now, so there's no plan to change here."
    ),
    # --- the plan at a glance ---------------------------------------------------------
    "plan_editor.overview": (
        "Plan for {name} ({ref})\n\n"
        "Plan lead: {lead}\n\n"
        "Who helps with what:\n{items}\n\n"
        "Review every: {every}\n"
        "Next review: {next}\n\n"
        "What would you like to change?"
    ),
    "plan_editor.no_plan": "{name} has no plan yet. What you add here is saved straight away.",
    "plan_editor.line": "{who} — {what}{often}",
    "plan_editor.done": (
        "All saved. {name} can see it in My plan. To change it again, send /plan {ref}"
    ),
    "plan_editor.dropped": "I didn't add the help you were in the middle of.",
    # --- plan lead and people -----------------------------------------------------------
    "plan_editor.ask.lead": (
        "Who will lead {name}'s plan? Tap one of their people, or type a new name."
    ),
    "plan_editor.ask.lead.empty": (
        "Who will lead {name}'s plan? They haven't added anyone yet, so please type a name."
    ),
    "plan_editor.lead.saved": "Done. {lead} is the plan lead.",
    "plan_editor.lead.cleared": "Done. The plan has no lead for now.",
    "plan_editor.person_gone": "That person isn't on the list any more. Please pick again.",
    "plan_editor.people_full": (
        "{name} already has {max} people, which is the most there can be. "
        "Please pick someone from the list."
    ),
    # --- adding and changing help -------------------------------------------------------
    "plan_editor.ask.kind": "What kind of help is it? Pick one.",
    "plan_editor.ask.who": ("Who gives this help? Tap one of {name}'s people, or type a new name."),
    "plan_editor.ask.who.empty": (
        "Who gives this help? {name} hasn't added anyone yet, so please type a name."
    ),
    "plan_editor.ask.what": (
        "What will they do? Type a few words, like “Sunday dinners”. Or tap Skip."
    ),
    "plan_editor.ask.what.edit": (
        "Type the new words for this help, like “Sunday dinners”. Or tap Clear to take them off."
    ),
    "plan_editor.ask.often": "How often? Tap one, or type your own, like “every Friday”.",
    "plan_editor.item": (
        "{line}\n\n"
        "Kind of help: {kind}\n"
        "Who: {who}\n"
        "What: {what}\n"
        "How often: {often}\n\n"
        "What would you like to change?"
    ),
    "plan_editor.not_set": "not set",
    "plan_editor.items": "Which help would you like to change or remove?",
    "plan_editor.item.added": "Added to the plan: {line}",
    "plan_editor.item.saved": "Saved.",
    "plan_editor.item.gone": "That help isn't on the plan any more.",
    "plan_editor.full": (
        "This plan already has {max} kinds of help, which is the most it can have. "
        "Please remove one first."
    ),
    "plan_editor.remove.ask": "Remove this from the plan?\n{line}",
    "plan_editor.removed": "Removed from the plan: {line}",
    "plan_editor.often.week": "every week",
    "plan_editor.often.fortnight": "every 2 weeks",
    "plan_editor.often.month": "every month",
    "plan_editor.often.now_and_then": "now and then",
    "plan_editor.often.when_needed": "when needed",
    # --- reviews -----------------------------------------------------------------------
    "plan_editor.ask.interval": (
        "How often should the plan be reviewed? It's every {every} now. "
        "Tap one, or type days or weeks, like 90d or 12w."
    ),
    "plan_editor.interval.saved": "Done. The plan will be reviewed every {every}.",
    "plan_editor.bad_interval": (
        "Sorry, I can't use that. Please type days or weeks, like 90d or 12w. "
        "It can be from 7 days to 2 years."
    ),
    "plan_editor.ask.first_review": (
        "When is the first review? Just now it's {next}. Tap one, or type a date, like 01/02/2027."
    ),
    "plan_editor.first_review.saved": "Done. The first review is on {day}.",
    "plan_editor.bad_date": "Sorry, I can't read that date. Please type it like 01/02/2027.",
    "plan_editor.past_date": "That day isn't in the future. Please pick a date after today.",
    "plan_editor.far_date": "That's more than 2 years away. Please pick a nearer date.",
    "plan_editor.every.day": "{n} day",
    "plan_editor.every.days": "{n} days",
    "plan_editor.every.week": "{n} week",
    "plan_editor.every.weeks": "{n} weeks",
    "plan_editor.every.month": "{n} month",
    "plan_editor.every.months": "{n} months",
    "plan_editor.every.year": "{n} year",
    "plan_editor.every.years": "{n} years",
    # --- typed words -------------------------------------------------------------------
    "plan_editor.empty": "Please type some words.",
    "plan_editor.too_long": "That's too long. Please keep it to {max} letters or fewer.",
    # --- buttons -----------------------------------------------------------------------
    "btn.plan_lead": "Plan lead",
    "btn.plan_add": "➕ Add help",
    "btn.plan_change": "Change or remove help",
    "btn.plan_interval": "How often to review",
    "btn.plan_first_review": "First review date",
    "btn.plan_done": "✅ Done",
    "btn.plan_no_lead": "No lead for now",
    "btn.plan_nobody": "Not agreed yet",
    "btn.plan_clear": "Clear",
    "btn.plan_edit_kind": "Change kind",
    "btn.plan_edit_who": "Change who",
    "btn.plan_edit_what": "Change what",
    "btn.plan_edit_often": "Change how often",
    "btn.plan_in_2w": "In 2 weeks",
    "btn.plan_in_1m": "In 1 month",
    "btn.plan_in_3m": "In 3 months",
    "btn.plan_in_6m": "In 6 months",
    "btn.plan_overview": "⬅ The plan",
    # --- guards against letting the wrong thing in (issue 15, h-guards) ---------------------
    "invite.staff_kept": (
        "This is an invite for a young person. You're staff, so I kept it unused: "
        "send the link to them."
    ),
    "staff.newcase.bad_name.chars": (
        "That name has hidden or special characters in it. Please type it plainly, like “Alex”."
    ),
    "staff.newcase.age_range": (
        "Lifelinks is for young people aged {youngest} to {oldest}. "
        "Please check their date of birth."
    ),
    # --- conversations with the team: issue 14 (h-convo) --------------------------------
    "talk.working.team": (
        "I've asked your Lifelong Links worker to message you here. "
        "They'll usually reply within {within}."
    ),
    "talk.working.by": (
        "I've asked {name}, your Lifelong Links worker, to message you here. "
        "They'll reply by {when}.\n\nIf you need help before then:\n{numbers}"
    ),
    "talk.working.by.team": (
        "I've asked your Lifelong Links worker to message you here. "
        "They'll reply by {when}.\n\nIf you need help before then:\n{numbers}"
    ),
    "relay.from_yp.forwarded": (
        "{name} ({case_ref}) forwarded a message on {ref} (written by someone else):\n\n{text}"
    ),
    "relay.from_yp.forwarded_media": "{name} ({case_ref}) forwarded this on {ref}:",
    "thread.closed": (
        "Your chat with {name} is closed, so I didn't send that. Tap below to start again."
    ),
    "thread.edit_closed": (
        "Your chat with {name} is closed, so I didn't send your change. Tap below to start again."
    ),
    "team.cannot_relay.gone": (
        "I can't send that reply: the young person's chat it belongs to isn't here any more "
        "(it may have been deleted at their request). Nothing was sent."
    ),
    "team.cannot_relay.gone.group": (
        "{staff}, I can't send that: that chat isn't here any more. Nothing was sent."
    ),
    "team.edit_closed": (
        "That chat is closed, so your change didn't reach the young person. "
        "Reopen it from its card to write to them again."
    ),
    "team.edit_closed.group": (
        "{staff}, that chat is closed, so your change wasn't sent. Reopen it from its card."
    ),
    # --- privacy that tells the truth (issue 14): who sees what, asking before sending ------
    "worker.role": "your Lifelong Links worker",
    "worker.named": "{name}, your Lifelong Links worker",
    "card.deleted": "(deleted at the young person's request)",
    "notify.review.private": (
        "{name} ({ref}) has reviewed their plan: ask them about it.\n"
        "Would like you to get in touch: {contact}"
    ),
    "btn.share.send": "Send",
    "btn.share.dont": "Don't send",
    "share.lead.ask": (
        "{worker} may be able to help you find family you've lost touch with. "
        "Shall I send them this?\n\n«{note}»\n\nNothing goes unless you tap Send."
    ),
    "share.sent": "Sent to {worker} ✓",
    "share.not_sent": "OK, I haven't sent anything.",
    "share.already_sent": "That was already sent.",
    "share.gone": "That has changed since, so I haven't sent anything.",
    "share.nobody": (
        "I can't reach your Lifelong Links worker through the app just now, so nothing was sent."
    ),
    "review.send.ask": (
        "Thank you! Your review is saved. Shall I send this to {worker}?\n\n«{note}»\n\n"
        "Nothing goes unless you tap Send."
    ),
    "review.done.not_sent": "OK, I haven't sent anything. Your review is saved.",
    "review.done.kept": "Thank you! Your review is saved. Your next one is on {next}.",
    "btn.data_who": "Who can see what",
    "who.text": (
        "Who can see what\n\n"
        "👥 Your people\n{people}\n\n"
        "📋 Your plan and reviews\n{plan}\n\n"
        "💬 Your messages to your Lifelong Links worker\n{messages}\n\n"
        "🆘 Safety alerts\n{alerts}\n\n"
        "📄 Your data file\nOnly you. I send it to you here, in this chat.\n\n"
        "Who sees it: you, and {worker} and their team, as above. Nobody else: not your "
        "social worker, your carers or the people you add.\n\n{state}"
    ),
    "who.people.on": (
        "You, and your Lifelong Links worker and their team: names and who they are. "
        "A family-finding lead goes to them only if you tap Send."
    ),
    "who.people.off": (
        "You. Your Lifelong Links worker and their team see only how many people you have. "
        "A family-finding lead says only that there is one, and goes only if you tap Send."
    ),
    "who.plan.on": (
        "You, and your Lifelong Links worker and their team, who set it up with you. After a "
        "review they get your answers and comments, only if you tap Send."
    ),
    "who.plan.off": (
        "You, and your Lifelong Links worker and their team, who set it up with you. After a "
        "review they are told only that you did one, and only if you tap Send. They can see "
        "your last 'how supported' score."
    ),
    "who.messages.on": (
        "You, and your Lifelong Links worker and their team. They see what you ask for, your "
        "words, photos and voice notes, and your replies."
    ),
    "who.messages.off": (
        "You, and your Lifelong Links worker and their team: what you asked help with. I ask "
        "each time before they see your words. Replies you write to them always reach them."
    ),
    "who.alerts.on": (
        "If you might not be safe, your Lifelong Links worker and their team are told straight "
        "away, with what you wrote."
    ),
    "who.alerts.off": (
        "If you might not be safe, your Lifelong Links worker and their team are told at once. "
        "They see what the danger may be. They don't see your words."
    ),
    "who.state.on": "Sharing is on. You can turn it off here.",
    "who.state.off": (
        "Sharing is off. Things you sent before you turned it off stay with your Lifelong "
        "Links worker. Delete everything, in My data, removes them. You can turn sharing on here."
    ),
    # --- the language layer: free text, names, feelings (issue 14, h-lang) ---------------
    "lang.off_script": "I didn't quite get that. Tap a button below, or type “menu”.",
    "lang.hello": "Hi 👋 Good to hear from you.",
    "lang.thanks": "You're welcome 😊",
    "lang.skip.none": "That's OK, there's no rush. Tap a button below when you're ready.",
    "lang.did_you_mean": "Did you mean {command}? Tap it to go there.",
    "lang.support.chosen": "OK, let's ask for support with {category}.",
    "lang.media.voice": (
        "Sorry, I can't listen to voice notes. Could you type it instead? "
        "I can take photos when you ask for support."
    ),
    "lang.media.sticker": (
        "Nice sticker! I can only read typed words, though. Type a message or tap a button."
    ),
    "lang.media.other": (
        "Sorry, I can't use that here. You can type a message, "
        "or send photos when you ask for support."
    ),
    # A feeling said as a request's words: kept in it, answered warmly and honestly about
    # when their worker can talk ({warm}: calm.feeling.*, {when}: calm.feeling.when.*).
    "lang.feeling.low": "{warm}\n\n{when}",
    "lang.feeling.lonely": "{warm}\n\n{when}",
    "lang.feeling.stressed": "{warm}\n\n{when}",
    "lang.feeling.bad_day": "{warm}\n\n{when}",
    "lang.feeling.angry": "{warm}\n\n{when}",
    "people.ask.name.for": (
        "What's your {relationship}'s name? Type it, or tap the button to call them “{label}”."
    ),
    "people.name.needed": (
        "That's OK. Type what you call them, like “Nan”, “Jay” or a nickname, or tap Back."
    ),
    "btn.call_them": "Just “{label}”",
    # -- issue 14: remaining gaps (h-lang2) ------------------------------------------------
    "lang.reply.left": "OK, I didn't send “{word}” to {name}.",
    "lang.join.hello": (
        "Hi 👋 I'm Lifelinks. I help you keep in touch with the people who matter to you."
    ),
    "lang.join.explain": (
        "I'm Lifelinks. I help you keep in touch with the people who matter to you, and get "
        "help when you need it. Tap “Tell me more” to find out more."
    ),
    "lang.join.unsure": (
        "That's OK. Tap “Tell me more” to find out more. You can change your answer later."
    ),
    "lang.join.off_script": "Please tap Yes or No below. Tap “Tell me more” if you're not sure.",
    "lang.join.privacy": "Tap “Tell me more” to see what I keep and who can see it.",
    "lang.join.talk": (
        "Your Lifelong Links worker is there for you. You can call or text them. If you need "
        "someone now, Samaritans are free on 116 123, day or night."
    ),
    "lang.join.feeling": (
        "I'm sorry you're feeling like this. You don't have to deal with it on your own. "
        "Samaritans are free on 116 123, day or night, and your Lifelong Links worker is "
        "there for you too."
    ),
    "lang.join.media": "Sorry, I can only read typed words here. Please tap a button below.",
    "lang.join.declined": (
        "You said no, so I'm not keeping anything you tell me. "
        "If you change your mind, tap the button below."
    ),
    # Their worker by name and role, once known ("Sam, your Lifelong Links worker").
    "crisis.team.closed.named": (
        "I've told {name}, your Lifelong Links worker. They're back {when}. Until then, the "
        "numbers above are there for you."
    ),
    "talk.in_alert.named": (
        "I've told {name}, your Lifelong Links worker, that you want to talk. They'll answer "
        "you here, in the same chat as before.\n\nIf you need help now:\n{numbers}"
    ),
    "talk.in_alert.closed.named": (
        "I've told {name}, your Lifelong Links worker, that you want to talk. They're back "
        "{when} and will answer you here, in the same chat as before.\n\nIf you need help "
        "before then:\n{numbers}"
    ),
    "talk.already.named": (
        "You've already asked to talk. {name}, your Lifelong Links worker, will reply here."
    ),
    "talk.closed.named": (
        "I've asked {name}, your Lifelong Links worker, to message you here. They're back "
        "{when}.\n\nIf you need help before then:\n{numbers}"
    ),
    "staff.lang.hello": "Hello {name} 👋",
    "staff.lang.hello_idle": "Hello {name} 👋 Send /help to see what I can do.",
    "staff.lang.off_script": (
        "I didn't quite get that. Tap a button below, or send /help to see what you can do."
    ),
    "staff.lang.media": "I can only read typed words here. Tap a button below, or send /help.",
    # -- h-calm: alarm and feelings inside a live conversation (issue 14, trial 3 and 8) ----
    "calm.card.alert.linked": (
        "{name} was talking with {staff} in {thread_ref} when this came up. Their words are "
        "there too. Please answer them there."
    ),
    "calm.thread.flagged.words": (
        "⚠️ URGENT: the safety net flagged this message from {name} ({category}). They have "
        "been shown the numbers for this. The alert is {alert_ref}. They wrote:\n\n{text}"
    ),
    "calm.thread.flagged.above": (
        "⚠️ URGENT: the safety net flagged {name}'s message above ({category}). They have been "
        "shown the numbers for this. The alert is {alert_ref}."
    ),
    "calm.thread.flagged.private": (
        "⚠️ URGENT: the safety net flagged a message from {name} ({category}). They chose not "
        "to share their words. They have been shown the numbers for this. The alert is "
        "{alert_ref}."
    ),
    "calm.thread.flagged.checkin": (
        "⚠️ URGENT: {name} said they are not safe right now ({category}). They have been "
        "shown the numbers for this. The alert is {alert_ref}."
    ),
    "calm.team.live": (
        "I've told {name}, your Lifelong Links worker, right now. They'll see it in your chat "
        "with them."
    ),
    "calm.team.live.team": (
        "I've told your Lifelong Links worker right now. They'll see it in your chat with them."
    ),
    "calm.team.live.closed": (
        "I've told {name}, your Lifelong Links worker, right now, in your chat with them. "
        "It's out of working hours, so they may not answer soon. If not, they're back {when}. "
        "The numbers above are there day and night."
    ),
    "calm.team.live.closed.team": (
        "I've told your Lifelong Links worker right now, in your chat with them. It's out of "
        "working hours, so they may not answer soon. If not, they're back {when}. The numbers "
        "above are there day and night."
    ),
    "calm.team.live.other": "I've told {name} right now. They'll see it in your chat with them.",
    "calm.team.live.closed.other": (
        "I've told {name} right now, in your chat with them. It's out of working hours, so "
        "they may not answer soon. If not, the team is back {when}. The numbers above are "
        "there day and night."
    ),
    "calm.alert.closed.open": (
        "{name} has marked your worry as dealt with. Your chat is still open, so you can "
        "carry on there. If things get hard again, tap Talk to someone below."
    ),
    "calm.alert.closed.worry": (
        "{name} has marked your worry as dealt with. Thank you for telling us. If you want "
        "to talk again, any time, tap Talk to someone below."
    ),
    "calm.feeling": "{warm}\n\n{when}",
    "calm.feeling.again": (
        "I'm still here. When you're ready, tap Talk to someone. If you need someone now, "
        "Samaritans are free on 116 123, day or night."
    ),
    "calm.feeling.low": (
        "I'm sorry you're feeling low. That's really hard, and you don't have to deal with it "
        "on your own."
    ),
    "calm.feeling.lonely": (
        "Feeling lonely is really hard, and lots of people feel it. You're not on your own."
    ),
    "calm.feeling.stressed": ("That sounds like a lot to carry. Try a slow breath in and out."),
    "calm.feeling.bad_day": "Sorry you've had a bad day. Want to talk about it?",
    "calm.feeling.angry": "It's OK to feel angry. It can help to let it out to a person.",
    "calm.feeling.when.today": (
        "{name}, your Lifelong Links worker, can talk today. Tap Talk to someone below."
    ),
    "calm.feeling.when.today.team": (
        "Your Lifelong Links worker can talk today. Tap Talk to someone below."
    ),
    "calm.feeling.when.later": (
        "{name}, your Lifelong Links worker, is back {when}. Tap Talk to someone below to "
        "leave them a message. If you need someone now, call Samaritans on 116 123 or text "
        "SHOUT to 85258. Both are free, day or night."
    ),
    "calm.feeling.when.later.team": (
        "Your Lifelong Links worker is back {when}. Tap Talk to someone below to leave them a "
        "message. If you need someone now, call Samaritans on 116 123 or text SHOUT to 85258. "
        "Both are free, day or night."
    ),
    "calm.feeling.when.none": (
        "Please call or text your Lifelong Links worker. If you need someone now, call "
        "Samaritans on 116 123 or text SHOUT to 85258. Both are free, day or night."
    ),
    "calm.thread.feeling": (
        "{name} will see this {when}. If you need someone now, call Samaritans on 116 123 or "
        "text SHOUT to 85258. Both are free, day or night."
    ),
    "calm.thread.feeling.recent": (
        "{name} wrote to you not long ago, so they may see this soon. If not, they're back "
        "{when}. If you need someone now, call Samaritans on 116 123 or text SHOUT to 85258, "
        "day or night."
    ),
    # --- truthful, specific answers (issue 14, trial findings 7, 10-17) -----------------------
    "support.ask.more_own": (
        "I'll send your Lifelong Links worker your words:\n\n«{words}»\n\n"
        "Anything to add? Type it, or tap Send it."
    ),
    "btn.support.send_own": "Send it ➡",
    "support.told.kept": "That's OK, I've got your words already.",
    "team.cannot_relay.deleted.named": (
        "{name} deleted their data, so I can't pass this on. Their chats have gone. "
        "Nothing was sent."
    ),
    "team.cannot_relay.deleted": (
        "The young person {case_ref} deleted their data, so I can't pass this on. Their "
        "chats have gone. Nothing was sent."
    ),
    "team.cannot_relay.deleted.named.group": (
        "{staff}, I can't pass that on: the young person deleted their data. Nothing was sent."
    ),
    "team.cannot_relay.deleted.group": (
        "{staff}, I can't pass that on: the young person deleted their data. Nothing was sent."
    ),
    "talk.closed_by_worker": (
        "{name}, your Lifelong Links worker, has closed your chat with them. "
        "If you want to talk again, any time, tap Talk to someone below."
    ),
    "support.sent.out_of_hours.practical": (
        "Your Lifelong Links worker is not at work right now. They are back on {back}.\n\n"
        "If it can't wait:\n{lines}"
    ),
    "support.wait.money": (
        "• Citizens Advice, for money, bills and debt: 0800 144 8848, free (England)"
    ),
    "support.wait.food": (
        "• Citizens Advice can find you a food bank: 0800 144 8848, free (England)"
    ),
    "support.wait.housing": _LINE["shelter"] + "\n" + _LINE["council"],
    "support.wait.health": _LINE["nhs"] + "\n" + _LINE["999"],
    "support.wait.any": _LINE["999"],
    "people.ask.may_contact.private": (
        "Can your Lifelong Links worker get in touch with {name}, to help build your support? "
        "You're not sharing, so they can't see who {name} is. They'd need to ask you first."
    ),
    # -- issue 14: words answer the screen first, then go to the worker (h-answers) ----------
    "answers.reply_or_name": "Is “{words}” a message for {name}, or the name of someone?",
    "btn.answers.send_to": "Send to {name}",
    "btn.answers.its_a_name": "It's a name",
    "thread.waiting.not_sent": (
        "I didn't send your last message to your Lifelong Links worker, because your chat "
        "with them has closed. Tap Talk to someone in the menu to write to them again."
    ),
    "answers.is_it_a_name": (
        "Is “{words}” what you call them? If it is, tap It's a name. "
        "If not, type their name or nickname."
    ),
    "answers.name.still": "When you're ready, type the name of the person you're adding.",
    "answers.name.again": (
        "You're adding someone now 🙂 What do you call them? Type their name or nickname."
    ),
    # --- trial leftovers (h-flows) ---
    "flows.thread.feeling.working": (
        "Thanks for telling them how you feel. {name} will answer when they can."
    ),
    "flows.thread.feeling.working.alone": (
        "Thanks for telling {name} how you feel. They'll answer when they can."
    ),
    "flows.support.closed": (
        "{name} has closed your {category} request ({ref}). I hope it helped. "
        "If you still need help, tap Open it again."
    ),
    "flows.support.closed.outcome": (
        "{name} has closed your {category} request ({ref}). {name} wrote: “{outcome}”\n\n"
        "If you still need help, tap Open it again."
    ),
    "flows.status.reopened": "open again",
    "flows.status.closed.outcome": "closed. How it ended: “{outcome}”",
    # Not a button: other words for *Send*, typed under the lead's question ("ye send it").
    "flows.share.send_words": "Send it",
    # My data: each kind of thread counted on its own line (alerts are not requests).
    "flows.data.requests": "• Requests for support: {count}",
    "flows.data.talks": "• Chats with your Lifelong Links worker: {count}",
    "flows.data.alerts": "• Safety alerts to your Lifelong Links worker: {count}",
    # --- trial fixes: after alerts, own words (h-safe2) ---
    # Finding 6: a young person's words on an alert nobody has written in yet.
    "relay.from_yp.alert": (
        "{name} ({case_ref}) wrote this on {ref} after seeing the crisis numbers. "
        "No one has written to them yet:\n\n{text}"
    ),
    # Finding 7: after a worker closed an alert or a chat.
    "after_close.thanks": (
        "You're welcome 💛 If you want to talk to {name} again, any time, tap Talk to someone "
        "below."
    ),
    "after_close.feeling": (
        "{warm}\n\n{name} has finished the chat you were having, so this hasn't gone to them. "
        "If you'd like {name} to know, tap Talk to someone below. If you need someone now, "
        "Samaritans are free on 116 123, day or night."
    ),
    "after_close.other": (
        "Thanks for your message. {name} has finished the chat you were having, so it hasn't "
        "gone to them. To write to {name} again, tap Talk to someone below. If you need "
        "someone now, Samaritans are free on 116 123, day or night."
    ),
    # Finding 8: more feelings, said in their own words.
    "calm.feeling.missing": (
        "Missing someone is really hard, and it's OK to feel it. Staying close to the people "
        "who matter to you is what Lifelong Links is for."
    ),
    "calm.feeling.sleep": (
        "I'm sorry you can't sleep. It makes everything feel harder. Slow breaths, or some "
        "quiet music, can help."
    ),
    "calm.feeling.change": (
        "Big changes, like a placement ending or moving out, are a lot. It's normal to feel "
        "unsettled. Talking it through can help you plan what's next."
    ),
    "calm.feeling.better": "I'm really glad you're feeling a bit better 💛",
    "lang.feeling.missing": "{warm}\n\n{when}",
    "lang.feeling.sleep": "{warm}\n\n{when}",
    "lang.feeling.change": "{warm}\n\n{when}",
    "lang.feeling.better": "{warm}\n\n{when}",
    # Finding 9: inside a request, something plainly else is answered, not filed.
    "aside.feeling": (
        "{warm}\n\n{when}\n\nI haven't put this in your {category} request. Tap “Add to my "
        "request” if it's for it."
    ),
    "aside.meeting": (
        "I can't see your meetings, sorry. Your Lifelong Links worker can tell you: tap Talk "
        "to someone to ask them.\n\nI haven't put this in your {category} request. Tap “Add "
        "to my request” if it's for it."
    ),
    "aside.joke": (
        "😂 Ha! I haven't put that in your {category} request. Tap “Add to my request” if "
        "it's for it, or carry on."
    ),
    "aside.added": "Added to your {category} request ✓",
    "btn.aside.add": "Add to my request",
    # Finding 10: how to write to the young person from the group.
    "card.alert.write_here": (
        "To write to {name}, tap Reply below (or reply to this message). Messages typed in the "
        "group don't reach them."
    ),
    "team.alert.plain_message": (
        "{staff}, that message stayed in this group: {name} can't see it. To write to {name}, "
        "tap Reply on the card {ref}, or reply to the card."
    ),
    # Polish: meetings and jokes on any screen.
    "lang.meeting": (
        "I can't see your meetings, sorry. Your Lifelong Links worker can tell you. Tap Talk "
        "to someone to ask them."
    ),
    "lang.joke": "😂 Ha! I'm here if you need anything. Type “menu” to see what I can do.",
    # --- safety trial fixes (h-safe1) ---
    # Any answer to "Are you safe right now?" that is not a clear yes ("idk", "leave me alone").
    "safe1.checkin.unsure": (
        "That's OK. You don't have to talk if you don't want to. {team}\n\n"
        "If things get worse, these are there any time, day or night:\n{numbers}"
    ),
    "safe1.checkin.unsure.team": (
        "I've let your Lifelong Links worker know, so they can check in with you."
    ),
    "safe1.checkin.unsure.again": (
        "I'm still here. Tap I'm safe, I'm not safe, or Talk to someone, when you're ready."
    ),
    "safe1.notify.checkin_asked": (
        "{ref} ({name}): the safety net was worried by a message and asked if they are safe "
        "right now. No need to act at once. I'll post here if they say they're not safe or "
        "don't say they're safe. If you hear nothing more, please check in with them when you "
        "can."
    ),
    "safe1.card.talk.checkin": (
        "Check-in {ref}: {name} ({case_ref}) was asked if they were safe right now and didn't "
        "say yes. They have been shown the 24/7 numbers. Please check in with them today.\n"
        "Sent: {sent}"
    ),
    "safe1.relay.checkin_unsure": (
        "{name} was asked if they were safe right now and didn't say yes ({ref})."
    ),
    "safe1.card.worry": (
        "⚠️ The safety net was worried by these words. They were asked if they are safe."
    ),
    "safe1.card.alert.closed": (
        "Closed {ref}: safety alert for {name} ({case_ref}) ({category}).\nSent: {sent}"
    ),
    # A medical emergency: what to do first, in the second person.
    "safe1.crisis.reply.medical": (
        "Please call 999 now, or ask someone near you to. Tell them what you took or what "
        "happened. Even if you feel OK, pills can hurt you hours later, so please don't "
        "wait.\n\n{numbers}\n\n{team}"
    ),
    "safe1.crisis.team.medical": "I've told your Lifelong Links worker too.",
    "safe1.crisis.team.medical.named": "I've told {name}, your Lifelong Links worker, too.",
    # --- audit trail, retention and life milestones (issue 17, h-audit) ---
    # What a team message about a case says once retention has erased the case.
    "retention.card.deleted": "(deleted: kept as long as the service's rules allow)",
    "digest.retention_due": (
        "Cases to be deleted next month (kept {months} months after they close or the young "
        "person turns 25): {count}"
    ),
    # Life milestones: to the young person at 18, 21 and 25, and 3 months before each.
    "milestone.18.soon": (
        "You turn 18 in 3 months 🎂\n\nAt 18, care ends and you become a care leaver. You "
        "will have a personal adviser, if you don't have one already. They help with things "
        "like money, a home, and work or college. You may be able to stay with your foster "
        "carers for longer too. Ask about it.\n\n"
        "Your Lifelong Links worker can help you plan who will be there for you."
    ),
    "milestone.18.day": (
        "Happy 18th birthday! 🎉\n\nYour personal adviser is there to help you with what "
        "comes next. Your people are still here, and so is Lifelinks. Tap below if you need "
        "anything."
    ),
    "milestone.21.soon": (
        "You turn 21 in 3 months 🎂\n\nYour help as a care leaver does not stop at 21. You can "
        "keep a personal adviser until you are 25. You just need to ask.\n\n"
        "Your Lifelong Links worker can help you plan."
    ),
    "milestone.21.day": (
        "Happy 21st birthday! 🎉\n\nYou can still have a personal adviser until you are 25. "
        "Just ask your leaving care team. Your people are still here for you."
    ),
    "milestone.25.soon": (
        "You turn 25 in 3 months 🎂\n\nAt 25, help from the council's leaving care team ends. "
        "It's a good time to think about who can help you after that.\n\n"
        "Your Lifelong Links worker can help you plan."
    ),
    "milestone.25.day": (
        "Happy 25th birthday! 🎉\n\nHelp from the leaving care team ends now. But your people "
        "are still here for you. If you need help, tap Ask for support."
    ),
    # The coordinator's card (case reference and first name only, as every note).
    "milestone.card.soon": (
        "🎂 {ref} ({name}) turns {age} on {date}, in 3 months. A good time to plan with them: "
        "{plan}"
    ),
    "milestone.card.day": (
        "🎂 {ref} ({name}) turned {age} on {date}. They have had a message about what "
        "changes. To talk over with them: {plan}"
    ),
    "milestone.plan.18": (
        "leaving care, their personal adviser and pathway plan, and who in their life will help."
    ),
    "milestone.plan.21": (
        "help from a personal adviser up to 25 if they want it, and who will be there for them."
    ),
    "milestone.plan.25": (
        "the end of leaving care help, and the people who will be there after it."
    ),
    # --- Outcome report (issue 17, h-report): /report, the digest's files, the chart ------
    "report.group_only": (
        "Please send /report in your managers' group. The report goes there, for your "
        "managers to see."
    ),
    "report.not_managers_group": (
        "I send reports only to a managers' group. Ask your Lifelinks admin to link this one."
    ),
    "report.managers_only": "Only managers of this service can get its report.",
    "report.usage": (
        "Send /report for all dates, or /report with two dates, like "
        "/report 2026-11-01 2026-11-30. The first date comes first."
    ),
    "report.empty": "There are no cases yet, so there is no report. Try again once you have some.",
    "report.caption": (
        "Outcome report for {service}, {first} to {last}. Numbers under 5 are shown as <5."
    ),
    "report.summary_file": "Here are the main numbers (summary.csv).",
    "report.cases_file": "One row for each case, with no names (cases.csv).",
    "report.digest": "Here is last month's outcome report. The numbers are in the two files below.",
    "report.chart.title": "Outcome report: {service}, {first} to {last}",
    "report.chart.none": "None in this period",
    "report.chart.small_numbers": 'Numbers under 5 are shown as "<5".',
    "report.chart.young_people": "Young people",
    "report.chart.invited": "Invited",
    "report.chart.joined": "Joined",
    "report.chart.active": "Active",
    "report.chart.at_joining": "At joining",
    "report.chart.now": "Now",
    "report.chart.network": "People in their network (median; change {change})",
    "report.chart.two_close": "Cases with 2+ close people not paid to be there (%)",
    "report.chart.leads_reviews": "Leads and plan reviews",
    "report.chart.found": "Found",
    "report.chart.closed": "Closed",
    "report.chart.open": "Open",
    "report.chart.on_time": "On time",
    "report.chart.late": "Late",
    "report.chart.overdue": "Overdue",
    "report.chart.wellbeing": "Wellbeing score by month (median, 1-5)",
    "report.chart.requests": "Requests for support",
    "report.chart.times": (
        "Time to pick up: median {pick_median} h, p90 {pick_p90} h. "
        "Time to close: median {close_median} h, p90 {close_p90} h (working hours)."
    ),
    "report.chart.other": (
        "Safety alerts: {alerts}. Consent taken back: {withdrawn}. Data deleted: {erased}."
    ),
    # --- the network record and the genogram export (h-geno, issue 17) -------------------
    # The young person's wish for contact, on their card in My people.
    "btn.edit_wish": "Do I want contact?",
    "people.ask.wish": (
        "Would you like to be in touch with {name}? There's no wrong answer. "
        "You can change it any time."
    ),
    "btn.wish.want": "Yes, I'd like that",
    "btn.wish.maybe": "Maybe, I'm not sure",
    "btn.wish.no_contact": "No, I'd rather not",
    "people.wish.saved": "Thanks for telling me. You can change this any time.",
    "wish.none": "Not said yet",
    "wish.want": "Yes",
    "wish.maybe": "Maybe",
    "wish.no_contact": "No",
    # Safety is agreed by the young person and their worker; they read it kindly.
    "safety.yp.none": "Not talked about yet",
    "safety.yp.safe": "Yes",
    "safety.yp.not_safe": "Not right now",
    "safety.yp.not_sure": "Not sure yet",
    # Staff: /case REF buttons, who is safe, and the genogram file.
    "staff.btn.safety": "Who is safe",
    "staff.btn.gedcom": "Genogram (GEDCOM)",
    "staff.btn.back_case": "⬅ Back to the case",
    "staff.btn.safety.safe": "Safe",
    "staff.btn.safety.not_safe": "⚠ Not safe",
    "staff.btn.safety.not_sure": "Not sure",
    "staff.btn.safety.clear": "Clear",
    "safety.staff.none": "not recorded",
    "safety.staff.safe": "safe",
    "safety.staff.not_safe": "NOT SAFE",
    "safety.staff.not_sure": "not sure",
    "wish.staff.none": "not said",
    "wish.staff.want": "wants contact",
    "wish.staff.maybe": "maybe",
    "wish.staff.no_contact": "no contact",
    "geno.staff.people": (
        "{ref}: who is safe? Page {page} of {pages}. Tap a person to mark them. "
        "Agree it with the young person. ✓ safe, ⚠ not safe, ? not sure."
    ),
    "geno.staff.people.none": "{ref} has not added any people yet.",
    "geno.staff.person": (
        "{name} ({relationship})\nSafe: {safety}\nThe young person's wish: {wish}\n\n"
        "Is {name} safe? Agree it with the young person."
    ),
    # The ecomap's marks, in its legend and caption.
    "ecomap.not_safe": "Not safe right now",
    "ecomap.no_contact": "You'd rather not be in touch",
    "geno.staff.saved": "Saved: {name} is marked {safety}.",
    "geno.staff.private": (
        "{ref} doesn't share their people with you, so you can't see or mark who is safe. "
        "They can turn sharing on in My data."
    ),
    "geno.staff.gedcom.private": (
        "{ref} doesn't share their people with you, so I can't make a genogram. "
        "They can turn sharing on in My data."
    ),
    "geno.staff.gedcom.left": "{ref} deleted their data, so there is no genogram to make.",
    "geno.staff.gedcom.sent": (
        "Genogram for {ref}: {count} people, as GEDCOM 5.5.1 for Genopro and other tools. "
        "It has names in it, so keep it safe."
    ),
    # Inside the GEDCOM file (read by staff in a genogram tool).
    "geno.note.head": "Made by Lifelinks for case {ref}. It has names in it: keep it safe.",
    "geno.note.centre": "The young person.",
    "geno.note.unknown": "not recorded",
    "geno.note.person": (
        "Recorded as: {relationship}. Part of life: {circle}. Contact: {contact}. "
        "Closeness: {closeness}. Safety: {safety}. Their wish: {wish}."
    ),
    "geno.note.birth_family": "Mum and dad as the young person named them.",
    "geno.note.full_sibling": "Shown as a full sibling. Half or step is not recorded.",
    "geno.note.extra_parent": "Another parent was named. How they are related is not recorded.",
    "geno.note.half_sibling": "A half-sibling. Which parent they share is not recorded.",
    "geno.note.step": "Step family. Whose partner or child they are is not recorded.",
    "geno.note.side": "Which side of the family, mum's or dad's, is not recorded.",
    "geno.note.grandparents": (
        "Which side of the family is not recorded. Nor is it recorded if they are a couple."
    ),
    "geno.note.cousin": "A cousin. Which aunt or uncle is their parent is not recorded.",
    "geno.note.other_family": "Family. Their place in the family is not recorded.",
    "geno.note.stand_in": "Not a real person: this stands in for someone not recorded.",
    "geno.name.shared_parent": "Shared parent (not recorded)",
    "geno.name.side_parent": "Mum or dad (side not recorded)",
    "geno.name.cousin_parent": "Aunt or uncle (not recorded)",
    "geno.name.step_parent": "Step-mum or step-dad (not named)",
}
