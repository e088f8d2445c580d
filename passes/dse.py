"""Design-space exploration: the engine configuration with the fastest decode that fits a
board's budget.

The space is the engine's parallelism (lanes x kept weights per lane, attention and SFU
float lanes), its weight FIFO depth and the tokens one call holds on chip (`max_tokens`, at
most the base configuration's: the activation buffer grows with it); the clock is the
board's closure target. Every candidate's resources come from the cost model and must stay
within `budget_fraction` of every usable resource, and its floorplan (passes/floorplan.py)
within every SLR's share (when some candidate's is; otherwise the best of the rest, whose
overflow the audit and the report show). Candidates are ranked first by a cheap
bound (HBM bytes over the sustained bandwidth, or the EX queue's busy cycles, whichever is
larger), and the best `replays` are replayed in full; ties go to the smaller design (DSPs,
then LUTs), then to the longer call (prefill reuses each weight tile over more tokens).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from xdsl.dialects.builtin import ModuleOp

from accllm.boards import board
from accllm.dialects import engine
from accllm.passes import cost_model
from accllm.passes.floorplan import plan

LANES = (128, 192, 256, 320, 384, 512)
KEPT_PER_LANE = (8, 16, 32)
ATT_LANES = (8, 16, 32, 64, 128)
SFU_LANES = (16, 32, 64, 128)
FIFO_KIB = (2048, 4096, 8192)
MAX_TOKENS = (16, 32, 64)
TIE = 0.99


@dataclass
class Candidate:
    config: engine.EngineConfig
    resources: dict[str, int]
    bound_cycles: float
    decode: dict | None = None

    @property
    def tokens_per_s(self) -> float:
        return self.decode["tokens_per_s"] if self.decode else 0.0


class NoFeasibleDesign(ValueError):
    pass


def call_shape(base: engine.EngineConfig, tokens: int) -> dict[str, int]:
    """The settings that follow `max_tokens`: the prefill token block (at most a call) and
    the KV ring, which holds the Λ span plus one call (base's ring less base's call)."""
    return {"max_tokens": tokens, "mm_token_block": min(base.mm_token_block, tokens),
            "kv_slots": max(tokens, base.kv_slots - base.max_tokens + tokens)}


def _fits(resources: dict[str, int], budget: dict[str, int], fraction: float) -> bool:
    return all(resources[k] <= fraction * budget[k] for k in resources)


def explore(module: ModuleOp, base: engine.EngineConfig, context: int, *,
            budget_fraction: float = 0.8, replays: int = 6) -> tuple[Candidate, list[Candidate]]:
    """(best, all feasible candidates ranked) for decode at `context`."""
    hw = board(base.board)
    budget = hw.usable.as_dict()
    clock = min(base.clock_mhz, hw.max_clock_mhz)
    needs = cost_model.BufferNeeds.of(module)
    summary = cost_model.DecodeSummary.of(module)
    feasible: list[Candidate] = []
    unplaced: list[Candidate] = []
    calls = [t for t in MAX_TOKENS if t < base.max_tokens] + [base.max_tokens]
    for lanes, kept, att, sfu, fifo, tokens in itertools.product(LANES, KEPT_PER_LANE, ATT_LANES, SFU_LANES,
                                                                 FIFO_KIB, calls):
        config = base.with_(clock_mhz=clock, lanes=lanes, kept_per_lane=kept, att_lanes=att,
                            sfu_lanes=sfu, weight_fifo_kib=fifo, **call_shape(base, tokens))
        res = cost_model.resources(needs, config)
        if not _fits(res, budget, budget_fraction):
            continue
        candidate = Candidate(config, res, cost_model.decode_bound(summary, config, context))
        (feasible if plan(needs, config).fits() else unplaced).append(candidate)
    # A design no floorplan places within every SLR's share only when no design is placed.
    feasible = feasible or unplaced
    if not feasible:
        raise NoFeasibleDesign(
            f"no engine configuration fits {budget_fraction:.0%} of the {hw.name} budget for this model"
        )
    feasible.sort(key=lambda c: (c.bound_cycles, c.resources["dsp"], c.resources["lut"], -c.config.max_tokens))
    for candidate in feasible[:replays]:
        candidate.decode = cost_model.decode_point(module, candidate.config, context)
    replayed = feasible[:replays]
    fastest = max(c.tokens_per_s for c in replayed)
    # Within 1% of the fastest is a tie: take the smallest design.
    replayed.sort(key=lambda c: (c.tokens_per_s < TIE * fastest, c.resources["dsp"], c.resources["lut"],
                                 -c.config.max_tokens, -c.tokens_per_s))
    return replayed[0], replayed + feasible[replays:]


def utilization_summary(candidate: Candidate, budget: dict[str, int]) -> str:
    return ", ".join(f"{k} {candidate.resources[k] / budget[k]:.0%}" for k in candidate.resources)
