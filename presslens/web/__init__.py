"""The web layer: a read-only REST API and server-rendered pages over one corpus.

    >>> from presslens.web.app import create_app
    >>> app = create_app("corpus.db")   # an ASGI app; `presslens serve` runs it with uvicorn

Needs the ``web`` extra (FastAPI, uvicorn, Jinja2). Imports the store and the model only.
"""
