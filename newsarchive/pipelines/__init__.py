"""Item pipelines, one job each: validate, then store."""
