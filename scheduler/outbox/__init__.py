"""The outbox sender, in three parts with one job each.

- :mod:`scheduler.outbox.limits`: Telegram's limits (rates and text sizes), counted in one
  place.
- :mod:`scheduler.outbox.classification`: what a transport error means for a row (retry,
  give up, react).
- :mod:`scheduler.outbox.sender`: claims, sends and marks rows, and the fast path
  (``send_now``).

The row states and their statements are :mod:`storage.outbox_states`; the one-sender lock is
:class:`storage.advisory.SenderLock`.
"""
