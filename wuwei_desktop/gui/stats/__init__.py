"""The 统计 view: the archive's tables as printed, their charts, and the 指标 explorer.

Importing this package loads neither matplotlib nor pandas; the charts are imported
the first time a chart is shown.
"""

from .stats_view import StatsView

__all__ = ["StatsView"]
