"""The Qt side: windows and tile widgets. Widgets read the model and listen to its events."""
