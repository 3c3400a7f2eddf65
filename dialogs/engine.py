"""The dialog engine: one Event in, a list of Replies out, state kept in the database."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dialogs import free_text, offscript, safety, staff_commands
from dialogs.cases import membership, relay
from dialogs.commands import Audience, handlers, suggestions
from dialogs.core import registry
from dialogs.core.clock import Clock
from dialogs.core.context import Context, FlowState, learn_staff_language
from dialogs.core.events import Event, EventKind, Reply
from dialogs.core.flow import Flow
from dialogs.core.outbound import queue_replies
from dialogs.core.working_hours import is_working_day
from dialogs.flows import FLOWS
from dialogs.safety import crisis_net, talk_button
from dialogs.staff import team
from dialogs.texts import DEFAULT_LANGUAGE, t
from dialogs.texts.language_codes import language_for
from dialogs.young import consent, menu, milestones, plan, privacy, support, team_notes
from storage import failpoints
from storage.db import Database
from storage.models import CaseStatus
from storage.plans import TOKEN_PREFIX
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

# What the buttons on messages sent outside a dialog do. The token says which action, for
# whom and until when. A button with a token of its own is looked up by the token's action;
# buttons that share one token (a nudge's) add a choice, looked up as "<action>.<choice>",
# so a choice can only pick among its own token's entries (anything else: button expired).
TOKEN_ACTIONS: dict[str, Callable[[Context], None]] = {
    # A nudge: one token, three buttons (scheduler.sweeps.NUDGE_BUTTONS).
    "review:nudge.start": plan.start_review,
    "review:nudge.tomorrow": lambda ctx: _snooze_then_menu(ctx, 1),
    "review:nudge.next_week": lambda ctx: _snooze_then_menu(ctx, 7),
    # Nudges queued with a token per button (before that) work until their tokens expire.
    "review:start": plan.start_review,
    "review:tomorrow": lambda ctx: _snooze_then_menu(ctx, 1),
    "review:next_week": lambda ctx: _snooze_then_menu(ctx, 7),
    # *I'm not safe* / *Talk to someone* on a check-in or crisis reply, however old.
    f"{talk_button.SAFETY_ACTION}.not_safe": crisis_net.token_not_safe,
    f"{talk_button.SAFETY_ACTION}.talk": crisis_net.token_talk,
    relay.YP_TALK: crisis_net.token_talk,
    relay.YP_MENU: menu.open_menu,
    relay.YP_REPLY: support.token_reply,
    relay.YP_REOPEN: support.token_reopen,
    **privacy.TOKEN_ACTIONS,  # Send / Don't send on a note for the team (a lead)
    **milestones.TOKEN_ACTIONS,  # Ask for support / Menu on a life milestone message
}


# Commands that jump straight to a main-menu screen (also in the bot's command menu).
SHORTCUTS = handlers(Audience.YOUNG_PERSON)
STAFF_COMMANDS = handlers(Audience.STAFF)  # /command -> handler(ctx, args)


def _snooze_then_menu(ctx: Context, days: int) -> None:
    plan.snooze(ctx, days)
    menu.open_menu(ctx)


ACTIVITY_PRECISION = timedelta(minutes=1)


class Engine:
    """Routes events to flows inside one transaction per update."""

    def __init__(self, db: Database, clock: Clock, bot_id: int = 0) -> None:
        # Load the safety net's rules and model now, not while a young person waits; the
        # bank holidays too (the first request's due time imported them: ~0.5 s).
        safety.warm_up()
        is_working_day(clock.now().date())
        self.db = db
        self.clock = clock
        self.bot_id = bot_id
        self.flows: dict[str, Flow] = FLOWS

    def handle(self, event: Event) -> list[Reply]:
        """Handle one update exactly once; never raises, never stays silent."""
        return self.handle_counting(event)[0]

    def handle_counting(self, event: Event) -> tuple[list[Reply], int]:
        """:meth:`handle`, also saying how many outbox rows the update queued."""
        handled = self.handle_queued(event)
        return handled.replies, handled.queued

    def handle_queued(self, event: Event) -> Handled:
        """Handle one update; its replies are outbox rows committed with its changes."""
        handled = Handled()
        try:
            handled.replies = self._handle(event, handled)
            return handled
        except Exception as exc:
            _log_failure(event, exc)
            lang = language_for(event.language_code) if event.is_private else DEFAULT_LANGUAGE
            error = Reply(chat_id=event.chat_id, text=t("error.generic", lang), key="error.generic")
            return self._remember_failure(event, error)

    def _handle(self, event: Event, handled: Handled) -> list[Reply]:
        with unit_of_work(self.db) as uow, _counting(uow, handled):
            now = self.clock.now()
            if not uow.updates.claim(self.bot_id, event.update_id, now):
                log.info("update %s already handled, skipped", event.update_id)
                return []
            if event.kind == EventKind.MEMBERSHIP:
                member_ctx = Context(uow, event, now, None, None)
                membership.handle(member_ctx)
                member_ctx.flush()
                return self._queue(member_ctx)
            if not event.is_private:
                group_ctx = Context(uow, event, now, None, None)
                team.handle(group_ctx)
                group_ctx.flush()
                return self._queue(group_ctx)
            case, row = uow.cases.own_case_and_state(event.user_id, event.chat_id)
            staff = uow.staff.memberships(event.user_id) if case is None else ()
            if staff:
                row = uow.states.load(event.chat_id)
                learn_staff_language(staff, event)
            state = FlowState.load(row) if row is not None else None
            ctx = Context(uow, event, now, state, case, staff, stored=row)
            crisis_net.forget_old(ctx)
            held = support.waiting_messages(state) if case is not None else []
            question = state.screen if state is not None else ""
            if event.edited:
                self._edited(ctx)
            elif staff:
                self._route_staff(ctx)
            else:
                self._route(ctx)
            support.settle_waiting(ctx, held, question)
            ctx.flush()
            self._persist(ctx, uow)
            if ctx.case is not None and _stale(ctx.case.last_active_at, now):
                ctx.case.last_active_at = now
            if ctx.case is not None and ctx.case.unreachable:
                # They wrote to us, so they can hear from us again (they unblocked the bot).
                ctx.case.unreachable = False
            return self._queue(ctx)

    def _queue(self, ctx: Context) -> list[Reply]:
        """Put the update's replies in the outbox, in its transaction; return them."""
        queue_replies(
            ctx.uow,
            ctx.replies,
            bot_id=self.bot_id,
            update_id=ctx.event.update_id,
            now=ctx.now,
            case=ctx.case,
            language=ctx.lang,
        )
        failpoints.hit("update.handled")
        return ctx.replies

    def _remember_failure(self, event: Event, error: Reply) -> Handled:
        """Record the failed update and queue the apology with it.

        If the database itself is down this fails too: the apology is then handed back
        unstored, for the runtime to send directly (saying nothing would be worse).
        """
        handled = Handled(replies=[error])
        try:
            with unit_of_work(self.db) as uow, _counting(uow, handled):
                now = self.clock.now()
                if uow.updates.claim(self.bot_id, event.update_id, now, "error"):
                    queue_replies(
                        uow,
                        [error],
                        bot_id=self.bot_id,
                        update_id=event.update_id,
                        now=now,
                        suffix="error",
                    )
        except Exception as exc:
            log.warning("could not record failed update %s: %s", event.update_id, type(exc))
            handled = Handled(replies=[error], unstored=[error])
        return handled

    # --- routing --------------------------------------------------------------------------
    def _route(self, ctx: Context) -> None:
        event = ctx.event
        if event.kind == EventKind.COMMAND:
            self._command(ctx, event.command or "", event.args.strip())
            return
        text = event.text if event.kind in (EventKind.TEXT, EventKind.MEDIA) else None
        if text and self._safety_net(ctx, text):
            return
        if support.is_reply_to_team(ctx):
            support.reply_to_team(ctx)
            return
        flow = self._current_flow(ctx)
        if flow is None:
            self._no_flow(ctx)
            return
        if event.kind == EventKind.BUTTON and (event.button or "").startswith(TOKEN_PREFIX):
            self._token_button(ctx, event.button or "")
        elif ctx.moved_on:
            ctx.say("flow.moved_on")
            flow.show(ctx)
        else:
            self._dispatch(ctx, flow)

    def _safety_net(self, ctx: Context, text: str) -> bool:
        """Free text passes the safety net first; True when the net answered it."""
        if ctx.case is not None:
            self._current_flow(ctx)  # a state to remember recent texts and come back to
        found = crisis_net.check(ctx, text, lambda: self._answers_step(ctx, text))
        if found is None:
            return False
        verdict, words = found
        flow = self._current_flow(ctx)
        to_team = support.is_reply_to_team(ctx)
        keeps_words = flow is not None and flow.keeps_words_after_crisis(ctx)
        if not verdict.high and to_team:
            # Unsure, while they are already writing to their team in a thread: their words
            # go there as they meant, without a check-in in the way.
            return False
        if not verdict.high and not keeps_words and support.relay_loose(ctx):
            # Unsure, while their team is talking to them: the person they are talking to
            # reads their words too, then the net checks in.
            pass
        mark = ctx.mark()
        if to_team:
            # They were writing to their coordinator: a person should read it too.
            support.reply_to_team(ctx)
            ctx.discard_since(mark)
            ctx.say("support.reply.sent_short", name=ctx.text("support.your_team"))
        elif flow is not None and keeps_words:
            # Words for a support request still belong in it (flagged); "Back" shows it again.
            sent_to = crisis_net.request_of(ctx)
            self._dispatch(ctx, flow)
            ctx.discard_since(mark)
            crisis_net.flag_words(ctx, sent_to)
        crisis_net.respond(ctx, verdict, words)
        return True

    def _answers_step(self, ctx: Context, text: str) -> bool:
        """Whether the text answers the step (a name, who someone is), not a message."""
        flow = self._current_flow(ctx) if ctx.case is not None else None
        if flow is None or flow.keeps_words_after_crisis(ctx):
            return False
        return flow.takes_text(ctx, text)

    def _dispatch(self, ctx: Context, flow: Flow) -> None:
        """Hand a button, text or media to the current flow."""
        event = ctx.event
        if event.kind == EventKind.BUTTON:
            action = ctx.resolve_button(event.button or "")
            if action is None and support.resume_screen(ctx, event.button or ""):
                # A button above "Who is this message for?": their screen carries on.
                flow = self._current_flow(ctx) or flow
                action = ctx.resolve_button(event.button or "")
            if action is None:
                ctx.say("button.expired")
                flow.show(ctx)
            else:
                flow.on_choice(ctx, action)
        elif event.kind == EventKind.TEXT and team_notes.answer_typed(ctx):
            return  # "ye send it" under the family-finding question answers it
        elif event.kind == EventKind.TEXT and self._answers_screen_behind(ctx):
            return  # "skip" typed under "Who is this message for?": their screen's answer
        elif event.kind in (EventKind.TEXT, EventKind.MEDIA):
            mark = ctx.mark()
            if not free_text.handle(ctx, flow):  # greetings, "menu", "idk", intents...
                self._message(ctx, flow)
            unexpected = any(reply.key in UNEXPECTED for reply in ctx.replies[mark[0] :])
            if unexpected and not _choosing_thread(ctx) and support.in_conversation(ctx):
                # Not an answer to this screen, while their team is talking to them: it is
                # for the team, as if they had tapped Reply.
                ctx.discard_since(mark)
                support.relay_loose(ctx)
                if not _choosing_thread(ctx):
                    flow.still_asking(ctx)  # the question that waits for typing stays open
        elif (_choosing_thread(ctx) or not support.relay_loose(ctx)) and not free_text.handle(
            ctx, flow
        ):
            ctx.say("media.other_declined")
            flow.show(ctx)

    def _answers_screen_behind(self, ctx: Context) -> bool:
        """While "Who is this message for?" waits: words that answer the screen behind it.

        That screen carries on (True); anything else waits for a thread as before (False).
        """
        if not _choosing_thread(ctx) or ctx.state is None:
            return False
        saved = deepcopy(ctx.state)
        support.resume_screen(ctx)
        flow = self.flows.get(ctx.state.flow) if ctx.state is not None else None
        if flow is not None and free_text.answers_plainly(ctx, flow, ctx.event.text or ""):
            return True
        ctx.state = saved
        return False

    @staticmethod
    def _message(ctx: Context, flow: Flow) -> None:
        event = ctx.event
        if event.kind == EventKind.TEXT:
            flow.on_text(ctx, event.text or "")
        elif flow.takes_media(ctx):
            flow.on_media(ctx)
        else:
            ctx.say("media.not_supported")
            flow.show(ctx)

    def _edited(self, ctx: Context) -> None:
        """An edit of a relayed message is relayed; a young person's edit passes the net."""
        if ctx.case is not None:
            support.relay_edit(ctx)
            text = ctx.event.text if ctx.event.kind in (EventKind.TEXT, EventKind.MEDIA) else None
            if text:
                self._current_flow(ctx)
                found = crisis_net.check(ctx, text, lambda: self._answers_step(ctx, text))
                if found is not None:
                    crisis_net.respond(ctx, *found)
        elif ctx.staff:
            team.handle(ctx)

    # --- staff in a private chat ------------------------------------------------------------
    def _route_staff(self, ctx: Context) -> None:
        """Coordinators and managers: their commands and the flows those open."""
        event = ctx.event
        if event.kind != EventKind.COMMAND and team.handle(ctx):
            return  # a card's button or a reply to a card (when the service has no group)
        if event.kind == EventKind.COMMAND:
            command, args = event.command or "", event.args.strip()
            if command in STAFF_COMMANDS:
                STAFF_COMMANDS[command](ctx, args)
            elif command == "start" and args:
                staff_commands.start(ctx, args)
            elif command in ("start", "help", "menu", "cancel"):
                staff_commands.show_help(ctx)
            elif not free_text.unknown_command(ctx, command, suggestions(Audience.STAFF)):
                ctx.say("nudge.unknown_command")
                staff_commands.show_help(ctx)
            return
        flow = self.flows.get(ctx.state.flow) if ctx.state is not None else None
        if flow is not None and not flow.fits(ctx):
            ctx.say("flow.moved_on")  # saved at a step that is gone: back to the start
            staff_commands.show_help(ctx)
            return
        if flow is None:
            if not offscript.staff_idle(ctx):  # "hi", "thanks": short, not the whole help
                staff_commands.show_help(ctx)
            return
        if event.kind == EventKind.BUTTON and (event.button or "").startswith(TOKEN_PREFIX):
            ctx.say("button.expired")
            flow.show(ctx)
            return
        self._dispatch(ctx, flow)

    def _token_button(self, ctx: Context, data: str) -> None:
        """A button on a message sent outside a dialog (a nudge): checked against its token."""
        pressed = ctx.uow.tokens.redeem_button(data, ctx.event.chat_id, ctx.now)
        token, asked = pressed if pressed is not None else (None, "")
        case = ctx.case
        action = TOKEN_ACTIONS.get(asked) if token is not None else None
        if token is None or action is None or case is None or token.young_person_id != case.id:
            ctx.say("button.expired")
            self._show_current(ctx)
            return
        safety_button = asked.startswith(f"{talk_button.SAFETY_ACTION}.") or asked == relay.YP_TALK
        if case.status != CaseStatus.ACTIVE and not safety_button:
            self._show_current(ctx)
            return
        ctx.token_payload = json.loads(token.payload)
        action(ctx)

    def _show_current(self, ctx: Context) -> None:
        flow = self._current_flow(ctx)
        if flow is not None:
            flow.show(ctx)

    def _command(self, ctx: Context, command: str, args: str) -> None:
        if command == "start":
            consent.start(ctx, args)
        elif command == "help":
            self._help(ctx)
        elif command in ("cancel", "menu"):
            self._to_menu(ctx)
        elif command in SHORTCUTS:
            handler = SHORTCUTS[command]
            self._to_active_screen(ctx, lambda c: handler(c, args), "consent.pending")
        else:
            flow = self._current_flow(ctx)
            if free_text.unknown_command(ctx, command, suggestions(Audience.YOUNG_PERSON)):
                return  # "Did you mean /menu?": the screen's buttons are still there
            ctx.say("nudge.unknown_command")
            if flow is not None:
                flow.show(ctx)

    def _current_flow(self, ctx: Context) -> Flow | None:
        if ctx.case is None:
            return None
        state = ctx.state
        if state is not None and (state.flow not in self.flows or not self._fits(ctx)):
            # Saved by older code at a step (or in a flow) that is gone: start again there,
            # and say so (see _route) rather than stay silent.
            ctx.moved_on = True
            entry = registry.find(state.flow)
            if entry is not None:
                ctx.goto(state.flow, entry.start)
            else:
                ctx.state = None
        if ctx.state is None:
            self._restore_position(ctx)
        assert ctx.state is not None
        return self.flows[ctx.state.flow]

    def _fits(self, ctx: Context) -> bool:
        assert ctx.state is not None
        return self.flows[ctx.state.flow].fits(ctx)

    def _restore_position(self, ctx: Context) -> None:
        """Put a case with no (or unknown) state where its status says it belongs."""
        assert ctx.case is not None
        if ctx.case.status == CaseStatus.ACTIVE:
            ctx.goto(menu.FLOW, "main")
        elif ctx.case.status == CaseStatus.DECLINED:
            ctx.goto(consent.FLOW, "declined")
        else:
            ctx.goto(consent.FLOW, "use")

    def _no_flow(self, ctx: Context) -> None:
        staff = ctx.uow.staff.memberships(ctx.event.user_id)
        if staff:
            ctx.staff = staff
            staff_commands.start(ctx, "")
        else:
            ctx.clear()
            ctx.say("not_invited")

    def _help(self, ctx: Context) -> None:
        self._to_active_screen(ctx, menu.show_help, "help.joining")

    def _to_menu(self, ctx: Context) -> None:
        flow = self._current_flow(ctx) if ctx.event.command == "cancel" else None
        if flow is not None:
            flow.on_cancel(ctx)
        self._to_active_screen(ctx, menu.open_menu, "consent.pending")

    def _to_active_screen(
        self, ctx: Context, open_screen: Callable[[Context], None], joining_key: str
    ) -> None:
        """Open a menu screen for an active case; otherwise explain and repeat the question."""
        flow = self._current_flow(ctx)
        if flow is None:
            self._no_flow(ctx)
            return
        assert ctx.case is not None
        if ctx.case.status == CaseStatus.ACTIVE:
            open_screen(ctx)
        else:
            ctx.say(joining_key)
            flow.show(ctx)

    @staticmethod
    def _persist(ctx: Context, uow: UnitOfWork) -> None:
        if ctx.forget_state or (ctx.case is None and not ctx.staff):
            uow.states.forget(ctx.event.chat_id)
        elif (values := ctx.changed_state()) is not None:
            uow.states.put(values)


