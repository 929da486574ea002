"""The centre's tools: the lead inspector's moderation window, the draw dialog and the report dashboard."""
