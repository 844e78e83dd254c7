"""Observatory reads, one module per page family; no writes here."""
