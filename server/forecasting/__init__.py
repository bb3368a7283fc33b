"""Forecasting for metric series that have a target for a period (year, quarter, month).

Pure and I/O-free: `periods` cuts time into Vietnam's local calendar periods, `projection`
projects the period-end value from the data so far, and `warnings` turns a stream of
projections into exactly-once warning/clear decisions. The server wires them to the store,
the alert pipeline and the KPI/chart tiles.
"""
