"""The colony model and its simulation: plain Python, no Qt."""
