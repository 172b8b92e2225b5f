"""The built-in rules, one module per question (challenge.md)."""
