"""What to compress and how: the one set of knobs shared by the compressor, the golden
numerics model, the IR attributes and (later) the engine.

Defaults are AccLLM's W2A8KV4 + 2:4 + Λ-attention; `CompressionConfig.fp()` is the
uncompressed baseline. A config is validated on creation and loads from JSON
(`CompressionConfig.from_json`), rejecting unknown keys, so a typo never silently falls back
to a default.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

SPARSITY_METHODS = ("sparsegpt", "wanda", "magnitude")
QUANT_METHODS = ("gptq", "rtn")
KV_KEY_GRANULARITIES = ("per_token", "per_channel")
ROPE_POSITIONS = ("original", "cache")
LM_HEAD_FORMATS = ("fp16", "int8")
INDEX_ENCODINGS = ("pair2", "code3")


class ConfigError(ValueError):
    """An invalid compression configuration (message is one line, user-facing)."""


@dataclass(frozen=True)
class CompressionConfig:
    # N:M semi-structured sparsity of the decoder's linear layers; None keeps them dense.
    sparsity: tuple[int, int] | None = (2, 4)
    sparsity_method: str = "sparsegpt"
    # How the kept positions of each M-group are stored: two 2-bit indices ("pair2", 4 bits per
    # group of 4) or one 3-bit code of the C(4,2) = 6 patterns ("code3").
    index_encoding: str = "pair2"
    # Group-wise asymmetric weight quantization; None keeps float weights.
    weight_bits: int | None = 2
    weight_group: int = 64
    quant_method: str = "gptq"
    # Per-token symmetric activation quantization at every linear input (and the query).
    act_bits: int | None = 8
    # KV cache: asymmetric; values per token and KV head; keys per token and KV head, or
    # ("per_channel", KIVI-style) per channel over blocks of `kv_key_block` tokens, the
    # newest incomplete block kept in float16 until it fills.
    kv_bits: int | None = 4
    kv_keys: str = "per_token"
    kv_key_block: int = 32
    # Λ-attention: `sinks` first tokens plus the last `window` tokens; None = dense causal.
    window: int | None = 252
    sinks: int = 4
    # A model trained with a sliding window no wider than `window` keeps its own (sinks,
    # window) rather than this Λ; false applies `sinks` + `window` to every layer regardless.
    respect_model_window: bool = True
    # RoPE position of a cached key: its position in the text ("original") or its slot in
    # the sink + window cache ("cache", as StreamingLLM does).
    rope_positions: str = "cache"
    lm_head: str = "int8"
    # Recovery fine-tuning (distillation-based QAT) steps after compression; 0 = none.
    recovery_steps: int = 0
    recovery_lr: float = 1e-3
    # Calibration windows per recovery step: 2 x 512 tokens keeps 300 steps within about six
    # minutes on 2 cores (each step back-propagates through T x T attention).
    recovery_batch: int = 2
    calibration_tokens: int = 32768
    calibration_seq_len: int = 512
    seed: int = 0

    def __post_init__(self):
        self.validate()

    @staticmethod
    def fp() -> CompressionConfig:
        """No compression at all: the float baseline."""
        return CompressionConfig(
            sparsity=None, weight_bits=None, act_bits=None, kv_bits=None, window=None,
            lm_head="fp16",
        )

    @property
    def is_uncompressed(self) -> bool:
        """Nothing is compressed: the model keeps float32 everywhere."""
        return (
            self.sparsity is None and self.weight_bits is None and self.act_bits is None
            and self.kv_bits is None and self.window is None and self.lm_head == "fp16"
        )

    def attention_lambda(self, model_window: tuple[int, int] | None) -> tuple[int, int | None]:
        """(sinks, window) compiled for a model whose attention is `model_window` (None:
        causal); window None is dense causal attention."""
        from accllm.passes.apply_compression import lambda_window

        if self.window is None:
            return model_window or (0, None)
        return lambda_window(self.sinks, self.window, model_window, self.respect_model_window)

    def with_(self, **changes) -> CompressionConfig:
        return replace(self, **changes)

    def validate(self) -> None:
        if self.sparsity is not None:
            if len(self.sparsity) != 2:
                raise ConfigError(f"sparsity must be [N, M], got {list(self.sparsity)}")
            n, m = self.sparsity
            if not (isinstance(n, int) and isinstance(m, int) and 0 < n < m <= 16):
                raise ConfigError(f"sparsity pattern must be N:M with 0 < N < M <= 16, got {n}:{m}")
        _choice("sparsity_method", self.sparsity_method, SPARSITY_METHODS)
        _choice("quant_method", self.quant_method, QUANT_METHODS)
        _choice("index_encoding", self.index_encoding, INDEX_ENCODINGS)
        _choice("kv_keys", self.kv_keys, KV_KEY_GRANULARITIES)
        _choice("rope_positions", self.rope_positions, ROPE_POSITIONS)
        _choice("lm_head", self.lm_head, LM_HEAD_FORMATS)
        _bits("weight_bits", self.weight_bits, 1, 8)
        _bits("act_bits", self.act_bits, 2, 16)
        _bits("kv_bits", self.kv_bits, 2, 16)
        if self.weight_group < 1:
            raise ConfigError(f"weight_group must be positive, got {self.weight_group}")
        if self.sparsity is not None and self.weight_group % self.sparsity[1]:
            raise ConfigError(
                f"weight_group ({self.weight_group}) must be a multiple of the sparsity block "
                f"({self.sparsity[1]})"
            )
        if self.index_encoding == "code3" and self.sparsity not in (None, (2, 4)):
            raise ConfigError("index_encoding 'code3' is defined for 2:4 sparsity only")
        if self.window is not None and self.window < 1:
            raise ConfigError(f"window must be >= 1, got {self.window}")
        if self.kv_key_block < 2:
            raise ConfigError(f"kv_key_block must be >= 2, got {self.kv_key_block}")
        if self.kv_keys == "per_channel" and self.window is not None and self.window < self.kv_key_block:
            raise ConfigError(
                f"per-channel keys need window ({self.window}) >= kv_key_block ({self.kv_key_block})"
            )
        if self.sinks < 0:
            raise ConfigError(f"sinks must be >= 0, got {self.sinks}")
        if self.recovery_steps < 0 or self.calibration_tokens < 1 or self.calibration_seq_len < 2:
            raise ConfigError("recovery_steps >= 0, calibration_tokens >= 1 and calibration_seq_len >= 2")
        if not isinstance(self.recovery_batch, int) or self.recovery_batch < 1:
            raise ConfigError(f"recovery_batch must be a positive integer, got {self.recovery_batch!r}")

    def check_model(self, hidden_size: int, intermediate_size: int) -> None:
        """The dimensions every compressed linear reads must split into whole groups."""
        for dim in sorted({hidden_size, intermediate_size}):
            if self.weight_bits is not None and dim % self.weight_group:
                raise ConfigError(
                    f"weight_group {self.weight_group} does not divide the model dimension {dim}"
                )
            if self.sparsity is not None and dim % self.sparsity[1]:
                raise ConfigError(
                    f"sparsity block {self.sparsity[1]} does not divide the model dimension {dim}"
                )

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @staticmethod
    def from_dict(values: dict) -> CompressionConfig:
        known = {f.name for f in fields(CompressionConfig)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"unknown configuration key(s): {', '.join(unknown)}")
        if values.get("sparsity") is not None:
            values = {**values, "sparsity": tuple(values["sparsity"])}
        try:
            return CompressionConfig(**values)
        except TypeError as err:
            raise ConfigError(str(err)) from None

    @staticmethod
    def from_json(path: str | Path) -> CompressionConfig:
        path = Path(path)
        try:
            values = json.loads(path.read_text())
        except OSError as err:
            raise ConfigError(f"{path}: cannot read ({err.strerror})") from None
        except json.JSONDecodeError as err:
            raise ConfigError(f"{path}:{err.lineno}: invalid JSON ({err.msg})") from None
        if not isinstance(values, dict):
            raise ConfigError(f"{path}: expected a JSON object")
        try:
            return CompressionConfig.from_dict(values)
        except ConfigError as err:
            raise ConfigError(f"{path}: {err}") from None


def _choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got '{value}'")


def _bits(name: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not (isinstance(value, int) and low <= value <= high):
        raise ConfigError(f"{name} must be in [{low}, {high}] or null, got {value}")
