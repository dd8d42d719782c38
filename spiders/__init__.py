"""The catalogue of sites: one small module per site, mostly data (see docs/sites.md)."""
