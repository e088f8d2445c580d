"""Recovery fine-tuning: distil the uncompressed model into the compressed one.

The student is the compressed FakeQuantDecoder: its linears' latent weights train through a
straight-through rounding onto their fixed grids, so the 2:4 masks, scales and zero points
never change and the result exports back to codes of the same format. The loss is the KL
divergence from the FP teacher's next-token distribution on calibration windows, so no labels
and no text beyond the calibration set are needed.
"""

from __future__ import annotations

import math

import torch
from tqdm import tqdm

from accllm.compression.compressed_model import CompressedModel
from accllm.compression.config import CompressionConfig
from accllm.compression.fake_quant import FakeQuantDecoder, QuantLinear

def kl_to_teacher(teacher: torch.nn.Module, student: torch.nn.Module, ids: torch.Tensor) -> torch.Tensor:
    """Mean over tokens of KL(teacher || student) of the next-token distributions."""
    with torch.no_grad():
        target = torch.log_softmax(teacher(ids).float(), dim=-1)
    logp = torch.log_softmax(student(ids).float(), dim=-1)
    return torch.nn.functional.kl_div(logp, target, log_target=True, reduction="none").sum(-1).mean()


def recover(
    model: CompressedModel,
    windows: torch.Tensor,
    *,
    steps: int | None = None,
    lr: float | None = None,
    device: str | torch.device = "cpu",
    progress: bool = True,
) -> CompressedModel:
    config = model.config
    steps = config.recovery_steps if steps is None else steps
    lr = config.recovery_lr if lr is None else lr
    generator = torch.Generator().manual_seed(config.seed)
    teacher = FakeQuantDecoder(model.spec, model.tensors, CompressionConfig.fp()).to(device).eval()
    student = model.fake_quant_model(device).train()
    # Only quantized linears train: their grid and mask are fixed by construction (a pruned
    # float weight would lose its zeros).
    for p in student.parameters():
        p.requires_grad_(False)
    params = [m.make_trainable() for m in student.modules() if isinstance(m, QuantLinear) and m.spec is not None]
    if not params:
        return model
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    warmup = max(1, steps // 20)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, steps - warmup)))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    bar = tqdm(range(steps), desc="recover", unit="step", disable=not progress)
    for _ in bar:
        pick = torch.randint(0, len(windows), (min(config.recovery_batch, len(windows)),), generator=generator)
        ids = windows[pick].to(device)
        loss = kl_to_teacher(teacher, student, ids)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        scheduler.step()
        bar.set_postfix(kl=f"{loss.item():.4f}")
    weights = dict(model.weights)
    weights.update({n: w for n, w in student.quantized_weights().items() if n in model.quantized()})
    return CompressedModel(model.spec, config, model.tensors, weights)
