"""Service models: what each saving depends on, as pure vectorised functions."""
