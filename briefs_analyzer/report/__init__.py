"""Reports for people: terminal tables (rich)."""
