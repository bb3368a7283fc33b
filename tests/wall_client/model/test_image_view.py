"""An image tile's state and geometry without Qt: answers folded in, age and staleness, contain and cover."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wall_client.model.image_view import ImageAnswer, ImageState, fitted
from wall_protocol.tile_settings import ImageFit, ImageSettings

T0 = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


def test_contain_fits_whole_and_cover_fills_both_centred():
    """A 4:3 picture in a 16:9 box: contain is as tall as the box, cover as wide; both centred, ratio kept."""
    assert fitted(400, 300, 0, 0, 1600, 900, ImageFit.CONTAIN) == (200.0, 0.0, 1200.0, 900.0)
    assert fitted(400, 300, 0, 0, 1600, 900, ImageFit.COVER) == (0.0, -150.0, 1600.0, 1200.0)
    assert fitted(0, 300, 10, 20, 100, 100, ImageFit.CONTAIN) == (10.0, 20.0, 0.0, 0.0)


def test_answers_fold_into_the_state():
    """New bytes replace; a 304 renews the time; an error keeps the picture and says so; a success clears it."""
    state = ImageState().with_answer(ImageAnswer(b"png1", '"1"', T0, "url"))
    assert (state.data, state.etag, state.taken_at) == (b"png1", '"1"', T0)
    later = T0 + timedelta(minutes=5)
    state = state.with_answer(ImageAnswer(None, '"1"', later, "url"))
    assert state.data == b"png1" and state.taken_at == later and state.error is None
    state = state.with_answer(ImageAnswer(None, error="no server"))
    assert state.data == b"png1" and state.error == "no server"
    state = state.with_answer(ImageAnswer(None, '"1"', later, "url", source_error="the source answered HTTP 503"))
    assert state.error is None and state.source_error == "the source answered HTTP 503"


def test_age_and_staleness_are_for_fetched_pictures_only():
    """A fetched picture ages and goes stale past stale_after_s; a shipped file has no age."""
    settings = ImageSettings(image="radar", stale_after_s=600)
    fetched = ImageState(b"png", '"1"', T0, "url")
    assert fetched.age_s(T0 + timedelta(seconds=90)) == 90 and not fetched.stale(T0 + timedelta(seconds=600), settings)
    assert fetched.stale(T0 + timedelta(seconds=601), settings)
    shipped = ImageState(b"png", '"1"', T0, "file")
    assert shipped.age_s(T0 + timedelta(days=400)) is None and not shipped.stale(T0 + timedelta(days=400), settings)
