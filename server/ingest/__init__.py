"""Pulling data from other IOC systems (pollers)."""
