"""Use-cases shared by the command line and the web app: the only layer combining core and edges."""
