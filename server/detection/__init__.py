"""On-device detection on selected camera feeds: relay packets → decoder → motion gate → ONNX detector →
tracker → zone events (alerts with snapshots) and live overlays for the walls."""
