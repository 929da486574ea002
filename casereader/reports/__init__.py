"""Central aggregation and reports: pure functions over answer counts, direction of travel, exports."""
