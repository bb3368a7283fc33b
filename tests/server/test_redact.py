"""Secrets remembered by the redactor are masked wherever a message quotes them."""

from __future__ import annotations

from server.redact import MASK, redact, remember, remember_text


def test_a_key_in_a_url_path_is_masked_once_remembered():
    """An image source's path key (no rule can tell it from a file name) is masked after remember_text."""
    url = "https://radar.example.vn/api/0f3c9-path-key/latest.png"
    assert "0f3c9-path-key" in redact(f"GET {url} failed")
    remember_text("/api/0f3c9-path-key/latest.png")
    assert redact(f"GET {url} failed") == f"GET https://radar.example.vn{MASK} failed"


def test_query_keys_and_passwords_are_masked():
    """A URL's password and secret query parameters are masked, also when quoted without their URL."""
    remember("rtsp://admin:s3cret-pass@10.0.0.9/stream?apikey=zz-123456")
    assert redact("auth failed for s3cret-pass") == f"auth failed for {MASK}"
    assert "zz-123456" not in redact("GET http://host/x.png?apikey=zz-123456")
