"""Pictures: the young person's ecomap ("See my people").

One job per module: ``model`` (public types, sizes, colours, the people in order), ``fonts``
(font families, glyph checks, text measuring), ``space`` and ``layout`` (the placement search),
``render`` (matplotlib drawing and the PNG bytes), ``caption`` (the picture in words),
``payload`` (the render inputs stored in the outbox) and ``worker`` (drawing off the event
loop). The flow step that sends it is :mod:`dialogs.young.picture`.
"""
