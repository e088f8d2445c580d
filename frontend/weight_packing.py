"""The packed storage of a compressed linear layer: the bytes the engine streams from HBM.

One `PackedWeight` holds a [out, in] matrix quantized to `bits`-bit unsigned codes in groups
of `group` inputs, optionally N:M sparse. Each output row is stored as:

- `values`: the codes of the kept weights in input order (all weights when dense),
  `bits` bits each;
- `index` (sparse only): where the kept weights sit in their M-slice, in one of two
  encodings:
  - "pair": the in-slice position of every kept weight, ceil(log2 M) bits each (2:4: two
    2-bit indices per slice, 1 bit per weight; the name "pair2" in configurations);
  - "code": one number per slice naming its keep pattern among the C(M, N) patterns in
    lexicographic order, ceil(log2 C(M, N)) bits (2:4: 6 patterns, 3 bits per slice,
    0.75 bit per weight; "code3");
- `scales`: float16 per group; `zeros`: the `bits`-bit integer zero point per group
  (absent when symmetric: the zero point is then the mid code 2^(bits-1)).

Bit fields are packed least-significant bit first into bytes, each row padded to a whole
byte, so a row's fields can be read with shifts and masks in any word width. Pruned weights
are not stored; unpacking gives them the code of their group's zero point, i.e. the value 0.
The packing is exact: `unpack(pack(x)) == x` for every valid input.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

INDEX_ENCODINGS = {"pair2": "pair", "code3": "code"}


def pack_bits(fields: np.ndarray, width: int) -> np.ndarray:
    """[rows, k] unsigned integers < 2^width -> [rows, ceil(k * width / 8)] uint8, LSB first."""
    fields = np.asarray(fields, dtype=np.uint32)
    bits = ((fields[..., None] >> np.arange(width, dtype=np.uint32)) & 1).astype(np.uint8)
    return np.packbits(bits.reshape(fields.shape[0], -1), axis=1, bitorder="little")


def unpack_bits(packed: np.ndarray, count: int, width: int) -> np.ndarray:
    """Inverse of `pack_bits`: the first `count` fields of `width` bits of each row."""
    bits = np.unpackbits(packed, axis=1, count=count * width, bitorder="little")
    weights = (1 << np.arange(width, dtype=np.uint32)).astype(np.uint32)
    return (bits.reshape(packed.shape[0], count, width).astype(np.uint32) * weights).sum(-1)


def row_bytes(count: int, width: int) -> int:
    return (count * width + 7) // 8


def _field_width(choices: int) -> int:
    return max(1, math.ceil(math.log2(choices)))


def keep_patterns(n: int, m: int) -> np.ndarray:
    """bool [C(m, n), m]: the keep patterns of an m-slice in lexicographic order."""
    patterns = np.zeros((math.comb(m, n), m), dtype=bool)
    for row, kept in enumerate(itertools.combinations(range(m), n)):
        patterns[row, list(kept)] = True
    return patterns


@dataclass(frozen=True)
class PackedLayout:
    """Everything needed to interpret the packed arrays, besides the arrays themselves."""

    out_features: int
    in_features: int
    bits: int
    group: int
    symmetric: bool
    nm: tuple[int, int] | None
    index_encoding: str = "pair2"

    @property
    def groups(self) -> int:
        return self.in_features // self.group

    @property
    def kept_per_row(self) -> int:
        return self.in_features if self.nm is None else self.in_features // self.nm[1] * self.nm[0]

    def index_fields(self) -> tuple[int, int]:
        """(fields per row, bits per field) of the index array; (0, 0) when dense."""
        if self.nm is None:
            return 0, 0
        n, m = self.nm
        if INDEX_ENCODINGS[self.index_encoding] == "pair":
            return self.kept_per_row, _field_width(m)
        return self.in_features // m, _field_width(math.comb(m, n))

    def shapes(self) -> dict[str, tuple[tuple[int, int], np.dtype]]:
        """Shape and dtype of each packed array."""
        rows = self.out_features
        count, width = self.index_fields()
        return {
            "values": ((rows, row_bytes(self.kept_per_row, self.bits)), np.dtype(np.uint8)),
            "index": ((rows, row_bytes(count, width)), np.dtype(np.uint8)),
            "scales": ((rows, self.groups), np.dtype(np.float16)),
            "zeros": ((rows, 0 if self.symmetric else row_bytes(self.groups, self.bits)),
                      np.dtype(np.uint8)),
        }

    def to_json(self) -> dict:
        return {
            "shape": [self.out_features, self.in_features], "bits": self.bits,
            "group": self.group, "symmetric": self.symmetric,
            "nm": None if self.nm is None else list(self.nm), "index_encoding": self.index_encoding,
        }

    @staticmethod
    def from_json(data: dict) -> PackedLayout:
        try:
            out_f, in_f = (int(v) for v in data["shape"])
            nm = None if data["nm"] is None else (int(data["nm"][0]), int(data["nm"][1]))
            layout = PackedLayout(out_f, in_f, int(data["bits"]), int(data["group"]),
                                  bool(data["symmetric"]), nm, str(data["index_encoding"]))
        except (KeyError, TypeError, ValueError) as err:
            raise ValueError(f"malformed packed-weight layout {data!r}: {err}") from None
        layout.check()
        return layout

    def check(self) -> None:
        if not 1 <= self.bits <= 8 or self.group < 1 or self.in_features % self.group:
            raise ValueError(f"invalid packed-weight layout {self}")
        if self.index_encoding not in INDEX_ENCODINGS:
            raise ValueError(f"unknown index encoding {self.index_encoding!r}")
        if self.nm is not None:
            n, m = self.nm
            if not 0 < n < m or self.in_features % m:
                raise ValueError(f"invalid N:M sparsity {n}:{m} for {self.in_features} inputs")


@dataclass(frozen=True)
class PackedWeight:
    layout: PackedLayout
    values: np.ndarray
    index: np.ndarray
    scales: np.ndarray
    zeros: np.ndarray

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.values, self.index, self.scales, self.zeros))

    def arrays(self) -> dict[str, np.ndarray]:
        return {"values": self.values, "index": self.index, "scales": self.scales, "zeros": self.zeros}

    def check(self) -> None:
        """Raise ValueError unless every array has the layout's shape and dtype and every
        index field names a valid position or pattern."""
        self.layout.check()
        for name, (shape, dtype) in self.layout.shapes().items():
            array = getattr(self, name)
            if array.shape != shape or array.dtype != dtype:
                raise ValueError(
                    f"packed {name} must be {dtype} {shape}, got {array.dtype} {array.shape}"
                )
        if not (np.isfinite(self.scales).all() and (self.scales > 0).all()):
            raise ValueError("packed scales must be finite and positive")
        if self.layout.nm is not None:
            n, m = self.layout.nm
            count, width = self.layout.index_fields()
            fields = unpack_bits(self.index, count, width)
            limit = m if INDEX_ENCODINGS[self.layout.index_encoding] == "pair" else math.comb(m, n)
            if fields.size and int(fields.max()) >= limit:
                raise ValueError(f"packed index holds a field >= {limit}")
            if INDEX_ENCODINGS[self.layout.index_encoding] == "pair":
                slices = fields.reshape(fields.shape[0], -1, n)
                if (np.diff(slices.astype(np.int64), axis=-1) <= 0).any():
                    raise ValueError("packed index positions must increase within each slice")


def pack(codes: np.ndarray, scales: np.ndarray, zeros: np.ndarray, mask: np.ndarray,
         layout: PackedLayout) -> PackedWeight:
    """Pack codes [out, in] (uint8), scales [out, groups] (float16-exact), zeros [out, groups]
    and a keep mask [out, in] that keeps exactly N of every M inputs (all True when dense)."""
    layout.check()
    out_f, in_f = layout.out_features, layout.in_features
    if codes.shape != (out_f, in_f) or mask.shape != (out_f, in_f):
        raise ValueError(f"codes and mask must be [{out_f}, {in_f}]")
    if layout.nm is None:
        if not mask.all():
            raise ValueError("a dense layout cannot store a pruned weight")
        kept = codes
        index = np.zeros((out_f, 0), dtype=np.uint8)
    else:
        n, m = layout.nm
        slices = mask.reshape(out_f, in_f // m, m)
        if not (slices.sum(-1) == n).all():
            raise ValueError(f"mask does not keep exactly {n} of every {m} inputs")
        kept = codes[mask].reshape(out_f, layout.kept_per_row)
        count, width = layout.index_fields()
        if INDEX_ENCODINGS[layout.index_encoding] == "pair":
            fields = np.nonzero(slices)[2].reshape(out_f, count)
        else:
            pattern_bits = (slices.astype(np.int64) << np.arange(m)).sum(-1)
            lookup = np.zeros(1 << m, dtype=np.int64)
            lookup[(keep_patterns(n, m).astype(np.int64) << np.arange(m)).sum(-1)] = np.arange(math.comb(m, n))
            fields = lookup[pattern_bits]
        index = pack_bits(fields, width)
    packed_zeros = (np.zeros((out_f, 0), dtype=np.uint8) if layout.symmetric
                    else pack_bits(zeros, layout.bits))
    packed = PackedWeight(layout, pack_bits(kept, layout.bits), index,
                          np.asarray(scales, dtype=np.float16), packed_zeros)
    packed.check()
    return packed


def unpack(packed: PackedWeight) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(codes uint8 [out, in], scales float32 [out, groups], zeros uint8 [out, groups],
    mask bool [out, in]); pruned positions hold their group's zero point."""
    packed.check()
    layout = packed.layout
    out_f, in_f = layout.out_features, layout.in_features
    if layout.symmetric:
        zeros = np.full((out_f, layout.groups), 1 << (layout.bits - 1), dtype=np.uint8)
    else:
        zeros = unpack_bits(packed.zeros, layout.groups, layout.bits).astype(np.uint8)
    kept = unpack_bits(packed.values, layout.kept_per_row, layout.bits).astype(np.uint8)
    if layout.nm is None:
        mask = np.ones((out_f, in_f), dtype=bool)
    else:
        n, m = layout.nm
        count, width = layout.index_fields()
        fields = unpack_bits(packed.index, count, width).astype(np.int64)
        if INDEX_ENCODINGS[layout.index_encoding] == "pair":
            slices = np.zeros((out_f, in_f // m, m), dtype=bool)
            np.put_along_axis(slices, fields.reshape(out_f, -1, n), True, axis=-1)
        else:
            slices = keep_patterns(n, m)[fields]
        mask = slices.reshape(out_f, in_f)
    codes = np.repeat(zeros, layout.group, axis=1)
    codes[mask] = kept.reshape(-1)
    return codes, packed.scales.astype(np.float32), zeros, mask
