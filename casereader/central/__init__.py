"""The central store: every inspection's marks, imported from bundles, for aggregation and reports."""
