"""The dashboard script that ``dashboard.py`` serves: navigation, sidebar and the chosen
page live in :func:`shell.run_app`, so that a page opened on its own can start the app
the same way (see ``shell.through_app``)."""
import shell

shell.run_app()
