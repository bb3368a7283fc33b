"""`iocwall doctor`: the technician's on-site check of a wall PC (checks.py runs them; screens.py and
gpu.py hold the monitor and hardware-decoding checks)."""
