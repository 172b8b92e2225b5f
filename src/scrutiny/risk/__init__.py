"""The Monte Carlo engine: pure, seeded, chunked, vectorised."""
