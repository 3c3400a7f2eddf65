// Lifelinks playground: a tiny chat client for the local Bot API stand-in.
// Plain JavaScript, no dependencies; talks to the JSON API under /_page/api/.
"use strict";

(() => {
  const POLL_WAIT_SECONDS = 20;
  const TYPING_MS = 5000;
  const HTML_TAGS = {
    B: "strong", STRONG: "strong", I: "em", EM: "em", U: "u", INS: "u",
    S: "s", STRIKE: "s", DEL: "s", CODE: "code", PRE: "pre", BLOCKQUOTE: "blockquote",
    A: "a", SPAN: "span", "TG-SPOILER": "span", "TG-EMOJI": "span",
  };
  const PHONE = window.matchMedia("(max-width: 700px)");
  const OPENED_CHAT_KEY = "lifelinks-opened-chat";
  const state = {
    bot: null, epoch: 0, rev: 0, panels: new Map(), actions: [], active: null, loaded: false,
    joined: false,
  };
  const CLOCK_LABELS = {
    hour: "+1 hour", day: "+1 day", review: "To the next review", morning: "09:00 tomorrow",
    month: "1st of next month",
  };

  // ------------------------------------------------------------------ helpers
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "className") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  async function api(path, body) {
    const options = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    };
    const response = await fetch(path, options);
    const data = await response.json().catch(() => ({}));
    if (!response.ok || data.ok === false) {
      throw new Error(data.error || `HTTP ${response.status}`);
    }
    return data;
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function setStatus(text) {
    document.getElementById("status").textContent = text;
  }

  // A UK product: 24-hour times in London, whatever the browser's own locale and zone.
  const UK_TIME = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Europe/London",
  });
  const UK_DAY_TIME = new Intl.DateTimeFormat("en-GB", {
    weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
    hourCycle: "h23", timeZone: "Europe/London",
  });

  const UK_DAY = new Intl.DateTimeFormat("en-GB", {
    weekday: "long", day: "numeric", month: "long", timeZone: "Europe/London",
  });

  function formatDay(unixSeconds) {
    return UK_DAY.format(new Date(unixSeconds * 1000));
  }

  function formatTime(unixSeconds) {
    return UK_TIME.format(new Date(unixSeconds * 1000));
  }

  function formatDayTime(unixSeconds) {
    return UK_DAY_TIME.format(new Date(unixSeconds * 1000));
  }

  function formatSize(bytes) {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  // ------------------------------------------------------------------ text rendering
  // Bot HTML is rebuilt node by node from an inert DOMParser document, keeping only the tags
  // Telegram supports; nothing from the message is ever assigned to innerHTML.
  function appendSafe(target, source) {
    for (const child of source.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        target.append(child.textContent);
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const tag = HTML_TAGS[child.tagName];
        if (!tag) {
          appendSafe(target, child);
          continue;
        }
        const out = document.createElement(tag);
        if (tag === "a") {
          const href = child.getAttribute("href") || "";
          if (/^(https?:|tg:|mailto:)/i.test(href)) {
            out.href = href;
            out.target = "_blank";
            out.rel = "noopener noreferrer";
          }
        }
        const spoiler = child.tagName === "TG-SPOILER" || child.classList.contains("tg-spoiler");
        if (spoiler) out.className = "spoiler";
        appendSafe(out, child);
        target.append(out);
      }
    }
  }

  function renderText(text, parseMode) {
    const body = el("div", { className: "text" });
    const mode = (parseMode || "").toLowerCase();
    if (mode === "html") {
      const doc = new DOMParser().parseFromString(`<body>${text}</body>`, "text/html");
      appendSafe(body, doc.body);
    } else if (mode === "markdownv2") {
      body.textContent = text.replace(/\\([_*[\]()~`>#+\-=|{}.!\\])/g, "$1");
    } else {
      linkify(body, text);
    }
    return body;
  }

  // Plain text with its web links clickable, as Telegram's apps show them.
  function linkify(target, text) {
    let at = 0;
    for (const match of text.matchAll(/https?:\/\/[^\s<>"']+/g)) {
      const url = match[0].replace(/[.,;:!?)]+$/, "");
      target.append(text.slice(at, match.index));
      target.append(el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url));
      at = match.index + url.length;
    }
    target.append(text.slice(at));
  }

  // ------------------------------------------------------------------ invite links
  // A t.me link to this bot with ?start= (an invite) opens where the person it was made for
  // would open it: the host's "open_link" control picks (or adds) their chat.
  function startCode(url) {
    if (!state.bot || !state.actions.includes("open_link")) return null;
    let parsed;
    try {
      parsed = new URL(url);
    } catch (error) {
      return null;
    }
    if (!/^(t\.me|telegram\.me)$/i.test(parsed.hostname)) return null;
    if (parsed.pathname.replace(/^\//, "").toLowerCase() !== state.bot.username.toLowerCase()) return null;
    return parsed.searchParams.get("start");
  }

  async function openStartLink(code) {
    const data = await act("open_link", { start: code });
    if (!data) return;
    if (data.added) {
      // A new chat joins the page: start it afresh, then show that chat.
      sessionStorage.setItem(OPENED_CHAT_KEY, JSON.stringify({ chatId: data.chat_id, name: data.name }));
      window.location.reload();
      return;
    }
    showChat(data.chat_id);
    toast(`Opened the invite in ${data.name}'s chat.`, false);
  }

  function showChat(chatId) {
    const panel = state.panels.get(Number(chatId));
    if (!panel) return;
    if (PHONE.matches) selectTab(panel);
    else panel.section.scrollIntoView({ block: "nearest", inline: "nearest" });
    panel.composer.focus();
  }

  function showOpenedChat() {
    const opened = sessionStorage.getItem(OPENED_CHAT_KEY);
    if (!opened) return;
    sessionStorage.removeItem(OPENED_CHAT_KEY);
    const { chatId, name } = JSON.parse(opened);
    showChat(chatId);
    toast(`You are now ${name}: the invite opened ${name}'s chat, as tapping it would on their phone.`, false);
  }

  // ------------------------------------------------------------------ messages
  function renderAttachment(view) {
    if (view.photo) {
      const src = `/_page/files/${encodeURIComponent(view.photo.file_id)}`;
      const alt = view.caption ? `Photo: ${view.caption}` : "Photo";
      return el("img", {
        className: "photo", src, alt, loading: "lazy",
        width: view.photo.width, height: view.photo.height,
      });
    }
    if (view.document) {
      const href = `/_page/files/${encodeURIComponent(view.document.file_id)}?download=1`;
      return el("a", { className: "document", href, download: view.document.file_name },
        `${view.document.file_name} (${formatSize(view.document.file_size)}) — download`);
    }
    if (view.other) return el("div", { className: "other" }, view.other);
    return null;
  }

  function renderKeyboard(panel, view) {
    if (!view.inline_keyboard) return null;
    const keyboard = el("div", { className: "keyboard", role: "group", "aria-label": "Buttons" });
    for (const row of view.inline_keyboard) {
      const rowEl = el("div", { className: "keyboard-row" });
      for (const button of row) {
        const btn = el("button", {
          type: "button",
          className: "inline-btn",
          dataset: button.callback_data !== undefined ? { data: button.callback_data } : {},
        }, button.url ? `${button.text} ↗` : button.text);
        btn.addEventListener("click", () => onInlineButton(panel, view, button, btn));
        rowEl.append(btn);
      }
      keyboard.append(rowEl);
    }
    return keyboard;
  }

  function renderMessage(panel, view) {
    const mine = !view.from_bot && view.from_id === panel.def.as_user_id;
    const classes = ["msg", view.from_bot ? "bot" : "user"];
    if (!view.from_bot && !mine) classes.push("other");
    const showSender = panel.def.chat_type !== "private" && !mine;
    const who = view.from_bot ? state.bot.first_name : view.sender;
    const bubble = el("div", { className: "bubble" });
    if (showSender) bubble.append(el("div", { className: "sender" }, view.sender));
    if (view.reply_to) {
      bubble.append(el("blockquote", { className: "reply-to" },
        el("span", { className: "reply-sender" }, view.reply_to.sender),
        el("span", { className: "reply-snippet" }, view.reply_to.snippet)));
    }
    const attachment = renderAttachment(view);
    if (attachment) bubble.append(attachment);
    const text = view.text ?? view.caption;
    if (text) bubble.append(renderText(text, view.parse_mode));
    const meta = `${formatTime(view.date)}${view.edited ? " · edited" : ""}`;
    // Quoting a message matters in a group (Sam answers the bot's question there); in a
    // private chat, and on your own message, it would only sit beside the bot's own buttons.
    const canQuote = panel.def.chat_type !== "private" && !mine;
    const reply = canQuote ? el("button", {
      type: "button", className: "reply-btn", "aria-label": "Reply to this message",
      title: "Reply to this message", onclick: () => chooseReplyTarget(panel, view.message_id),
    }, el("span", { "aria-hidden": "true" }, "↩")) : null;
    bubble.append(el("div", { className: "meta" }, reply, el("span", {}, meta)));
    const keyboard = renderKeyboard(panel, view);
    return el("article", {
      className: classes.join(" "),
      dataset: { messageId: view.message_id },
      "aria-label": `Message from ${who} at ${formatTime(view.date)}`,
    }, bubble, keyboard);
  }

  function upsertMessage(view) {
    const panel = state.panels.get(view.chat_id);
    if (!panel) return;
    const known = panel.views.get(view.message_id);
    if (known && known.rev >= view.rev) return;
    const node = renderMessage(panel, view);
    const existing = panel.nodes.get(view.message_id);
    if (existing) {
      existing.replaceWith(node);
    } else {
      const later = [...panel.nodes.entries()]
        .filter(([id]) => id > view.message_id)
        .sort((a, b) => a[0] - b[0])[0];
      if (later) later[1].before(node);
      else panel.log.append(node);
    }
    panel.nodes.set(view.message_id, node);
    panel.views.set(view.message_id, view);
    if (!view.from_bot && view.from_id === panel.def.as_user_id) panel.atBottom = true;
    for (const img of node.querySelectorAll("img")) {
      img.addEventListener("load", () => stickToBottom(panel));
    }
    if (view.from_bot) hideTyping(panel);
    if (!known) markUnread(panel);
    refreshDayLines(panel);
    refreshIntro(panel);
    refreshReplyKeyboard(panel);
    refreshReplyTarget(panel);
    stickToBottom(panel);
  }

  // Telegram-style day lines ("Wednesday 9 December"), so a jump of the Clock never looks
  // like time going backwards.
  // Lines already in place are left alone, so the live log does not announce them again.
  function refreshDayLines(panel) {
    const wanted = new Set();
    let lastDay = null;
    const ids = [...panel.nodes.keys()].sort((a, b) => a - b);
    for (const id of ids) {
      const day = formatDay(panel.views.get(id).date);
      if (day === lastDay) continue;
      lastDay = day;
      const node = panel.nodes.get(id);
      let line = node.previousElementSibling;
      if (!(line && line.classList.contains("day-line") && line.dataset.day === day)) {
        line = el("p", { className: "day-line", dataset: { day } }, el("span", {}, day));
        node.before(line);
      }
      wanted.add(line);
    }
    for (const line of panel.log.querySelectorAll(".day-line")) {
      if (!wanted.has(line)) line.remove();
    }
  }

  // Keep a chat scrolled to its newest message unless the reader scrolled up.
  function stickToBottom(panel) {
    if (panel.atBottom) panel.log.scrollTop = panel.log.scrollHeight;
  }

  function removeMessage(chatId, messageId) {
    const panel = state.panels.get(chatId);
    if (!panel || !panel.nodes.has(messageId)) return;
    panel.nodes.get(messageId).remove();
    panel.nodes.delete(messageId);
    panel.views.delete(messageId);
    refreshDayLines(panel);
    refreshIntro(panel);
    refreshReplyKeyboard(panel);
    refreshReplyTarget(panel);
  }

  function clearPanels() {
    for (const panel of state.panels.values()) {
      panel.log.replaceChildren(...(panel.intro ? [panel.intro] : []));
      panel.nodes.clear();
      panel.views.clear();
      panel.replyTo = null;
      panel.autoReplySeen = 0;
      refreshIntro(panel);
      refreshReplyKeyboard(panel);
      refreshReplyTarget(panel);
    }
  }

  // The latest custom (reply) keyboard the bot sent is offered as chips, until removed.
  function refreshReplyKeyboard(panel) {
    const ids = [...panel.views.keys()].sort((a, b) => b - a);
    let rows = null;
    panel.keyboardPlaceholder = null;
    for (const id of ids) {
      const view = panel.views.get(id);
      if (!view.from_bot) continue;
      if (view.remove_keyboard) break;
      if (view.reply_keyboard) {
        rows = view.reply_keyboard;
        panel.keyboardPlaceholder = view.input_field_placeholder;
        break;
      }
    }
    panel.replyKeys.replaceChildren();
    panel.replyKeys.hidden = !rows;
    for (const text of (rows || []).flat()) {
      panel.replyKeys.append(el("button", {
        type: "button", className: "chip reply-key", onclick: () => sendText(panel, text),
      }, text));
    }
  }

  // ------------------------------------------------------------------ replies
  // A panel's composer may target one message (panel.replyTo = {messageId, auto}); the next
  // message sent from that panel replies to it. The bot's newest message, when it asks for a
  // reply (force_reply), is targeted automatically, once, unless something already answered it.
  function describeMessage(view) {
    const who = view.from_bot ? state.bot.first_name : view.sender;
    const text = view.text ?? view.caption;
    let snippet = text ? renderText(text, view.parse_mode).textContent : "";
    snippet = snippet.replace(/\s+/g, " ").trim();
    if (!snippet) {
      snippet = view.photo ? "Photo" : view.document ? view.document.file_name : view.other || "Message";
    }
    if (snippet.length > 100) snippet = `${snippet.slice(0, 99)}…`;
    return { who, snippet };
  }

  function chooseReplyTarget(panel, messageId) {
    panel.replyTo = { messageId };
    renderReplyTarget(panel);
    panel.composer.focus();
  }

  function cancelReply(panel) {
    panel.replyTo = null;
    renderReplyTarget(panel);
    panel.composer.focus();
  }

  function isAnswered(panel, messageId) {
    for (const view of panel.views.values()) {
      if (!view.from_bot && view.reply_to && view.reply_to.message_id === messageId) return true;
    }
    return false;
  }

  function refreshReplyTarget(panel) {
    // A prompt answered meanwhile (say, later in the history loaded after a reload) lets go.
    if (panel.replyTo && panel.replyTo.auto && isAnswered(panel, panel.replyTo.messageId)) {
      panel.replyTo = null;
    }
    const newestBot = [...panel.views.values()]
      .filter((view) => view.from_bot)
      .reduce((newest, view) => (!newest || view.message_id > newest.message_id ? view : newest), null);
    if (newestBot && newestBot.force_reply && newestBot.message_id > panel.autoReplySeen) {
      panel.autoReplySeen = newestBot.message_id;
      if (!isAnswered(panel, newestBot.message_id)) {
        panel.replyTo = { messageId: newestBot.message_id, auto: true };
      }
    }
    renderReplyTarget(panel);
  }

  function renderReplyTarget(panel) {
    const target = panel.replyTo ? panel.views.get(panel.replyTo.messageId) : undefined;
    if (!target) panel.replyTo = null;
    panel.replyBar.hidden = !target;
    if (target) {
      const { who, snippet } = describeMessage(target);
      panel.replyWho.textContent = who;
      panel.replySnippet.textContent = snippet;
      panel.composer.setAttribute("aria-describedby", panel.replyBar.id);
    } else {
      panel.composer.removeAttribute("aria-describedby");
    }
    const hint = (target && target.force_reply && target.input_field_placeholder) || panel.keyboardPlaceholder;
    panel.composer.placeholder = hint || `Message as ${panel.def.as_user_name}`;
  }

  // ------------------------------------------------------------------ actions
  async function sendText(panel, text) {
    if (!text.trim()) return false;
    const target = panel.replyTo;
    const body = { chat_id: panel.def.chat_id, user_id: panel.def.as_user_id, text };
    if (target) body.reply_to_message_id = target.messageId;
    try {
      const data = await api("/_page/api/send", body);
      if (panel.replyTo === target) panel.replyTo = null;
      upsertMessage(data.message);
      return true;
    } catch (error) {
      toast(`Could not send: ${error.message}`, true);
      return false;
    }
  }

  async function onInlineButton(panel, view, button, btn) {
    if (button.url) {
      const code = startCode(button.url);
      if (code) await openStartLink(code);
      else window.open(button.url, "_blank", "noopener");
      return;
    }
    btn.setAttribute("aria-busy", "true");
    try {
      await api("/_page/api/press", {
        chat_id: panel.def.chat_id, user_id: panel.def.as_user_id,
        message_id: view.message_id, data: button.callback_data,
      });
    } catch (error) {
      toast(`Could not press the button: ${error.message}`, true);
    } finally {
      setTimeout(() => btn.removeAttribute("aria-busy"), 600);
    }
  }

  // One notice at a time: a new one replaces the last, and each can be dismissed.
  function toast(text, alert) {
    document.getElementById("toasts").replaceChildren();
    const box = el("div", { className: `toast${alert ? " alert" : ""}`, role: alert ? "alert" : "status" },
      el("span", {}, text));
    const close = el("button", { type: "button", className: "toast-close", "aria-label": "Dismiss" }, "×");
    close.addEventListener("click", () => box.remove());
    box.append(close);
    document.getElementById("toasts").append(box);
    if (!alert) setTimeout(() => box.remove(), 4000);
  }

  function showTyping(panel) {
    panel.typing.hidden = false;
    stickToBottom(panel);
    clearTimeout(panel.typingTimer);
    panel.typingTimer = setTimeout(() => hideTyping(panel), TYPING_MS);
  }

  function hideTyping(panel) {
    panel.typing.hidden = true;
    clearTimeout(panel.typingTimer);
  }

  // ------------------------------------------------------------------ panels
  function buildPanel(def, index) {
    const titleId = `panel-title-${index}`;
    const inputId = `composer-${index}`;
    const log = el("div", {
      className: "log", role: "log", "aria-live": "polite", "aria-labelledby": titleId, tabindex: "0",
    });
    const typing = el("p", { className: "typing", hidden: true }, `${state.bot.first_name} is typing…`);
    const chips = el("div", { className: "chips quick", role: "group", "aria-label": "Quick messages" });
    const replyKeys = el("div", { className: "chips reply-keyboard", role: "group", "aria-label": "Keyboard from the bot", hidden: true });
    const replyWho = el("strong", { className: "reply-sender" });
    const replySnippet = el("span", { className: "reply-snippet" });
    const replyBar = el("div", { className: "reply-bar", id: `reply-bar-${index}`, hidden: true },
      el("p", { className: "reply-bar-text" }, "Replying to ", replyWho, ": ", replySnippet),
      el("button", { type: "button", className: "reply-cancel", "aria-label": "Cancel reply" }, "✕"));
    const composer = el("textarea", {
      className: "composer", id: inputId, rows: "1", autocomplete: "off",
      placeholder: `Message as ${def.as_user_name}`,
    });
    const fileInput = el("input", {
      type: "file", className: "visually-hidden file-input", tabindex: "-1",
      accept: "image/*,audio/*,.pdf,.doc,.docx,.txt,.odt",
      "aria-label": `Choose a photo, file or voice note to send as ${def.as_user_name}`,
    });
    const attach = el("button", {
      type: "button", className: "tool attach", "aria-label": `Attach a photo or file as ${def.as_user_name}`,
      title: "Attach a photo or file",
    }, el("span", { "aria-hidden": "true" }, "📎"));
    const canRecord = Boolean(window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
    const record = canRecord ? el("button", {
      type: "button", className: "tool record", "aria-pressed": "false",
      "aria-label": `Record a voice note as ${def.as_user_name}`, title: "Record a voice note",
    }, el("span", { "aria-hidden": "true" }, "🎤")) : null;
    const form = el("form", { className: "composer-row" },
      el("label", { className: "visually-hidden", for: inputId }, `Message as ${def.as_user_name} in ${def.title}`),
      fileInput, attach, record,
      composer,
      el("button", { type: "submit", className: "send" }, "Send"));
    const intro = def.intro ? el("div", { className: "intro" },
      el("h3", { className: "intro-title" }, def.intro.title),
      el("p", { className: "intro-text" }, def.intro.text)) : null;
    const section = el("section", {
      className: def.optional ? "panel optional" : "panel", id: `panel-${index}`,
      dataset: { chatId: def.chat_id }, "aria-labelledby": titleId,
    },
    el("header", { className: "panel-header" },
      el("h2", { id: titleId }, def.title),
      el("p", { className: "panel-sub" }, `You are ${def.as_user_name}` +
        (def.chat_type === "private" ? ` · private chat with @${state.bot.username}` : " · group"))),
    log, typing, replyKeys, chips, replyBar, form);
    const panel = {
      def, section, log, typing, chips, replyKeys, composer, replyBar, replyWho, replySnippet,
      nodes: new Map(), views: new Map(), typingTimer: 0, atBottom: true,
      replyTo: null, autoReplySeen: 0, keyboardPlaceholder: null, intro, tab: null, index,
    };
    if (intro) {
      if (def.intro.button) {
        intro.append(el("button", {
          type: "button", className: "intro-btn", onclick: () => sendText(panel, def.intro.send),
        }, def.intro.button));
      }
      log.append(intro);
    }
    attach.addEventListener("click", () => fileInput.click());
    fileInput.addEventListener("change", async () => {
      const file = fileInput.files[0];
      fileInput.value = "";
      if (file) await sendFile(panel, file, kindOf(file));
    });
    if (record) record.addEventListener("click", () => toggleRecording(panel, record));
    replyBar.querySelector(".reply-cancel").addEventListener("click", () => cancelReply(panel));
    log.addEventListener("scroll", () => {
      panel.atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    });
    new ResizeObserver(() => stickToBottom(panel)).observe(log);
    for (const text of def.quick_texts) {
      chips.append(el("button", { type: "button", className: "chip", onclick: () => sendText(panel, text) }, text));
    }
    chips.hidden = def.quick_texts.length === 0;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = composer.value;
      if (await sendText(panel, text)) composer.value = "";
      composer.focus();
    });
    composer.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      } else if (event.key === "Escape" && panel.replyTo) {
        event.preventDefault();
        cancelReply(panel);
      }
    });
    return panel;
  }

  // An empty chat shows its intro card (who you are, what to tap); the first message hides it.
  // A card with a button (Join) stays, below the newest message, until the invite is used:
  // typing "hi" first must not take away the only way in.
  function refreshIntro(panel) {
    if (!panel.intro) return;
    if (!(panel.def.intro && panel.def.intro.button)) {
      panel.intro.hidden = panel.views.size > 0;
      return;
    }
    panel.intro.hidden = Boolean(state.joined);
    if (!panel.intro.hidden && panel.log.lastElementChild !== panel.intro) {
      panel.log.append(panel.intro);
    }
  }

  // Once Alex's data is deleted the invite is used up: point at Reset world, not at nothing.
  function refreshErased(list) {
    const erased = list.some((item) => item.key === "delete" && item.done);
    for (const panel of state.panels.values()) {
      if (!(panel.def.intro && panel.def.intro.button)) continue;
      if (!panel.erased) {
        panel.erased = el("div", { className: "intro erased", hidden: true },
          el("h3", { className: "intro-title" }, "Alex's data is deleted"),
          el("p", { className: "intro-text" }, "To try everything again, start a fresh demo world."),
          el("button", {
            type: "button", className: "intro-btn",
            onclick: () => document.getElementById("reset-dialog").showModal(),
          }, "Reset world"));
      }
      panel.erased.hidden = !erased;
      if (erased && panel.log.lastElementChild !== panel.erased) {
        panel.log.append(panel.erased);
        stickToBottom(panel);
      }
    }
  }

  // ------------------------------------------------------------------ media
  function kindOf(file) {
    if (file.type.startsWith("image/")) return "photo";
    if (file.type.startsWith("audio/")) return "voice";
    return "document";
  }

  // A photo, file or voice note goes through the stand-in as Telegram sends it; the
  // composer's text, if any, becomes its caption.
  async function sendFile(panel, blob, kind, name, seconds) {
    const form = new FormData();
    form.append("chat_id", panel.def.chat_id);
    form.append("user_id", panel.def.as_user_id);
    form.append("kind", kind);
    form.append("file", blob, name || blob.name || `${kind}.bin`);
    // A voice note says how long it is, as Telegram's apps do: the time recorded, or
    // what the browser reads from a chosen file (the stand-in reads WAV and Ogg itself).
    if (kind === "voice") {
      const length = seconds || (await audioSeconds(blob));
      if (length) form.append("duration", String(Math.min(3600, Math.max(1, Math.round(length)))));
    }
    const caption = panel.composer.value.trim();
    if (caption) form.append("caption", caption);
    const target = panel.replyTo;
    if (target) form.append("reply_to_message_id", target.messageId);
    try {
      const response = await fetch("/_page/api/send_media", { method: "POST", body: form });
      const data = await response.json().catch(() => ({}));
      if (!response.ok || data.ok === false) throw new Error(data.error || `HTTP ${response.status}`);
      panel.composer.value = "";
      if (panel.replyTo === target) panel.replyTo = null;
      upsertMessage(data.message);
    } catch (error) {
      toast(`Could not send the ${kind === "voice" ? "voice note" : kind}: ${error.message}`, true);
    }
  }

  // How long an audio file plays, from the browser's own decoder (null if it can't tell
  // within two seconds).
  function audioSeconds(blob) {
    return new Promise((resolve) => {
      const url = URL.createObjectURL(blob);
      const audio = new Audio();
      const done = (value) => {
        URL.revokeObjectURL(url);
        resolve(Number.isFinite(value) && value > 0 ? value : null);
      };
      const timer = setTimeout(() => done(null), 2000);
      audio.addEventListener("loadedmetadata", () => { clearTimeout(timer); done(audio.duration); });
      audio.addEventListener("error", () => { clearTimeout(timer); done(null); });
      audio.preload = "metadata";
      audio.src = url;
    });
  }

  async function toggleRecording(panel, button) {
    if (panel.recorder) {
      panel.recorder.stop();
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      toast("This browser did not allow the microphone. Attach an audio file instead.", true);
      return;
    }
    const chunks = [];
    const recorder = new MediaRecorder(stream);
    panel.recorder = recorder;
    recorder.addEventListener("dataavailable", (event) => chunks.push(event.data));
    const started = performance.now();
    recorder.addEventListener("stop", () => {
      const seconds = (performance.now() - started) / 1000;
      panel.recorder = null;
      for (const track of stream.getTracks()) track.stop();
      button.setAttribute("aria-pressed", "false");
      button.setAttribute("aria-label", `Record a voice note as ${panel.def.as_user_name}`);
      const blob = new Blob(chunks, { type: recorder.mimeType || "audio/ogg" });
      if (blob.size) sendFile(panel, blob, "voice", "voice.ogg", seconds);
    });
    recorder.start();
    button.setAttribute("aria-pressed", "true");
    button.setAttribute("aria-label", "Stop recording and send the voice note");
  }

  // ------------------------------------------------------------------ tabs (phone)
  function buildTabs() {
    const tabs = document.getElementById("tabs");
    tabs.replaceChildren();
    for (const panel of state.panels.values()) {
      const tab = el("button", {
        type: "button", role: "tab", className: "tab", id: `tab-${panel.index}`,
        "aria-controls": panel.section.id, "aria-selected": "false",
      }, el("span", {}, panel.def.tab), el("span", { className: "unread", hidden: true }, " •",
        el("span", { className: "visually-hidden" }, " new messages")));
      tab.addEventListener("click", () => selectTab(panel));
      tab.addEventListener("keydown", (event) => {
        const order = [...state.panels.values()];
        const at = order.indexOf(panel);
        let next = null;
        if (event.key === "ArrowRight") next = order[(at + 1) % order.length];
        if (event.key === "ArrowLeft") next = order[(at - 1 + order.length) % order.length];
        if (next) {
          event.preventDefault();
          selectTab(next);
          next.tab.focus();
        }
      });
      panel.tab = tab;
      tabs.append(tab);
    }
    const first = state.panels.values().next().value;
    if (first) selectTab(first);
  }

  function selectTab(panel) {
    state.active = panel;
    for (const other of state.panels.values()) {
      const on = other === panel;
      other.section.classList.toggle("active", on);
      if (other.tab) {
        other.tab.setAttribute("aria-selected", String(on));
        other.tab.tabIndex = on ? 0 : -1;
      }
    }
    if (panel.tab) {
      panel.tab.querySelector(".unread").hidden = true;
      if (PHONE.matches) panel.tab.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
    panel.atBottom = true;
    stickToBottom(panel);
  }

  // On a phone only one chat shows: a tab says when another has something new.
  function markUnread(panel) {
    const folded = state.optional && state.optional.panel === panel && !panel.section.classList.contains("shown");
    if (state.settled && folded && !PHONE.matches) state.optional.toggle.classList.add("has-new");
    if (!state.settled || !panel.tab || panel === state.active || !PHONE.matches) return;
    panel.tab.querySelector(".unread").hidden = false;
  }

  // ------------------------------------------------------------------ playground controls
  function applyStatus(status) {
    state.status = status;
    const controls = document.getElementById("controls");
    controls.hidden = !state.actions.includes("clock") && !state.actions.includes("reset");
    document.getElementById("clock-menu").hidden = !state.actions.includes("clock");
    document.getElementById("reset-open").hidden = !state.actions.includes("reset");
    if (status.clock) {
      const moved = status.moved ? " (moved on)" : "";
      document.getElementById("clock-now").textContent = `${formatDayTime(status.clock)}${moved}`;
    }
    const review = status.next_review
      ? `Alex's next plan review: ${formatDayTime(status.next_review)}.`
      : "Alex's plan has no review date.";
    const quiet = status.quiet ? " It is quiet hours (21:00–09:00): nudges wait until 09:00." : "";
    document.getElementById("clock-review").textContent = review + quiet;
    const list = status.checklist || [];
    state.joined = Boolean(status.invite_used);
    for (const panel of state.panels.values()) refreshIntro(panel);
    const guide = document.getElementById("guide");
    guide.hidden = list.length === 0;
    const items = document.getElementById("checklist");
    items.replaceChildren();
    for (const item of list) {
      items.append(el("li", { className: item.done ? "done" : "", dataset: { key: item.key } },
        el("span", { className: "tick", "aria-hidden": "true" }, item.done ? "✓" : "○"),
        el("span", {}, item.label),
        item.done ? el("span", { className: "visually-hidden" }, " (done)") : null));
    }
    const done = list.filter((item) => item.done).length;
    const next = list.find((item) => !item.done);
    let summary = "";
    if (list.length && next) summary = `${done} of ${list.length} done · next: ${next.label}`;
    else if (list.length) summary = "All done. Reset world to try it again.";
    document.getElementById("guide-count").textContent = summary;
    refreshErased(list);
  }

  async function act(name, body) {
    try {
      const data = await api(`/_page/api/act/${name}`, body);
      if (data.status) applyStatus(data.status);
      return data;
    } catch (error) {
      toast(error.message, true);
      return null;
    }
  }

  // On a laptop an optional chat (the managers' group) stays folded until asked for, so
  // the three main chats keep their width; on a phone it is one more tab.
  function setupOptional(defs) {
    const toggle = document.getElementById("optional-toggle");
    const def = defs.find((d) => d.optional);
    if (!def) return;
    const panel = state.panels.get(def.chat_id);
    toggle.hidden = false;
    toggle.textContent = def.tab;
    toggle.setAttribute("aria-controls", panel.section.id);
    toggle.addEventListener("click", () => showOptional(panel, !panel.section.classList.contains("shown")));
    state.optional = { panel, toggle };
  }

  function showOptional(panel, on) {
    const toggle = document.getElementById("optional-toggle");
    panel.section.classList.toggle("shown", on);
    toggle.setAttribute("aria-pressed", String(on));
    toggle.classList.remove("has-new");
    if (on) stickToBottom(panel);
  }

  function setupControls(config) {
    state.actions = config.actions || [];
    const buttons = document.getElementById("clock-buttons");
    buttons.replaceChildren();
    const steps = (config.status && config.status.clock_steps) || [];
    for (const step of steps) {
      buttons.append(el("button", {
        type: "button", className: "control", dataset: { step },
        onclick: async (event) => {
          const button = event.currentTarget;
          button.setAttribute("aria-busy", "true");
          const data = await act("clock", { step });
          button.removeAttribute("aria-busy");
          if (data) {
            const now = formatDayTime(data.status.clock);
            setStatus(`Clock moved on: ${now}`);
            closeMenu(false);  // back to the chats, where the sweeps' messages arrive
            // Said where it is seen on a phone too (the clock's own line is hidden there).
            const queued = Number(data.queued || 0);
            const news = queued === 0 ? "Nothing was due."
              : `${queued} ${queued === 1 ? "message is" : "messages are"} on the way.`;
            toast(`It is now ${now}. ${news}`, false);
            if (step === "month" && state.optional) showOptional(state.optional.panel, true);
          }
        },
      }, CLOCK_LABELS[step] || step));
    }
    const menu = document.getElementById("clock-menu");
    const closeMenu = (focus) => {
      if (!menu.open) return;
      menu.open = false;
      if (focus) menu.querySelector("summary").focus();
    };
    document.addEventListener("click", (event) => {
      if (!menu.contains(event.target)) closeMenu(false);
    });
    menu.addEventListener("keydown", (event) => {
      if (event.key === "Escape") closeMenu(true);
    });
    const dialog = document.getElementById("reset-dialog");
    document.getElementById("reset-open").addEventListener("click", () => dialog.showModal());
    dialog.addEventListener("close", async () => {
      if (dialog.returnValue !== "reset") return;
      setStatus("Starting a fresh world…");
      if (await act("reset", { confirm: true })) window.location.reload();
    });
    if (config.status) applyStatus(config.status);
    // The list starts open only on a tall screen; folded, its summary still names the next step.
    document.getElementById("guide-details").open = !PHONE.matches && window.innerHeight >= 900;
  }

  // ------------------------------------------------------------------ polling
  function applyChanges(data) {
    // Notices from before this page was opened (or from a world since reset) are old news.
    const fresh = state.loaded && !data.reset;
    if (data.reset && state.loaded && state.actions.includes("reset")) {
      // A new demo world has new invites and case references: start the page afresh.
      window.location.reload();
      return;
    }
    if (data.reset) clearPanels();
    state.loaded = true;
    state.epoch = data.epoch;
    state.rev = data.rev;
    const messages = [...data.messages].sort((a, b) => a.message_id - b.message_id);
    for (const view of messages) upsertMessage(view);
    for (const gone of data.deleted) removeMessage(gone.chat_id, gone.message_id);
    if (fresh) {
      for (const notice of data.notices) toast(notice.text, notice.show_alert);
    }
    if (data.status) applyStatus(data.status);
    for (const chatId of Object.keys(data.typing)) {
      const panel = state.panels.get(Number(chatId));
      if (panel) showTyping(panel);
    }
    state.settled = true;
  }

  async function pollForever() {
    for (;;) {
      try {
        const query = new URLSearchParams({ since: state.rev, epoch: state.epoch, wait: POLL_WAIT_SECONDS });
        for (const chatId of state.panels.keys()) query.append("chat_id", chatId);
        applyChanges(await api(`/_page/api/updates?${query}`));
        setStatus("Connected");
      } catch (error) {
        setStatus("Connection lost — retrying…");
        await sleep(1500);
      }
    }
  }

  async function main() {
    let config;
    for (;;) {
      try {
        config = await api("/_page/api/config");
        break;
      } catch (error) {
        setStatus("Waiting for the stand-in…");
        await sleep(1500);
      }
    }
    state.bot = config.bot;
    const container = document.getElementById("panels");
    config.panels.forEach((def, index) => {
      const panel = buildPanel(def, index);
      state.panels.set(def.chat_id, panel);
      container.append(panel.section);
    });
    buildTabs();
    setupOptional(config.panels);
    setupControls(config);
    document.addEventListener("click", (event) => {
      const link = event.target.closest && event.target.closest("a[href]");
      const code = link ? startCode(link.href) : null;
      if (!code) return;
      event.preventDefault();
      openStartLink(code);
    });
    showOpenedChat();
    if (config.panels.length === 0) {
      container.append(el("p", { className: "empty" }, "No chats yet. Add users or configure panels."));
    }
    pollForever();
  }

  document.addEventListener("DOMContentLoaded", main);
})();
