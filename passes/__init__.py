"""accllm's xDSL passes: raising from torch, and (later) compression, tiling, mapping."""
