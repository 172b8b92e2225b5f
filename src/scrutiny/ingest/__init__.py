"""Reading committee papers: readers (the edge that opens documents) and extractors (pure)."""
