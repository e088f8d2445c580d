"""Vitis HLS C++ emission for the reconfigurable engine (see docs/roadmap.md)."""
