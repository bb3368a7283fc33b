"""Pictures for image tiles: shipped files and URL sources fetched by the server (library.py)."""
