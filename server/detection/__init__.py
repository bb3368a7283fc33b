"""On-device detection on selected camera feeds: relay packets → decoder → motion gate → ONNX detector →
tracker → zone events (alerts with snapshots) and live overlays for the walls."""

import os

# onnxruntime (from 1.29, on Linux too) records telemetry events in a SQLite file it keeps growing under
# ~/.cache/Microsoft/DeveloperTools/.onnxruntime and uploads them to Microsoft: a control room on a closed
# network wants neither the upload nor a hidden file filling the home disk (tests/reliability/test_disk_full.py
# found it). It must be set before onnxruntime is first imported, and every detector module is imported after
# this package. An admin who wants the telemetry sets ORT_DISABLE_TELEMETRY=0.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
