"""Models arrive with the issue that builds this app; the app is registered from the start."""
