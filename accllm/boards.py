"""FPGA boards as data: what an engine configuration must fit and the HBM it streams from.

Resource counts are the devices' totals from AMD's data sheets (DS963 for UltraScale+
devices, the Alveo U280/U55C/U50 data sheets DS963/DS978/DS965); `usable` removes the part the
Vitis shell (static region, HBM and PCIe IP) occupies, an estimate from the platforms'
published utilization (about 15% of LUTs/FFs/BRAM and a few DSPs on xilinx_u280_gen3x16_xdma).
HBM: pseudo-channels, their peak rate, and `sequential_efficiency`, the fraction of peak a
long sequential read reaches on these parts (Shuhai, FCCM 2020: about 13.3 of 14.4 GB/s per
U280 pseudo-channel, refresh and row switches included).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resources:
    lut: int
    ff: int
    dsp: int
    bram36: int
    uram: int

    def as_dict(self) -> dict[str, int]:
        return {"lut": self.lut, "ff": self.ff, "dsp": self.dsp, "bram36": self.bram36, "uram": self.uram}


@dataclass(frozen=True)
class Board:
    name: str
    part: str
    total: Resources
    usable: Resources
    hbm_channels: int
    hbm_channel_gbps: float  # peak GB/s of one pseudo-channel
    hbm_channel_mib: int
    sequential_efficiency: float
    max_clock_mhz: int  # where large HBM designs close timing
    slrs: int  # super logic regions (dies); HBM attaches to SLR0

    @property
    def hbm_peak_gbps(self) -> float:
        return self.hbm_channels * self.hbm_channel_gbps


def _shelled(total: Resources, logic: float = 0.85, dsp: int = 12) -> Resources:
    return Resources(int(total.lut * logic), int(total.ff * logic), total.dsp - dsp,
                     int(total.bram36 * logic), total.uram)


_U280 = Resources(lut=1_303_680, ff=2_607_360, dsp=9_024, bram36=2_016, uram=960)
_U50 = Resources(lut=872_000, ff=1_743_000, dsp=5_952, bram36=1_344, uram=640)

BOARDS: dict[str, Board] = {
    "u280": Board("u280", "xcu280-fsvh2892-2L-e", _U280, _shelled(_U280), 32, 14.375, 256, 0.923, 300, 3),
    # Same die as the U280 with 16 GB of HBM2 and no DDR.
    "u55c": Board("u55c", "xcu55c-fsvh2892-2L-e", _U280, _shelled(_U280), 32, 14.375, 512, 0.923, 300, 3),
    # A smaller die, and HBM at a lower clock: 316 GB/s in all.
    "u50": Board("u50", "xcu50-fsvh2104-2-e", _U50, _shelled(_U50), 32, 9.875, 256, 0.923, 300, 2),
}


class UnknownBoard(ValueError):
    pass


def board(name: str) -> Board:
    """The board called `name`; a one-line error listing the known boards otherwise."""
    try:
        return BOARDS[name.lower()]
    except KeyError:
        raise UnknownBoard(f"unknown board '{name}' (known: {', '.join(BOARDS)})") from None


def board_or_none(name: str) -> Board | None:
    return BOARDS.get(name.lower())
