"""The demo province (modelled on Lạng Sơn): simulated KPIs, alerts and camera entries."""
