"""Live video (the only package that imports vlc)."""
