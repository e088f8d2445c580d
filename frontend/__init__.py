"""Model import: HF checkpoints, configs and nn.Modules -> torch-dialect xDSL IR."""
