"""Printouts: pure renderers (data in, PDF bytes out) on the GB/T 9704 page template."""
