"""Charts: pure functions from a DataFrame (as the store returns it) to a plotly Figure.

One function per concept, reused by every page and by the reports (see
:mod:`.common` for what they share)."""
from .common import (
    PERSPECTIVE_COLOURS,
    STAGE_COLOURS,
    label,
    no_data,
    perspective_label,
)
from .monitoring import (
    indicator_trend,
    readiness_and_indicator,
    target_share,
    target_text,
    unit_axis,
)
from .readiness import (
    common_gaps,
    readiness_matrix,
    readiness_trend,
    stage_profile,
    stage_progress_bars,
)

__all__ = ["PERSPECTIVE_COLOURS", "STAGE_COLOURS", "common_gaps", "indicator_trend", "label",
           "no_data", "perspective_label",
           "readiness_and_indicator", "readiness_matrix", "readiness_trend", "stage_profile",
           "stage_progress_bars", "target_share", "target_text", "unit_axis"]
