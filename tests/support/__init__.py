"""Test helpers that run the real server and talk to it as clients do."""
