"""Early warning (cảnh báo sớm): indicators off target or projected to miss, units late or missing.

:mod:`.projection` and :mod:`.planning` are pure (no Django); :mod:`.selectors` reads a scope in a
fixed number of queries; :mod:`.services` notifies reviewers; :mod:`.views` is the /canh-bao/ page.
"""
