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
        "I'll send you notes about your young people here. "
        "To invite a young person, ask your Lifelinks admin to make an invite link."
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
    # --- the bot's command menu (setMyCommands) -------------------------------------------
    "cmd.menu": "Show what you can do",
    "cmd.help": "Help and how to reach a person",
    "cmd.cancel": "Stop and go back to the menu",
}
