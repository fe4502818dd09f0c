"""Facts: the figures of the archive (indicator, region, period, value, unit, source).

``from_text`` reads them off running text with rules, ``from_tables`` off the typed
tables; ``normalize`` holds the rule tables (regions, periods, units, indicator groups),
``query`` ranks facts for a user's words. No Qt and no pandas here.
"""
