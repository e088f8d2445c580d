"""A compressed model: the decoder's structure, its float tensors, the compressed linears
and the configuration that produced them; it builds the golden and fake-quant models and
saves to / loads from a folder (safetensors + JSON)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file

from accllm.compression.config import CompressionConfig
from accllm.compression.fake_quant import FakeQuantDecoder
from accllm.compression.weight_format import QuantizedWeight
from accllm.frontend.decoder_spec import DecoderSpec
from accllm.frontend.golden import CompressedLinear, GoldenModel, build_golden_weights
from accllm.frontend.weight_packing import PackedLayout, PackedWeight


class _Overlay(Mapping):
    """Checkpoint tensors with some replaced (pruned float weights)."""

    def __init__(self, base: Mapping, overrides: Mapping[str, np.ndarray]):
        self.base, self.overrides = base, overrides

    def __getitem__(self, name):
        return self.overrides[name] if name in self.overrides else self.base[name]

    def __iter__(self):
        return iter(set(self.base) | set(self.overrides))

    def __len__(self):
        return len(set(self.base) | set(self.overrides))

    def __contains__(self, name):
        return name in self.overrides or name in self.base


@dataclass
class CompressedModel:
    spec: DecoderSpec
    config: CompressionConfig
    tensors: Mapping[str, np.ndarray]
    weights: dict[str, QuantizedWeight | torch.Tensor]

    def float_tensors(self) -> Mapping[str, np.ndarray]:
        """Checkpoint tensors, with pruned-but-float linears replaced."""
        overrides = {
            name: w.detach().cpu().numpy() for name, w in self.weights.items()
            if isinstance(w, torch.Tensor)
        }
        return _Overlay(self.tensors, overrides)

    def quantized(self) -> dict[str, QuantizedWeight]:
        return {n: w for n, w in self.weights.items() if isinstance(w, QuantizedWeight)}

    def fake_quant_model(self, device: str | torch.device = "cpu") -> FakeQuantDecoder:
        return FakeQuantDecoder(self.spec, self.float_tensors(), self.config, self.quantized()).to(device)

    def golden_model(self) -> GoldenModel:
        biases = {
            lin.weight: lin.bias for layer in self.spec.layers for lin in layer.linears.values()
        }
        tensors = self.float_tensors()
        compressed = {
            name: CompressedLinear.from_packed(
                w, None if biases.get(name) is None else np.asarray(tensors[biases[name]], np.float32)
            )
            for name, w in self.packed().items()
        }
        weights = build_golden_weights(self.spec, tensors, self.config, compressed)
        return GoldenModel(self.spec, weights, self.config)

    def packed(self) -> dict[str, PackedWeight]:
        """Every quantized linear in the engine's packed storage."""
        config = self.config
        return {name: w.pack(config.sparsity, config.index_encoding)
                for name, w in self.quantized().items()}

    def save(self, directory: str | Path) -> None:
        """compressed.safetensors (packed codes, indices, scales and zero points; pruned float
        weights) and compression.json (configuration and each packed layout)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        tensors: dict[str, torch.Tensor] = {}
        layouts = {}
        for name, packed in sorted(self.packed().items()):
            for field, array in packed.arrays().items():
                tensors[f"{name}.{field}"] = torch.from_numpy(np.ascontiguousarray(array))
            layouts[name] = packed.layout.to_json()
        for name, w in sorted(self.weights.items()):
            if isinstance(w, torch.Tensor):
                tensors[f"{name}.float"] = w.detach().cpu().float().contiguous()
        save_file(tensors, str(directory / "compressed.safetensors"))
        meta = {"config": json.loads(self.config.to_json()), "packed": layouts}
        (directory / "compression.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")

    @staticmethod
    def load(directory: str | Path, spec: DecoderSpec, tensors: Mapping[str, np.ndarray]) -> CompressedModel:
        """Read a folder written by `save`; a missing, truncated or inconsistent file raises
        ValueError naming the file and tensor."""
        directory = Path(directory)
        meta_path, data_path = directory / "compression.json", directory / "compressed.safetensors"
        try:
            meta = json.loads(meta_path.read_text())
            config = CompressionConfig.from_dict(meta["config"])
            layouts = {name: PackedLayout.from_json(d) for name, d in meta["packed"].items()}
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise ValueError(f"{meta_path}: {err}") from None
        try:
            stored = load_file(str(data_path))
        except Exception as err:  # safetensors raises its own error types for corrupt files
            raise ValueError(f"{data_path}: cannot read: {err}") from None
        weights: dict[str, QuantizedWeight | torch.Tensor] = {}
        for name, layout in layouts.items():
            try:
                arrays = {f: stored[f"{name}.{f}"].numpy() for f in ("values", "index", "scales", "zeros")}
                weights[name] = QuantizedWeight.from_packed(PackedWeight(layout, **arrays))
            except (KeyError, ValueError) as err:
                raise ValueError(f"{data_path}: {name}: {err}") from None
        for key, value in stored.items():
            if key.endswith(".float"):
                weights[key.removesuffix(".float")] = value
        return CompressedModel(spec, config, tensors, weights)
