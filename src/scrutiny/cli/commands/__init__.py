"""One module per command (or command group); each exposes `register(app)`.

The app discovers them, so a new command is a new module and nothing else changes.
"""
