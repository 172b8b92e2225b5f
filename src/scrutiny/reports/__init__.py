"""Results → files: the savings tracker, the register summary and the scrutiny report (an edge)."""
