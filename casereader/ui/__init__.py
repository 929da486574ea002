"""The PySide6 marking app: the main window, the guided case form and the session that drives the engine.

Nothing here is imported by the command line until ``casereader gui`` or ``casereader demo`` runs.
"""
