"""A local Hugging Face checkpoint directory: config.json, safetensors weights, tokenizer.

Weights are read lazily, one tensor at a time, straight from the safetensors files, so a
checkpoint larger than memory can still be inspected and streamed. Every problem with the
directory (missing or corrupt files, an architecture transformers does not know) becomes a
one-line AccllmError naming the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from safetensors import safe_open
from transformers import AutoConfig, PretrainedConfig

from accllm.diagnostics import AccllmError

CONFIG_FILE = "config.json"
SINGLE_FILE = "model.safetensors"
INDEX_FILE = "model.safetensors.index.json"


class SafetensorsWeights(Mapping[str, np.ndarray]):
    """Read-only `name -> float32 array` view of one or more safetensors files."""

    def __init__(self, files: list[Path], aliases: Mapping[str, str] | None = None):
        self._file_of: dict[str, Path] = {}
        self._shape_of: dict[str, tuple[int, ...]] = {}
        self._aliases = dict(aliases or {})
        for path in files:
            try:
                with safe_open(str(path), framework="numpy") as handle:
                    for name in handle.keys():
                        self._file_of[name] = path
                        self._shape_of[name] = tuple(handle.get_slice(name).get_shape())
            except FileNotFoundError:
                raise AccllmError(f"{path}: error: weight file is missing") from None
            except Exception as err:  # noqa: BLE001 - safetensors raises several types
                raise AccllmError(f"{path}: error: corrupt safetensors file ({err})") from None

    def with_aliases(self, aliases: Mapping[str, str]) -> SafetensorsWeights:
        """A view where each alias (e.g. a tied `lm_head.weight`) reads its target."""
        view = object.__new__(SafetensorsWeights)
        view._file_of, view._shape_of = self._file_of, self._shape_of
        view._aliases = {**self._aliases, **aliases}
        return view

    def _resolve(self, name: str) -> str:
        if name in self._file_of:
            return name
        target = self._aliases.get(name)
        if target is not None and target in self._file_of:
            return target
        raise KeyError(name)

    def shape(self, name: str) -> tuple[int, ...]:
        return self._shape_of[self._resolve(name)]

    def __getitem__(self, name: str) -> np.ndarray:
        stored = self._resolve(name)
        path = self._file_of[stored]
        try:
            with safe_open(str(path), framework="pt") as handle:
                tensor = handle.get_tensor(stored)
        except Exception as err:  # noqa: BLE001
            raise AccllmError(f"{path}: error: cannot read tensor '{stored}' ({err})") from None
        return tensor.float().numpy()

    def __contains__(self, name: object) -> bool:
        try:
            self._resolve(str(name))
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self._file_of)

    def __len__(self) -> int:
        return len(self._file_of)


@dataclass
class Checkpoint:
    path: Path
    config: PretrainedConfig
    weights: SafetensorsWeights
    tokenizer_file: Path | None = field(default=None)


def load_config(path: Path) -> PretrainedConfig:
    config_file = path / CONFIG_FILE
    if not config_file.is_file():
        raise AccllmError(f"{config_file}: error: checkpoint has no {CONFIG_FILE}")
    try:
        raw = json.loads(config_file.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        line = getattr(err, "lineno", 0)
        raise AccllmError(f"{config_file}:{line}: error: invalid JSON ({err})") from None
    if not isinstance(raw, dict) or "model_type" not in raw:
        raise AccllmError(f"{config_file}: error: no 'model_type' entry")
    try:
        config = AutoConfig.from_pretrained(str(path), local_files_only=True)
    except (ValueError, KeyError) as err:
        reason = str(err).strip().splitlines()[0]
        raise AccllmError(
            f"{config_file}: error: unsupported architecture '{raw['model_type']}' ({reason})"
        ) from None
    _refuse_experts(config, config_file)
    _refuse_dynamic_rope(config, config_file)
    return config


def _rope_types(config: PretrainedConfig) -> set[str]:
    """The RoPE variants a config declares (rope_parameters, or one dict per layer type)."""
    found = set()
    for params in (getattr(config, "rope_parameters", None), getattr(config, "rope_scaling", None)):
        for entry in [params, *(params.values() if isinstance(params, dict) else ())]:
            if isinstance(entry, dict) and isinstance(entry.get("rope_type", entry.get("type")), str):
                found.add(entry.get("rope_type", entry.get("type")))
    return found


def _refuse_dynamic_rope(config: PretrainedConfig, config_file: Path) -> None:
    """Dynamic-NTK RoPE recomputes its frequencies from the sequence length at run time: the
    engine's RoPE tables are fixed at compile time (and torch.export cannot trace it)."""
    if "dynamic" in _rope_types(config):
        raise AccllmError(f"{config_file}: error: dynamic-NTK RoPE (rope_type 'dynamic': its frequencies change "
                          "with the sequence length) is not supported: accllm's RoPE tables are fixed at compile time")


# Where transformers' configs count a mixture-of-experts layer's routed experts.
_EXPERT_COUNTS = ("num_local_experts", "num_experts", "n_routed_experts", "moe_num_experts")


def _refuse_experts(config: PretrainedConfig, config_file: Path) -> None:
    """A decoder whose MLPs route each token to some of several experts is not a dense
    LLaMA-family decoder: refuse it by that structure, before any weight is read."""
    experts = max((n for n in (getattr(config, key, None) for key in _EXPERT_COUNTS) if isinstance(n, int)),
                  default=0)
    per_token = getattr(config, "num_experts_per_tok", None)
    if experts > 1 or (isinstance(per_token, int) and per_token > 0):
        routed = f"{experts} experts, {per_token} per token" if experts > 1 else f"{per_token} experts per token"
        raise AccllmError(f"{config_file}: error: mixture-of-experts MLPs ({routed}) are not supported: "
                          "accllm compiles dense LLaMA-family decoders")


def _weight_files(path: Path) -> list[Path]:
    index = path / INDEX_FILE
    if index.is_file():
        try:
            weight_map = json.loads(index.read_text())["weight_map"]
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise AccllmError(f"{index}: error: invalid safetensors index ({err})") from None
        return [path / name for name in sorted(set(weight_map.values()))]
    single = path / SINGLE_FILE
    if single.is_file():
        return [single]
    raise AccllmError(f"{path}: error: no {SINGLE_FILE} or {INDEX_FILE} in checkpoint")


def open_checkpoint(path: str | Path) -> Checkpoint:
    path = Path(path)
    if not path.is_dir():
        raise AccllmError(f"{path}: error: checkpoint directory does not exist")
    config = load_config(path)
    weights = SafetensorsWeights(_weight_files(path))
    tokenizer = path / "tokenizer.json"
    return Checkpoint(path, config, weights, tokenizer if tokenizer.is_file() else None)
