"""A compressed model with random weights for an architecture without a checkpoint: every
linear in the configuration's format, and a golden model that runs on it."""

from __future__ import annotations

import numpy as np
import pytest

from accllm.compiler import compile as compile_model
from accllm.compression.config import CompressionConfig
from accllm.compression.random_model import random_compressed_model
from accllm.frontend.decoder_spec import DecoderSpec

from conftest import tiny_llama_config


@pytest.fixture(scope="module")
def spec() -> DecoderSpec:
    return DecoderSpec.from_ir(compile_model(tiny_llama_config(hidden_size=64, intermediate_size=128)).accllm_ir)


def test_every_linear_is_random_in_the_configured_format(spec):
    config = CompressionConfig(weight_group=32)
    model = random_compressed_model(spec, config, seed=1)
    names = {lin.weight for layer in spec.layers for lin in layer.linears.values()}
    assert set(model.quantized()) == names
    for weight in model.quantized().values():
        mask = weight.mask.numpy()
        assert (mask.reshape(mask.shape[0], -1, 4).sum(axis=2) == 2).all()  # 2:4
        assert weight.codes.max() <= 3 and weight.spec.group == 32
        assert len(np.unique(weight.codes.numpy())) == 4


def test_seeds_give_different_weights_and_equal_seeds_the_same(spec):
    a, b, c = (random_compressed_model(spec, CompressionConfig(), seed=s).quantized() for s in (1, 1, 2))
    name = next(iter(a))
    assert (a[name].codes == b[name].codes).all() and not (a[name].codes == c[name].codes).all()


def test_golden_model_runs_on_it_with_bounded_logits(spec):
    golden = random_compressed_model(spec, CompressionConfig(), seed=3).golden_model()
    cache = golden.new_cache()
    logits = golden.prefill(np.arange(5), cache)
    step = golden.step(int(np.argmax(logits[-1])), cache)
    assert np.isfinite(logits).all() and np.isfinite(step).all()
    assert 0 < np.abs(step).max() < 100


def test_unquantized_configuration_is_refused(spec):
    with pytest.raises(ValueError, match="weight_bits"):
        random_compressed_model(spec, CompressionConfig(weight_bits=None))
