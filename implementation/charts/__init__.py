"""Charts: pure functions from a DataFrame (as the store returns it) to a plotly Figure.

One function per concept, reused by every page and by the reports (see
:mod:`.common` for what they share). Each is remembered by its data (:mod:`.memo`):
the same data gives the same, shared figure, which a caller must not change."""
from . import monitoring as _monitoring
from . import organisation as _organisation
from . import readiness as _readiness
from .common import (
    PERSPECTIVE_COLOURS,
    STAGE_COLOURS,
    label,
    no_data,
    perspective_label,
)
from .memo import forget, memo
from .monitoring import target_text, unit_axis

indicator_trend = memo(_monitoring.indicator_trend)
readiness_and_indicator = memo(_monitoring.readiness_and_indicator)
target_share = memo(_monitoring.target_share)
common_gaps = memo(_readiness.common_gaps)
readiness_matrix = memo(_readiness.readiness_matrix)
readiness_trend = memo(_readiness.readiness_trend)
stage_profile = memo(_readiness.stage_profile)
stage_progress_bars = memo(_readiness.stage_progress_bars)
# an organisation's view (the Organisatie page; the report draws the same once)
board_grid = memo(_organisation.board_grid)
own_grid = memo(_organisation.own_grid)
location_trends = memo(_organisation.location_trends)
own_trends = memo(_organisation.own_trends)
indicator_locations = memo(_organisation.indicator_locations)

__all__ = ["PERSPECTIVE_COLOURS", "STAGE_COLOURS", "board_grid", "common_gaps", "forget",
           "indicator_locations", "indicator_trend", "location_trends", "own_grid", "own_trends",
           "label", "no_data", "perspective_label",
           "readiness_and_indicator", "readiness_matrix", "readiness_trend", "stage_profile",
           "stage_progress_bars", "target_share", "target_text", "unit_axis"]
