"""Device memory primitives: how many RAMB18E2s, URAM288s or LUTs one memory bank of
depth x width bits takes. The backend's audit of the emitted sources and the cost model's
resource estimate both count blocks here, so they agree on what a buffer costs."""

from __future__ import annotations

import math

# UG573 (UltraScale Architecture Memory Resources), Block RAM: a RAMB18E2 is 16K x 1, 8K x 2,
# 4K x 4, 2K x 9, 1K x 18, or 512 x 36 in simple dual-port mode (true dual port: at most x18).
BRAM18_SHAPES = ((16384, 1), (8192, 2), (4096, 4), (2048, 9), (1024, 18), (512, 36))
BRAM18_TRUE_DUAL_WIDTH = 18
# UG573, UltraRAM: a URAM288 is 4K x 72; deeper memories cascade, wider ones sit side by side.
URAM_DEPTH, URAM_WIDTH = 4096, 72
# UG574 (UltraScale CLB): a SLICEM LUT6 is a 64 x 1 RAM (RAM64X1S) or a 32-bit shift
# register (SRLC32E).
LUTRAM_DEPTH, SRL_DEPTH = 64, 32
# UG1399 config_storage defaults for FIFOs (auto_srl_max_bits, auto_srl_max_depth); the
# same bit bound is used for arrays (UG1399 documents no threshold for them).
SMALL_BITS, SRL_MAX_DEPTH = 1024, 2


def bram18k_blocks(width: int, depth: int, true_dual: bool) -> tuple[int, str]:
    """The fewest RAMB18E2s of one shape that hold `depth` x `width` (UG573)."""
    best = None
    for shape_depth, shape_width in BRAM18_SHAPES:
        if true_dual and shape_width > BRAM18_TRUE_DUAL_WIDTH:
            continue
        count = math.ceil(width / shape_width) * math.ceil(depth / shape_depth)
        label = f"{shape_depth // 1024}Kx{shape_width}" if shape_depth >= 1024 else f"{shape_depth}x{shape_width}"
        if best is None or count < best[0]:
            best = (count, label)
    return best


def place_bank(width: int, depth: int, impl: str, fifo: bool, true_dual: bool) -> tuple[str, str, dict[str, int]]:
    """(storage, shape, resources) of one memory bank of `depth` x `width` bits: a register
    for one element; the bound `impl` (UG1399 BIND_STORAGE), else LUTRAM / SRL up to
    SMALL_BITS (FIFOs also up to SRL_MAX_DEPTH deep; UG1399 config_storage) and BRAM18K
    above; URAM288 per UG573 UltraRAM, BRAM18K per UG573 Block RAM, LUTs per UG574."""
    bits = width * depth
    if depth == 1:
        return "ff", "register", {"ff": bits}
    if impl in ("auto", "memory"):
        small = bits <= SMALL_BITS or (fifo and depth <= SRL_MAX_DEPTH)
        impl = ("srl" if fifo else "lutram") if small else "bram"
    if impl.startswith("uram"):
        count = math.ceil(width / URAM_WIDTH) * math.ceil(depth / URAM_DEPTH)
        return "uram", "URAM288 4Kx72", {"uram": count}
    if impl == "lutram":
        return "lutram", "RAM64X1S", {"lutram": width * math.ceil(depth / LUTRAM_DEPTH)}
    if impl == "srl":
        return "srl", "SRLC32E", {"lutram": width * math.ceil(depth / SRL_DEPTH)}
    count, shape = bram18k_blocks(width, depth, true_dual)
    return "bram", f"BRAM18K {shape}", {"bram18k": count}
