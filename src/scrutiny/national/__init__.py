"""Benchmarking against national statistics (pure): the dataset as values, similar councils,
comparisons and assumption checks."""