# What a screen says to a message it was not waiting for.
UNEXPECTED = {"nudge.unexpected", "media.not_supported", *free_text.OFF_SCRIPT_KEYS}


def _choosing_thread(ctx: Context) -> bool:
    state = ctx.state
    return state is not None and state.flow == support.FLOW and state.step == "which"


@dataclass
class Handled:
    """What handling one update produced.

    ``replies`` are the answers (already outbox rows unless listed in ``unstored``);
    ``due_now`` the (row id, chat id) of every row the update queued that is due at once,
    in order, for the runtime's fast path; ``queued`` how many rows it queued in all.
    """

    replies: list[Reply] = field(default_factory=list)
    queued: int = 0
    due_now: list[tuple[int, int]] = field(default_factory=list)
    unstored: list[Reply] = field(default_factory=list)


@contextmanager
def _counting(uow: UnitOfWork, handled: Handled) -> Iterator[None]:
    """Note the outbox rows the transaction queued (kept only if it commits)."""
    yield
    handled.queued = uow.outbox.queued
    handled.due_now = list(uow.outbox.due_now)


def _stale(last: datetime | None, now: datetime) -> bool:
    # "Last active" is for caseload views; a minute's precision spares a write per tap.
    return last is None or now - last >= ACTIVITY_PRECISION


def _log_failure(event: Event, exc: BaseException) -> None:
    # Exception messages can carry SQL parameters or user text: log the type and frames only.
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error(
        "update %s (%s) failed with %s\n%s",
        event.update_id,
        event.kind.value,
        type(exc).__name__,
        frames,
    )
