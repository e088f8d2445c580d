"""`compress`: prune and quantize a decoder layer by layer on calibration activations.

The model runs as a FakeQuantDecoder with the configuration's activation, KV and attention
compression switched on, so each linear is calibrated on the activations the engine will
actually feed it. Layers are processed in order (later layers see the already-compressed
earlier ones) and, inside a layer, sub-layers in the order data flows through them
(q/k/v, o, gate/up, down), re-running the layer after each group. Only one layer's
calibration activations are alive at a time, so peak memory is about one layer plus the
hidden states of the calibration windows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from tqdm import tqdm

from accllm.compression.config import CompressionConfig
from accllm.compression.fake_quant import FakeQuantDecoder, QuantLinear
from accllm.compression.gptq import gptq
from accllm.compression.pruning import magnitude_mask, sparsegpt, wanda_mask
from accllm.compression.quantizer import quantize_rtn
from accllm.compression.weight_format import QuantizedWeight, WeightQuantSpec

# Linears that read the same input share one Hessian; groups run in data-flow order.
SUBLAYER_GROUPS = (("q", "k", "v"), ("o",), ("gate", "up"), ("down",))


@dataclass
class HessianAccumulator:
    """H = 2/n * sum x x^T over calibration rows, plus per-feature squared norms (Wanda)."""

    features: int
    device: torch.device
    hessian: torch.Tensor = field(init=False)
    rows: int = 0

    def __post_init__(self):
        self.hessian = torch.zeros(self.features, self.features, device=self.device)

    def add(self, x: torch.Tensor) -> None:
        x = x.reshape(-1, self.features).float()
        total = self.rows + x.shape[0]
        # In place: no second [features, features] matrix (1/2 GiB at FFN width 11008).
        self.hessian.addmm_(x.T, x, beta=self.rows / total, alpha=2.0 / total)
        self.rows = total

    def input_norms(self) -> torch.Tensor:
        """||X_j||_2 per input feature, from the Hessian's diagonal."""
        return (torch.diagonal(self.hessian) * self.rows / 2).clamp(min=0).sqrt()


def compress_matrix(
    weight: torch.Tensor, stats: HessianAccumulator, config: CompressionConfig
) -> QuantizedWeight | torch.Tensor:
    """One linear's weight -> its compressed form: QuantizedWeight, or a pruned float matrix
    when weights stay in float."""
    spec = None
    if config.weight_bits is not None:
        spec = WeightQuantSpec(bits=config.weight_bits, group=config.weight_group)
    hessian = stats.hessian
    mask = None
    if config.sparsity is not None:
        n, m = config.sparsity
        if config.sparsity_method == "sparsegpt":
            if spec is not None and config.quant_method == "gptq":
                return sparsegpt(weight, hessian, n, m, quant=spec)
            pruned, mask = sparsegpt(weight, hessian, n, m)
            if spec is None:
                return pruned
            weight = pruned
        elif config.sparsity_method == "wanda":
            mask = wanda_mask(weight, stats.input_norms(), n, m)
        else:
            mask = magnitude_mask(weight, n, m)
        if spec is None:
            return torch.where(mask, weight, torch.zeros_like(weight))
    if spec is None:
        return weight
    if config.quant_method == "gptq":
        return gptq(weight, hessian, spec, mask=mask)
    return quantize_rtn(weight, spec, mask=mask)


@torch.no_grad()
def compress_decoder(
    model: FakeQuantDecoder,
    windows: torch.Tensor,
    *,
    batch_size: int = 8,
    progress: bool = True,
    release_layers: bool = False,
) -> dict[str, QuantizedWeight | torch.Tensor]:
    """Compress every decoder linear of `model` in place (its modules become QuantLinears on
    the compressed weights); returns the compressed weights by checkpoint name. With
    `release_layers`, each layer is dropped once compressed (for lazily built models)."""
    config = model.config
    spec = model.spec
    device = model.embedding.device
    hidden = [model.embed(windows[i : i + batch_size].to(device)) for i in range(0, len(windows), batch_size)]
    result: dict[str, QuantizedWeight | torch.Tensor] = {}
    steps = len(spec.layers) * len(SUBLAYER_GROUPS)
    bar = tqdm(total=steps, desc="compress", unit="sublayer", disable=not progress)
    for index, layer_spec in enumerate(spec.layers):
        for group in SUBLAYER_GROUPS:
            features = layer_spec.linears[group[0]].in_features
            stats = HessianAccumulator(features, device)

            def capture(layer: int, name: str, x: torch.Tensor, _stats=stats, _group=group, _index=index):
                if layer == _index and name == _group[0]:
                    _stats.add(x)

            model.capture = capture
            for x in hidden:
                model.run_layers(x, index, index + 1)
            model.capture = None
            for name in group:
                lin = layer_spec.linears[name]
                module = model.layer_module(index)[name]
                compressed = compress_matrix(module.weight.detach(), stats, config)
                result[lin.weight] = compressed
                bias = module.bias.detach() if module.bias is not None else None
                if isinstance(compressed, QuantizedWeight):
                    model.layer_module(index)[name] = QuantLinear(None, bias, compressed)
                else:
                    model.layer_module(index)[name] = QuantLinear(compressed, bias, None)
            bar.update(1)
        hidden = [model.run_layers(x, index, index + 1) for x in hidden]
        if release_layers:
            model.release_layer(index)
    bar.close()
    return result
