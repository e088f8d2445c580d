"""Compression: N:M pruning, group-wise weight quantization, calibration, recovery."""
