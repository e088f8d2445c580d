"""The kernel's floorplan: how many slices the linear array is cut into and which SLR holds
each slice (with its weight channels' beat FIFOs); the rest of the engine stays in SLR0,
beside the HBM (docs/hls.md "SLRs").

A slice is a group of weight channels with the lanes they feed (`array_slice<K>` in
include/accllm_array.h): its tile fetch, chunk-word banks, MACs, partial sums and adder
tree. It takes its channels' beats and the activation windows, and sends a float per row
and token back, so the crossings between SLRs are those streams (AutoBridge / TAPA's
floorplanning of one kernel). The plan is made from the resource model
(`cost_model.resources_by_unit`); an SLR's share is the board's total divided by its SLRs
(as `memory_audit.board_capacity`). The project's `floorplan.tcl`
(`project_files.floorplan_tcl`) states it to Vivado; `slr_of` states it to the memory audit;
the cost model takes the row writer's rate from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from accllm.boards import board_or_none
from accllm.dialects import engine
from accllm.passes.cost_model import BufferNeeds, resources_by_unit
from accllm.passes.engine_tiling import weight_channel_ids

RESOURCES = ("bram18k", "uram", "dsp", "lut", "ff")


@dataclass(frozen=True)
class Floorplan:
    slrs: int
    slice_slr: tuple[int, ...]  # SLR of each array slice (cfg::ARRAY_SLICES = its length)
    drain_lanes: int  # row sums a slice sends a cycle (cfg::DRAIN_LANES)
    share: dict[str, int]  # one SLR's share of the board
    used: tuple[dict[str, int], ...]  # the resource model's use per SLR under this plan

    @property
    def slices(self) -> int:
        return len(self.slice_slr)

    def fits(self) -> bool:
        return all(u[k] <= self.share[k] for u in self.used for k in RESOURCES)

    def slr_of(self, port_channels: tuple[int, ...], weight_channels: tuple[int, ...]) -> dict[str, int]:
        """The plan in the memory audit's terms: each slice's instance and the beat FIFO of
        each of its weight channels' read ports (`beats[i]`, i the port index)."""
        per_slice = len(weight_channels) // self.slices
        placed = {f"array_slice<{k}>": slr for k, slr in enumerate(self.slice_slr)}
        for i, channel in enumerate(weight_channels):
            placed[f"beats[{port_channels.index(channel)}]"] = self.slice_slr[i // per_slice]
        return placed

    def as_json(self) -> dict:
        return {"slrs": self.slrs, "slices": self.slices, "slice_slr": list(self.slice_slr),
                "drain_lanes": self.drain_lanes, "share": dict(self.share),
                "model_per_slr": {str(i): dict(u) for i, u in enumerate(self.used)}, "fits": self.fits()}


def plan(needs: BufferNeeds, config: engine.EngineConfig) -> Floorplan:
    """The fewest slices (a divisor of the weight channels) that fit every SLR's share, each
    slice in the lowest SLR with room, SLR0 first; when no cut fits, the cut that overflows
    the shares least, then whose fullest SLR is least full (the audit and the report then
    show the overflow)."""
    channels = len(set(weight_channel_ids(config)))
    hw = board_or_none(config.board)
    if hw is None:  # no board to share out: one slice
        return Floorplan(1, (0,), _drain_lanes(config, channels, 1), {}, ())
    share = {"bram18k": 2 * hw.total.bram36 // hw.slrs, "uram": hw.total.uram // hw.slrs,
             "dsp": hw.total.dsp // hw.slrs, "lut": hw.total.lut // hw.slrs, "ff": hw.total.ff // hw.slrs}
    units = resources_by_unit(needs, config)
    # A slice is whole slots of its channels (lane l from channel l mod C): lanes that are
    # not a multiple of the channels leave the array whole.
    cuts = [s for s in range(1, channels + 1) if channels % s == 0 and s <= 4 * hw.slrs
            and (s == 1 or config.lanes % channels == 0)]
    best = None
    for slices in cuts:
        piece = {k: -(-units["array"][k] // slices) for k in RESOURCES}
        for first_fit in (True, False):
            used = [dict.fromkeys(RESOURCES, 0) for _ in range(hw.slrs)]
            for k in RESOURCES:
                used[0][k] = units["core"][k]
            slice_slr = []
            for _ in range(slices):
                room = [all(used[s][k] + piece[k] <= share[k] for k in RESOURCES) for s in range(hw.slrs)]
                if first_fit and any(room):
                    slr = room.index(True)
                else:  # the SLR whose fullest resource stays least full
                    slr = min(range(hw.slrs), key=lambda s: (max((used[s][k] + piece[k]) / share[k]
                                                                 for k in RESOURCES), s))
                slice_slr.append(slr)
                for k in RESOURCES:
                    used[slr][k] += piece[k]
            overflow = sum(max(0.0, u[k] / share[k] - 1) for u in used for k in RESOURCES)
            fullest = (overflow, max(u[k] / share[k] for u in used for k in RESOURCES))
            candidate = Floorplan(hw.slrs, tuple(slice_slr), _drain_lanes(config, channels, slices), share,
                                  tuple(used))
            if candidate.fits():
                return candidate
            if best is None or fullest < best[0]:
                best = (fullest, candidate)
    return best[1]


def _drain_lanes(config: engine.EngineConfig, channels: int, slices: int) -> int:
    """Rows a slice sends back a cycle: the most SFU lanes that divide both its channels and
    its lanes (a word holds consecutive rows of one slot)."""
    lanes = 1
    while lanes * 2 <= config.sfu_lanes and slice_channels(channels, slices) % (lanes * 2) == 0 and \
            slice_lanes(config.lanes, channels, slices) % (lanes * 2) == 0:
        lanes *= 2
    return lanes


def slice_channels(channels: int, slices: int) -> int:
    return channels // slices


def slice_lanes(lanes: int, channels: int, slices: int) -> int:
    """Lanes of one slice (kSliceLanes): the whole array, or whole slots of its channels."""
    return lanes if slices == 1 else -(-lanes // channels) * slice_channels(channels, slices)
