"""The one version of IOC Wall: the wheel's (hatch reads this line), the servers', the clients' and the packages'."""

__version__ = "0.1.0"
