"""Languages and the message catalogue.

- :mod:`roleplay.i18n.lang`: the three output languages (``zh-Hant``, ``zh-Hans``, ``en``),
  their aliases, and :func:`~roleplay.i18n.lang.localize` (Chinese typography; Simplified by
  OpenCC).
- :mod:`roleplay.i18n.catalog`: every user-facing message, by id, in Fluent files under
  ``roleplay/i18n/locales/``, rendered by :func:`~roleplay.i18n.catalog.t`.
"""
