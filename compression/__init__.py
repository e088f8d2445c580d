"""Compression: N:M pruning, group-wise weight quantization, calibration, recovery.

Layer-level algorithms are pure functions on one weight matrix (torch tensors on any device,
inputs never modified), given the calibration Hessian H = 2 X^T X of its input:
- `weight_format`: `WeightQuantSpec` and the engine's `QuantizedWeight` format;
- `quantizer`: per-group grids (with the clip search) and `quantize_rtn`;
- `nm`: exactly-N:M masks from scores;
- `pruning`: `magnitude_mask`, `wanda_mask`, `sparsegpt` (optionally quantizing jointly);
- `gptq`: `gptq`;
- `obs`: the Optimal-Brain-Surgeon column sweep SparseGPT and GPTQ share.

Import from the modules (`from accllm.compression.gptq import gptq`): the package itself
imports nothing, so `accllm.compression.config` loads without torch.
"""
