"""Entry point: ``streamlit run dashboard.py``.

An ASGI application (``st.App``): Streamlit serves the dashboard script
``streamlit_app.py``, and two small routes of our own set and clear the HttpOnly
session cookie (see ``auth.py``). Unexpected script errors are logged with a
reference instead of being shown (see ``shell.guarded``).
"""
import streamlit as st
from starlette.routing import Route

import auth
import shell


def _script_error(error: Exception) -> bool:
    import traceback
    import uuid
    reference = uuid.uuid4().hex[:8].upper()
    shell.log_error(reference, "".join(traceback.format_exception(error)))
    st.error(f"Er ging iets mis (referentie {reference}). Er is niets verloren gegaan; "
             "probeer het opnieuw.")
    return True


app = st.App("streamlit_app.py",
             routes=[Route("/auth/session", auth.session_route, methods=["POST"]),
                     Route("/auth/logout", auth.logout_route, methods=["POST"])],
             on_script_error=_script_error)
