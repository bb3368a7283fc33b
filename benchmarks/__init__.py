"""Benchmarks that measure IOC Wall against a bare baseline run beside it (see VISION.md, quality targets)."""
