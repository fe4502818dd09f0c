"""Facts: the figures of the archive (indicator, region, period, value, unit, source).

``from_text`` reads them off running text with rules, ``from_tables`` off the typed
tables; ``normalize`` holds the rule tables (periods, units, indicator groups) and
``regions`` the one canonical name of each region. Answering a question: ``question``
reads it (region, period, what is asked, the indicator words), ``names`` compares
indicator names however they are written, ``query`` ranks the figures from an index over
their names, ``answer`` makes agreeing figures one row and writes the answer line.
No Qt and no pandas here.
"""
