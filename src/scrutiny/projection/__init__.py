"""Children looked after: demand, placement mix and cost projection (pure core)."""
