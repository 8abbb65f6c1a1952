"""The store: every read and write of the monitor's data, on DuckDB, in parts.

``Database`` (``database.py``) holds the connection, transactions and migrations and
hands out one part per area: ``registry`` (interventions, organisations,
implementations), ``assessments`` (answers and scores), ``team`` (team assessments),
``readiness`` (the read side of scoring), ``actions`` (improvement points and actions),
``monitoring`` (indicators and measurements), ``accounts`` (users and grants),
``sessions`` (logging in, sessions)
and ``audit`` (the audit trail). All SQL of the product lives here and in
``implementation.scoring``; pages and the command line never see a connection.
"""
from .assessments import AnswerInput
from .connection import DEFAULT_DATABASE, database_path
from .database import Database
from .monitoring import MeasurementInput

__all__ = ["AnswerInput", "DEFAULT_DATABASE", "Database", "MeasurementInput", "database_path"]
