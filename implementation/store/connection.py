"""Opening the database file: where it is (``$MONITOR_DB``), DuckDB's settings, and a
Dutch refusal that says what is wrong and what to do when a file cannot be opened."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from ..errors import StoreError

DEFAULT_DATABASE = Path(__file__).resolve().parent.parent.parent / "data" / "monitor.duckdb"
# DuckDB's default is one thread per core; on 2-core machines one thread was faster
# side by side for these small queries (issue 11), and leaves a core for Streamlit.
THREADS = int(os.environ.get("MONITOR_DB_THREADS", "1"))


def _connect(path: str) -> duckdb.DuckDBPyConnection:
    """A connection to ``path``, or a refusal that says what is wrong and what to do."""
    where = "Kies met MONITOR_DB een ander bestand"
    if path != ":memory:":
        if Path(path).is_dir():
            raise StoreError(f"MONITOR_DB wijst naar de map {path}, niet naar een database"
                             f"bestand. Geef een bestandsnaam, bijvoorbeeld "
                             f"{Path(path) / 'monitor.duckdb'}.")
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"de map van de database {path} kan niet worden gemaakt "
                             f"({error.strerror}). {where}.") from None
    try:
        return duckdb.connect(path, config={"threads": THREADS})
    except duckdb.Error as error:
        text = str(error)
        if "lock" in text.lower():
            message = (f"de database {path} is in gebruik door een ander programma "
                       "(bijvoorbeeld het dashboard of een opdracht op de opdrachtregel). "
                       f"Wacht tot dat klaar is of stop het, of kies met MONITOR_DB een andere "
                       "database.")
        elif "not a valid DuckDB database" in text:
            message = (f"{path} is geen DuckDB-database (het bestand is iets anders, of "
                       f"leeg). {where}, of verplaats dit bestand: een database die nog niet "
                       "bestaat, wordt gemaakt.")
        elif "Is a directory" in text:
            message = f"MONITOR_DB wijst naar de map {path}, niet naar een databasebestand."
        elif "Could not read" in text or "Corrupt" in text or "checksum" in text.lower():
            message = (f"de database {path} is beschadigd of onvolledig (bijvoorbeeld "
                       "afgebroken bij het kopiëren) en kan niet worden geopend. Zet een "
                       f"reservekopie terug, of {where[0].lower() + where[1:]}.")
        elif "Cannot open" in text or "Permission denied" in text:
            reason = text.rpartition(": ")[2] if ": " in text else text
            message = (f"de database {path} kan niet worden geopend ({reason}). Controleer of "
                       f"de map bestaat en of u er mag schrijven, of "
                       f"{where[0].lower() + where[1:]}.")
        else:
            message = (f"de database {path} kan niet worden geopend (DuckDB meldt: "
                       f"{text[:200]}). {where}, of zet een reservekopie terug.")
        raise StoreError(message) from None


def database_path() -> str:
    """The database in use: ``$MONITOR_DB`` (a path or ``:memory:``), else the default file."""
    return os.environ.get("MONITOR_DB") or str(DEFAULT_DATABASE)
