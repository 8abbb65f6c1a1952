"""Entry point: ``streamlit run dashboard.py``. Page config, navigation over pages/ and
the shared sidebar live in :func:`shell.run_app`, so that a page opened on its own
can start the app the same way (see ``shell.through_app``)."""
import shell

shell.run_app()
