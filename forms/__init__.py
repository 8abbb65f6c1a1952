"""The larger forms of some pages, kept out of pages/ so that the pages stay short.
Like the pages, they write only through ``shell.write``."""
