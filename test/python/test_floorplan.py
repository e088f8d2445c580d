"""The floorplan (passes/floorplan.py): the array cut into slices that each SLR's share
holds, the rest of the engine in SLR0, and how the project states it (floorplan.tcl,
project.json's slr_of for the memory audit)."""

from __future__ import annotations

from accllm.backend_hls.project_files import floorplan_tcl
from accllm.dialects import engine
from accllm.passes import cost_model
from accllm.passes.floorplan import plan

# Llama-2-7B-like widths (what sizes the buffers) and an engine whose array outgrows an SLR.
NEEDS = cost_model.BufferNeeds(act_row_bytes=4 * 46352, max_groups=86, max_chunks=344, max_meta_words=1,
                               max_kept_per_chunk=16, max_width=32000, vocab=32000, heads=32, kv_heads=32,
                               head_dim=128, kv_bits=4, span=512)
LARGE = engine.EngineConfig(lanes=256, kept_per_lane=16, sfu_lanes=64, weight_fifo_kib=8192)


def test_a_small_engine_stays_whole_in_slr0():
    small = cost_model.BufferNeeds(act_row_bytes=4 * 4096, max_groups=16, max_chunks=64, max_meta_words=1,
                                   max_kept_per_chunk=16, max_width=2048, vocab=4096, heads=8, kv_heads=8,
                                   head_dim=64, kv_bits=4, span=128)
    fp = plan(small, engine.EngineConfig(lanes=32, kept_per_lane=16, sfu_lanes=16, weight_fifo_kib=256,
                                         weight_channels=8, kv_channels=8, misc_channel=7))
    assert fp.fits()
    assert (fp.slices, fp.slice_slr) == (1, (0,))


def test_an_array_larger_than_an_slr_is_cut_across_slrs():
    """256 lanes x 16 DSPs is more than one SLR's 3,008 DSPs: the slices spread out, none
    larger than a share, and every slice's DSPs land outside SLR0's engine core."""
    fp = plan(NEEDS, LARGE)
    assert fp.slices >= 2 and 32 % fp.slices == 0
    assert all(used["dsp"] <= fp.share["dsp"] for used in fp.used)
    units = cost_model.resources_by_unit(NEEDS, LARGE)
    assert sum(used["dsp"] for used in fp.used) == units["core"]["dsp"] + units["array"]["dsp"]


def test_a_core_over_its_share_is_reported_not_hidden():
    """The KV ring and activation rows at these widths take more URAM than SLR0's share:
    no cut fits, the plan says so, and the slices leave SLR0 to the core."""
    fp = plan(NEEDS, LARGE)
    assert not fp.fits()
    assert fp.used[0]["uram"] > fp.share["uram"]
    assert fp.as_json()["fits"] is False


def test_drain_lanes_divide_a_slice_s_channels():
    fp = plan(NEEDS, LARGE)
    assert (32 // fp.slices) % fp.drain_lanes == 0 and fp.drain_lanes <= 64


def test_slr_of_and_tcl_place_each_slice_and_its_channels_fifos():
    fp = plan(NEEDS, LARGE)
    ports = tuple(range(32))
    placed = fp.slr_of(ports, ports)
    per = 32 // fp.slices
    for k, slr in enumerate(fp.slice_slr):
        assert placed[f"array_slice<{k}>"] == slr
        assert {placed[f"beats[{i}]"] for i in range(k * per, (k + 1) * per)} == {slr}
    tcl = floorplan_tcl(fp, ports, ports)
    assert f"accllm_place {{*array_slice_*0_U0*}} {fp.slice_slr[0]}" in tcl
    assert "USER_SLR_ASSIGNMENT" in tcl and tcl == floorplan_tcl(fp, ports, ports)
