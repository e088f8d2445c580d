"""Vitis HLS C++ emission for the reconfigurable engine: issue 5 (see docs/roadmap.md)."""
