"""A model that cannot load: a clear error naming the camera and the file, and the rest of the server runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server.demo.camera_sim import ClipServer
from tests.conftest import ROLES
from tests.server.detection.detectors.onnx_graphs import plain_model
from tests.support.server_process import ServerProcess, create_tokens
from tests.support.walk_clip import render_walk


@pytest.fixture(scope="module")
def camera(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClipServer]:
    folder = tmp_path_factory.mktemp("clip")
    server = ClipServer().add("street", render_walk(folder / "street.ts", "none")).start()
    yield server
    server.stop()


def _admin(tokens: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['admin']}"}


def _put(server: ServerProcess, tokens: dict[str, str], camera: str, url: str, detect: dict[str, object]
         ) -> httpx.Response:
    body = {"id": camera, "name": camera, "main_url": url, "detect": detect}
    return httpx.put(f"{server.http}/api/v1/cameras/{camera}", json=body, headers=_admin(tokens), timeout=30)


def _detection(server: ServerProcess, tokens: dict[str, str]) -> dict[str, dict[str, object]]:
    response = httpx.get(f"{server.http}/api/v1/detection", headers=_admin(tokens), timeout=10)
    response.raise_for_status()
    return {s["camera"]: s for s in response.json()}


def test_a_bad_model_over_rest_is_refused_and_nothing_is_saved(tmp_path: Path, camera: ClipServer):
    """Missing, corrupt and unknown-layout models: 422 naming camera and file; the camera is not created."""
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    tokens = create_tokens(db_url, ROLES)
    server = ServerProcess(db_url=db_url, workdir=tmp_path).start()
    try:
        corrupt = tmp_path / "corrupt.onnx"
        corrupt.write_bytes(b"\x08\x07not a model at all" * 50)
        classifier = plain_model(tmp_path / "classifier.onnx", [1, 7])
        cases = {
            str(tmp_path / "missing.onnx"): "does not exist",
            str(corrupt): "is not a valid ONNX model",
            str(classifier): "match neither",
        }
        for model, reason in cases.items():
            response = _put(server, tokens, "cam-bad", camera.url("street"), {"enabled": True, "model": model})
            assert response.status_code == 422, response.text
            error = response.json()["error"]
            assert "cam-bad" in error["message"] and model in error["message"] and reason in error["message"]
            assert error["field"] == "detect.model"
        config = httpx.get(f"{server.http}/api/v1/cameras/cam-bad/config", headers=_admin(tokens), timeout=10)
        assert config.status_code == 404  # refused whole: no camera half-saved without its detection

        good = _put(server, tokens, "cam-good", camera.url("street"), {"enabled": True})
        assert good.status_code == 200, good.text
        assert _detection(server, tokens)["cam-good"]["state"] == "running"
    finally:
        server.stop()


def test_a_bad_model_in_server_toml_fails_its_camera_only(tmp_path: Path, camera: ClipServer):
    """server.toml names a missing model: start-up says which camera and file, the server and other cameras run."""
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    tokens = create_tokens(db_url, ROLES)
    missing = tmp_path / "models" / "nowhere.onnx"
    config = f'log_level = "info"\n[detection.cameras.cam-toml]\nenabled = true\nmodel = "{missing}"\n'
    server = ServerProcess(db_url=db_url, workdir=tmp_path, config_text=config).start()
    try:
        assert _put(server, tokens, "cam-toml", camera.url("street"), {}).status_code == 200
        assert _put(server, tokens, "cam-ok", camera.url("street"), {"enabled": True}).status_code == 200
        statuses = _detection(server, tokens)
        assert statuses["cam-toml"]["state"] == "failed"
        assert "cam-toml" in str(statuses["cam-toml"]["error"]) and str(missing) in str(statuses["cam-toml"]["error"])
        assert statuses["cam-ok"]["state"] == "running"
    finally:
        server.stop()

    server = ServerProcess(db_url=db_url, workdir=tmp_path, config_text=config, port=server.port).start()
    try:
        assert httpx.get(f"{server.http}/healthz", timeout=10).json()["status"] == "ok"
        log = "".join(server.output)
        assert f"camera 'cam-toml': model file {missing} does not exist" in log, log[-3000:]
        statuses = _detection(server, tokens)
        assert statuses["cam-toml"]["state"] == "failed" and statuses["cam-ok"]["state"] == "running"
    finally:
        server.stop()
