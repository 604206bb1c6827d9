"""Batch runs at city scale: incremental, parallel, crash-safe (local processes or Ray)."""
