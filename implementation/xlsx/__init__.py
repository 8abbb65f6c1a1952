"""Reading the first worksheet of an XLSX upload safely, in one streaming pass: the zip's
table of contents first, no XML entity ever expanded, limits on rows, columns, cells and
cell length checked while reading, merged cells and formulas without a stored result
refused. Why not openpyxl for reading: it parses a sheet twice here, trusts the sheet's
``<dimension>`` (a stale one silently drops rows), cannot stop early at a limit, and its
read-only mode does not see merged cells; openpyxl still writes every workbook the
product exports (see :mod:`implementation.tables`).
"""
from .parts import (
    MAX_CELL,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_UNCOMPRESSED,
    column_letter,
    refuse,
)
from .sheet import Workbook, cell_text

__all__ = ["MAX_CELL", "MAX_CELLS", "MAX_COLUMNS", "MAX_RATIO", "MAX_ROWS", "MAX_UNCOMPRESSED",
           "Workbook", "cell_text", "column_letter", "refuse"]
