"""accllm: compile LLaMA-family models into a compressed, long-context FPGA accelerator."""
