"""HTTP: JSON API under /api/v1, citizen pages, officer console, operations endpoints."""
