"""The media relay: one pull per camera stream, remuxed to MPEG-TS, fanned out to every viewer."""
