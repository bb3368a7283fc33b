"""What the client knows, without Qt: built from the snapshot, kept current by deltas, observable."""
