"""accllm's xDSL dialects: `accllm` (model level) and the typed subset of `torch`."""
