"""Read-only JSON API of indicator values and completeness, scoped to the user's units."""
