"""accllm: compile LLaMA-family models into a compressed, long-context FPGA accelerator.

    import accllm
    design = accllm.compile("path/to/hf-llama")   # or an architecture name, config, nn.Module
    design.write("build/")
    model = accllm.compress("path/to/hf-llama", accllm.CompressionConfig(), "calib.txt")

The API is imported lazily: `accllm-opt` and the dialects load without torch/transformers.
"""

from importlib import import_module

_API = {
    "Design": "accllm.compiler",
    "compile": "accllm.compiler",
    "raise_to_accllm": "accllm.compiler",
    "ImportedModel": "accllm.frontend.importer",
    "import_model": "accllm.frontend.importer",
    "compress": "accllm.compression.compress",
    "CompressionConfig": "accllm.compression.config",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'accllm' has no attribute {name!r}")
