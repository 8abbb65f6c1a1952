"""The dashboard script that ``dashboard.py`` serves: navigation, sidebar and the chosen
page live in :func:`application.run_app`, so that a page opened on its own can start the
app the same way (see ``application.through_app``)."""
import application

application.run_app()
