"""Texts of the coordinator's plan editor (/plan <case ref>), until merged into en.py."""

from __future__ import annotations

TEXTS: dict[str, str] = {
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
}
