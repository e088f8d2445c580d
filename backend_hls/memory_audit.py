"""The on-chip memory and DSP audit of an emitted Vitis HLS kernel.

The cost model (passes/cost_model.py `declared_resources`) predicts BRAM, URAM and DSPs from the
engine configuration, and csynth, which would report what the kernel really uses, cannot
run on the development machines. This audit sits between the two: it counts what the
emitted C++ declares, from the sources and their HLS directives only, so that a kernel
which outgrows the board, or disagrees with the model, shows up before synthesis.

It reads the kernel sources of a project (src/*.cpp, src/*.h, include/*.h; include/sim/
holds simulation-only headers and is not read) as text, with the declarations, type names
and constant expressions of cpp_text.py (conditionals and `ceil_pow2` included), without
`#ifndef __SYNTHESIS__` branches. Sizes are evaluated from the constexpr constants (the
configuration's `C::NAME` as the build's `Config::NAME`, cpp_text.config_view); a template
function called with different value arguments is one copy per argument list (its defaults
where a call leaves them out). Only functions reachable
from the top function (the one with INTERFACE directives) count. A declaration counts once
per instance: a struct's members once per variable of that struct, a function's local
arrays once per function definition (an approximation for functions inlined at several
call sites, which get a copy per site).

Mapping (docs/hls.md "On-chip memory audit" gives the sources): a partitioned array becomes
banks, each mapped on its own (complete partition: registers); a reshape widens the word.
BIND_STORAGE impl=uram gives URAM288s (4K x 72, cascaded in depth, side by side in width),
impl=bram the cheapest single BRAM18K shape, impl=lutram / impl=srl LUTs. Without a
binding, a memory of at most 1024 bits goes to LUTRAM and a larger one to BRAM18K; a FIFO
at most 2 deep or of at most 1024 bits goes to SRLs, a larger one to BRAM18K; a local
array of fewer than 4 elements to registers. DSPs: per pipelined loop (or pipelined
function), the integer multiplies of one iteration times the loop's UNROLL factor; a
multiply by a compile-time constant and floating-point arithmetic are not counted.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from accllm.boards import board as board_by_name
from accllm.memory_blocks import place_bank
from accllm.diagnostics import AccllmError

from .cpp_text import (AP_TYPES, BUILTIN_WORDS, FLOAT_TYPES, KEYWORDS, LABEL, LOOP, QUALIFIED, SCALAR_BITS,
                       SPECIFIERS, WORD, Decl, Source, aliases, blank, config_view, declaration, eval_int, functions,
                       is_compile_time, kernel_files, leading_template, match_angle, match_close, match_open,
                       parameters, skip_space, split_top, statement_start, strip_comments_and_literals,
                       synthesis_view, type_name, without_directives)

RESOURCES = ("bram18k", "uram", "lutram", "ff", "dsp")

# UG1399 config_array_partition -complete_threshold: smaller local arrays become registers.
_COMPLETE_THRESHOLD = 4
# UG1399 HLS Stream Library: an internal hls::stream<T> is a FIFO of depth 2.
_STREAM_DEPTH = 2
_MEMORY_DIRECTIVES = {"ARRAY_PARTITION", "ARRAY_RESHAPE", "BIND_STORAGE", "STREAM"}
_IDENTIFIER_OPTIONS = {"variable", "type", "impl", "port", "mode", "bundle", "offset"}

_PRAGMA = re.compile(r"\bACCLLM_HLS\s*\(|#\s*pragma\s+(?=HLS\b)")
_OPTION = re.compile(r"([A-Za-z_]\w*)\s*=\s*")
_STRUCT = re.compile(r"\b(struct|class|union)\s+([A-Za-z_]\w*)\s*(?:final\b\s*)?"
                     r"(?::\s*(?:public\s+)?([A-Za-z_]\w*)[^;{}()]*)?\{")
_ENUM = re.compile(r"\benum\s+(?:class\s+|struct\s+)?([A-Za-z_]\w*)\s*(?::\s*([^{;]+?))?\s*\{")
_FLOAT_LITERAL = re.compile(
    r"(?:\d*\.\d*(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)[fFlL]?|\d+[fF]|0[xX][\w.]*[pP][-+]?\d+[fFlL]?")
_OPERATOR = re.compile(r"<<=|>>=|<=|>=|==|!=|&&|\|\||<<|>>|[-+*/%&|^<>?:=]")
_COMPARISONS = {"<", ">", "<=", ">=", "==", "!=", "&&", "||"}
_OPERAND = re.compile(r"[\w.]+(?:\s*::\s*\w+)*")
_ACCESS = re.compile(r"(?:\.|->|::)\s*[A-Za-z_]\w*")
_MEMBERS = re.compile(r"(?:\.|->)\s*([A-Za-z_]\w*)")
# A name passed as an argument: a function handed to hls::task or a dataflow helper.
_PASSED = re.compile(r"[(,]\s*&?\s*(?:[A-Za-z_]\w*\s*::\s*)*([A-Za-z_]\w*)\s*(?=[,)])")
_IMPLS = {"auto", "memory", "bram", "bram_ecc", "uram", "uram_ecc", "lutram", "srl"}


# ---------------------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemoryRow:
    """One on-chip array or stream (or array of streams) and what it maps to."""
    name: str         # the variable, with its struct path: state.act
    unit: str         # the function that instantiates it; '(namespace)' at namespace scope
    kind: str         # array | stream
    element: str      # C++ element type
    width: int        # bits per element
    dims: tuple[int, ...]
    depth: int        # elements of the array, or the depth of one FIFO
    directives: str   # the partition / reshape / binding / stream depth applied
    banks: int        # memories it becomes: partition banks, or the FIFOs of an array of streams
    bank_depth: int
    bank_width: int
    storage: str      # bram | uram | lutram | srl | ff
    shape: str        # the primitive's shape, e.g. BRAM18K 1Kx18
    bram18k: int
    uram: int
    lutram: int       # LUTs used as distributed RAM or shift registers
    ff: int
    slr: int
    where: str        # file:line of the declaration
    instance: str = ""  # the template instance it belongs to (array_slice<1>), "" outside any


@dataclass(frozen=True)
class DspRow:
    """The DSPs of one pipelined loop (or pipelined function)."""
    unit: str
    where: str
    multiplies: int   # integer multiplies per iteration, called functions included
    unroll: int
    dsp: int
    slr: int
    instance: str = ""


@dataclass(frozen=True)
class _Copy:
    """One hardware copy of a function: a template instance (its value parameters fixed) and
    every function it calls, down to the next template instance."""
    f: _Block
    values: tuple[tuple[str, int], ...]
    label: str  # the template instance it is part of ("" outside any)
    slr: int


@dataclass(frozen=True)
class Audit:
    rows: list[MemoryRow]
    dsp: list[DspRow]
    totals: dict[str, int]
    per_slr: dict[int, dict[str, int]]
    findings: list[str]

    def as_json(self) -> dict:
        """A deterministic, JSON-serializable dict."""
        return {
            "rows": [{**asdict(r), "dims": list(r.dims)} for r in self.rows],
            "dsp": [asdict(d) for d in self.dsp],
            "totals": dict(self.totals),
            "per_slr": {str(slr): dict(used) for slr, used in sorted(self.per_slr.items())},
            "findings": list(self.findings),
        }


# ---------------------------------------------------------------------------------------
# Sources and their HLS directives
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Pragma:
    source: Source
    at: int
    kind: str                 # ARRAY_PARTITION, STREAM, ... (upper case)
    options: dict[str, str]   # lower-case keys: variable, type, factor, dim, impl, depth, ...
    flags: frozenset[str]     # bare words: complete, off, ...

    @property
    def off(self) -> bool:
        return "off" in self.flags or self.options.get("off", "").lower() == "true"


@dataclass
class _Block:
    """A function or struct definition: its name, body braces and template parameters."""
    kind: str  # function | struct
    name: str
    source: Source
    open: int
    close: int
    template: list[tuple[str, bool, str | None]]  # (name, value parameter?, default)
    head: str = ""
    params: str = ""  # a function's parameter list
    union: bool = False
    base: str | None = None  # a struct's first base
    decls: list[Decl] = field(default_factory=list)

    def contains(self, source: Source, at: int) -> bool:
        return source is self.source and self.open < at < self.close


def _error(source: str, line: int, message: str) -> AccllmError:
    return AccllmError(f"{source}:{line}: error: memory audit: {message}")


def _check_balanced(name: str, code: str) -> None:
    """Raise a one-line error at the first unbalanced bracket."""
    stack: list[tuple[str, int]] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for k, ch in enumerate(code):
        if ch in "([{":
            stack.append((ch, k))
        elif ch in pairs:
            if not stack or stack[-1][0] != pairs[ch]:
                raise _error(name, code.count("\n", 0, k) + 1, f"unbalanced '{ch}'")
            stack.pop()
    if stack:
        raise _error(name, code.count("\n", 0, stack[-1][1]) + 1, f"unclosed '{stack[-1][0]}'")


def _read_source(name: str, text: str) -> tuple[Source, list[tuple[int, str]]]:
    """The blanked source and its HLS directives as (offset, text after 'HLS')."""
    code = without_directives(synthesis_view(config_view(strip_comments_and_literals(text))))
    _check_balanced(name, code)
    directives: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for m in _PRAGMA.finditer(code):
        if code[m.end() - 1] == "(":
            close = match_close(code, m.end() - 1)
            text = code[m.end():close]
            end = close + 1
        else:
            end = code.find("\n", m.end())
            end = len(code) if end < 0 else end
            text = code[m.end():end]
        head = re.match(r"\s*HLS\s+", text)
        if head:
            directives.append((m.start(), text[head.end():]))
            spans.append((m.start(), end))
    for start, end in spans:
        code = code[:start] + blank(code, start, end) + code[end:]
    return Source.of(name, code), directives


def _pragma(source: Source, at: int, text: str) -> _Pragma:
    """An HLS directive: its kind, `key = value` options and bare flags."""
    kind, _, rest = " ".join(text.split()).partition(" ")
    keys = list(_OPTION.finditer(rest))
    flags = rest[:keys[0].start() if keys else len(rest)].split()
    options: dict[str, str] = {}
    for i, m in enumerate(keys):
        value = rest[m.end():keys[i + 1].start() if i + 1 < len(keys) else len(rest)].strip()
        if m.group(1).lower() in _IDENTIFIER_OPTIONS and " " in value:
            value, *extra = value.split()
            flags += extra
        options[m.group(1).lower()] = value
    return _Pragma(source, at, kind.upper(), options, frozenset(f.lower() for f in flags))


# ---------------------------------------------------------------------------------------
# Compile-time integers
# ---------------------------------------------------------------------------------------

class _Scope:
    """Compile-time integer names: fixed values (template arguments), constexpr definitions,
    then the enclosing scope's."""

    def __init__(self, definitions: Mapping[str, str | None], parent: _Scope | None = None,
                 fixed: Mapping[str, int] | None = None):
        self._definitions = definitions
        self._parent = parent
        self._fixed = dict(fixed or {})
        self._values: dict[str, int | None] = {}
        self._busy: set[str] = set()

    def value(self, name: str) -> int | None:
        if name in self._fixed:
            return self._fixed[name]
        if name in self._definitions:
            if name not in self._values:
                expr = self._definitions[name]
                if name in self._busy or expr is None:
                    return None
                self._busy.add(name)
                self._values[name] = self.evaluate(expr)
                self._busy.discard(name)
            return self._values[name]
        return self._parent.value(name) if self._parent else None

    def evaluate(self, expr: str) -> int | None:
        return eval_int(expr, self.value)


def _integer_definitions(decls: list[Decl]) -> dict[str, str]:
    """name -> initializer of the const/constexpr integer scalars among `decls`."""
    return {d.name: d.init for d in decls
            if d.init and not d.dims and not d.indirect and {"const", "constexpr"} & d.specifiers
            and type_name(d.type)[0] not in FLOAT_TYPES}


# ---------------------------------------------------------------------------------------
# The kernel as parsed
# ---------------------------------------------------------------------------------------

class _Kernel:
    """Every source's functions, structs, declarations, directives and constants."""

    def __init__(self, root: Path):
        files = kernel_files(root)
        if not any(name.endswith(".cpp") for name in files):
            raise AccllmError(f"{root}: error: not an HLS project (no src/*.cpp)")
        self.findings: list[str] = []
        self.pragmas: list[_Pragma] = []
        self.functions: list[_Block] = []
        self.structs: dict[str, _Block] = {}
        self.enums: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        self.namespace: list[Decl] = []
        for name, text in files.items():
            source, directives = _read_source(name, text)
            self.pragmas += [_pragma(source, at, text) for at, text in directives]
            self._parse(source)
        self.by_name: dict[str, list[_Block]] = {}
        for f in self.functions:
            self.by_name.setdefault(f.name, []).append(f)
        definitions: dict[str, str | None] = {}
        for decl in self.namespace + [d for _, d in self.static_members()]:
            for name, expr in _integer_definitions([decl]).items():
                if definitions.get(name, expr) != expr:
                    self.findings.append(f"{decl.where}: constant '{name}' is defined twice, differently")
                    expr = None
                definitions[name] = expr
        self.constants = _Scope(definitions)

    def static_members(self) -> list[tuple[_Block, Decl]]:
        """Every struct's static members but those a derived struct declares again (the
        generated Config's values hide engine_config's defaults)."""
        hidden = {(s.base, d.name) for s in self.structs.values() if s.base for d in s.decls if "static" in d.specifiers}
        return [(s, d) for s in self.structs.values() for d in s.decls
                if "static" in d.specifiers and (s.name, d.name) not in hidden]

    def _parse(self, source: Source) -> None:
        code = source.code
        blocks: list[_Block] = []
        for f in functions(code):
            head = code[statement_start(code, f.body_open):f.body_open]
            head = head[LABEL.match(head).end():]
            template, _ = leading_template(head)
            blocks.append(_Block("function", f.name, source, f.body_open, f.body_close, template, head, f.params))
        for m in _STRUCT.finditer(code):
            if re.search(r"\benum\s*$", code[max(0, m.start() - 16):m.start()]):
                continue
            template, _ = leading_template(code[statement_start(code, m.start()):m.start()])
            close = match_close(code, m.end() - 1)
            struct = _Block("struct", m.group(2), source, m.end() - 1, close, template, union=m.group(1) == "union",
                            base=m.group(3))
            self.structs.setdefault(struct.name, struct)
            blocks.append(struct)
        for m in _ENUM.finditer(code):
            self.enums[m.group(1)] = (m.group(2) or "int").strip()
        self.aliases.update(aliases(code))
        self.functions += [b for b in blocks if b.kind == "function"]
        starts = [0] + [k + 1 for k, ch in enumerate(code) if ch in ";{}"]
        for at in starts:
            for decl in declaration(source, at):
                owners = [b for b in blocks if b.open < decl.at < b.close]
                owner = max(owners, key=lambda b: b.open) if owners else None
                (owner.decls if owner else self.namespace).append(decl)

    def resolve(self, type_text: str) -> tuple[str, list[str]]:
        """The type's name and template arguments, aliases followed."""
        name, args = type_name(type_text)
        seen = set()
        while not args and name in self.aliases and name not in seen:
            seen.add(name)
            name, args = type_name(self.aliases[name])
        return name, args

    def width(self, type_text: str, scope: _Scope, depth: int = 0) -> int | None:
        """Bits of one value of the type: scalars, ap_[u]int / ap_[u]fixed, enums, and structs
        as the sum of their members (a union as the widest)."""
        name, args = self.resolve(type_text)
        if name in SCALAR_BITS:
            return SCALAR_BITS[name]
        if name in AP_TYPES and args:
            return scope.evaluate(args[0])
        if name in self.enums:
            return self.width(self.enums[name], scope, depth + 1)
        struct = self.structs.get(name)
        if struct is None or depth > 16:
            return None
        inner = self.struct_scope(struct, args, scope)
        widths = []
        for member in struct.decls:
            if "static" in member.specifiers:
                continue
            w = None if member.indirect else self.width(member.type, inner, depth + 1)
            count = math.prod(inner.evaluate(d) or 0 for d in member.dims) if member.dims else 1
            if w is None or count == 0:
                return None
            widths.append(w * count)
        return max(widths, default=0) if struct.union else sum(widths)

    def struct_scope(self, struct: _Block, args: list[str], scope: _Scope) -> _Scope:
        """The scope of a (template) struct's members for the template arguments `args`."""
        fixed = {}
        for i, (name, value_param, default) in enumerate(struct.template):
            v = scope.evaluate(args[i]) if i < len(args) else (self.constants.evaluate(default) if default else None)
            if value_param and v is not None:
                fixed[name] = v
        return _Scope(_integer_definitions(struct.decls), self.constants, fixed)


def _calls(code: str, lo: int, hi: int) -> Iterator[tuple[str, list[str] | None]]:
    """(name, template arguments or None) of every call `name(...)` / `name<...>(...)` in code[lo:hi]."""
    for _, name, targs in _call_matches(code, lo, hi):
        yield name, targs


def _call_sites(code: str, lo: int, hi: int) -> Iterator[tuple[int, str]]:
    """(position, name) of every call in code[lo:hi]."""
    for at, name, _ in _call_matches(code, lo, hi):
        yield at, name


def _call_matches(code: str, lo: int, hi: int) -> Iterator[tuple[int, str, list[str] | None]]:
    for m in WORD.finditer(code, lo, hi):
        k = skip_space(code, m.end())
        targs = None
        if code[k:k + 1] == "<":
            close = match_angle(code, k)
            if close is None or close >= hi:
                continue
            targs = [" ".join(a.split()) for a in split_top(code[k + 1:close], ",")]
            k = skip_space(code, close + 1)
        if code[k:k + 1] == "(":
            yield m.start(), m.group(), targs


# ---------------------------------------------------------------------------------------
# The audit
# ---------------------------------------------------------------------------------------

class _Auditor:
    def __init__(self, kernel: _Kernel, slr_of: Mapping[str, int]):
        self.k = kernel
        self.slr_of = slr_of
        self.findings = kernel.findings
        self.reachable = self._reachable()
        self.template_values = self._instantiate()
        self.scopes = {id(f): self._function_scope(f) for f in self.reachable}
        self.copies = self._copies_of_functions()
        self.current: _Copy | None = None
        self.used: set[int] = set()
        self.rows: list[MemoryRow] = []

    # -- which functions exist in hardware, and with which template arguments

    def _reachable(self) -> list[_Block]:
        """The functions reachable from the top (the functions with INTERFACE directives;
        every function when there is none) by calls, or by being passed to one
        (`hls::task t(process, in, out)`)."""
        roots = [f for f in self.k.functions
                 if any(p.kind == "INTERFACE" and f.contains(p.source, p.at) for p in self.k.pragmas)]
        todo = roots or list(self.k.functions)
        seen: dict[int, _Block] = {}
        while todo:
            f = todo.pop()
            if id(f) in seen:
                continue
            seen[id(f)] = f
            passed = _PASSED.findall(f.source.code, f.open, f.close)
            for name in [name for name, _ in _calls(f.source.code, f.open, f.close)] + passed:
                todo += self.k.by_name.get(name, [])
        return sorted(seen.values(), key=lambda f: (f.source.name, f.open))

    def _instantiate(self) -> dict[int, dict[str, int]]:
        """Per template function, the largest value of each value parameter at the call sites
        in reachable code (defaults where a call leaves a parameter out)."""
        values: dict[int, dict[str, int]] = {id(f): {} for f in self.reachable if f.template}
        for _ in range(len(self.reachable) + 1):
            changed = False
            for g in self.reachable:
                scope = self._function_scope(g, values)
                for name, targs in _calls(g.source.code, g.open, g.close):
                    for f in self.k.by_name.get(name, []):
                        if id(f) not in values or f is g:
                            continue
                        own = _Scope({}, self.k.constants, values[id(f)])
                        for i, (param, value_param, default) in enumerate(f.template):
                            given = targs is not None and i < len(targs)
                            if not value_param or (not given and default is None):
                                continue
                            v = scope.evaluate(targs[i]) if given else own.evaluate(default)
                            if v is not None and v > values[id(f)].get(param, v - 1):
                                values[id(f)][param] = v
                                changed = True
            if not changed:
                break
        return values

    def _copies_of_functions(self) -> list[_Copy]:
        """The functions' hardware copies: a template function called with different value
        arguments is a distinct function (`array_slice<0>`, `array_slice<1>`), and so is
        everything it calls; elsewhere a function is one copy however often it is called
        (the audit's convention). A copy's SLR is `slr_of` of its instance label, else of its
        function name, else its caller's."""
        roots = [f for f in self.k.functions
                 if any(p.kind == "INTERFACE" and f.contains(p.source, p.at) for p in self.k.pragmas)]
        todo = [_Copy(f, (), "", self.slr_of.get(f.name, 0)) for f in roots or self.k.functions]
        seen: dict[tuple, _Copy] = {}
        while todo and len(seen) < 100_000:
            copy = todo.pop()
            key = (id(copy.f), copy.values, copy.label)
            if key in seen:
                continue
            seen[key] = copy
            f = copy.f
            scope = _Scope(_integer_definitions(f.decls), self.k.constants, dict(copy.values))
            calls = list(_calls(f.source.code, f.open, f.close))
            calls += [(name, None) for name in _PASSED.findall(f.source.code, f.open, f.close)]
            for name, targs in calls:
                for g in self.k.by_name.get(name, []):
                    values = self._call_values(g, targs, scope)
                    label = f"{g.name}<{', '.join(str(v) for _, v in values)}>" if values else copy.label
                    slr = self.slr_of.get(label, self.slr_of.get(g.name, copy.slr)) if values else \
                        self.slr_of.get(g.name, copy.slr)
                    todo.append(_Copy(g, values, label, slr))
        return sorted(seen.values(), key=lambda c: (c.f.source.name, c.f.open, c.label, c.values))

    def _call_values(self, g: _Block, targs: list[str] | None, scope: _Scope) -> tuple[tuple[str, int], ...]:
        """The value template arguments of a call of `g` (its defaults where the call leaves
        them out; the largest value seen anywhere where one does not evaluate)."""
        values: dict[str, int] = {}
        for i, (param, value_param, default) in enumerate(g.template):
            if not value_param:
                continue
            given = targs is not None and i < len(targs)
            v = scope.evaluate(targs[i]) if given else (
                _Scope({}, self.k.constants, values).evaluate(default) if default is not None else None)
            if v is None:
                v = self.template_values.get(id(g), {}).get(param)
            if v is not None:
                values[param] = v
        return tuple(values.items())

    def _copy_scope(self, copy: _Copy) -> _Scope:
        fixed = {**self.template_values.get(id(copy.f), {}), **dict(copy.values)}
        return _Scope(_integer_definitions(copy.f.decls), self.k.constants, fixed)

    def _function_scope(self, f: _Block, values: Mapping[int, dict[str, int]] | None = None) -> _Scope:
        fixed = (values if values is not None else self.template_values).get(id(f), {})
        return _Scope(_integer_definitions(f.decls), self.k.constants, fixed)

    # -- memories

    def memories(self) -> list[MemoryRow]:
        for copy in self.copies:
            f = copy.f
            self.current = copy
            pragmas = [p for p in self.k.pragmas if f.contains(p.source, p.at)]
            scope = self._copy_scope(copy)
            for decl in f.decls:
                self._instance(decl, decl.name, scope, f.name, pragmas, "static" in decl.specifiers)
        self.current = None
        # Storage declared once for the program: namespace-scope and static member variables
        # that reachable code uses.
        bodies = " ".join(f.source.code[f.open:f.close] for f in self.reachable)
        everywhere = [p for p in self.k.pragmas if any(f.contains(p.source, p.at) for f in self.reachable)]
        shared = [(d, d.name) for d in self.k.namespace] + [(d, f"{s.name}::{d.name}") for s, d in self.k.static_members()]
        for decl, path in shared:
            if re.search(rf"\b{re.escape(decl.name)}\b", bodies):
                self._instance(decl, path, self.k.constants, "(namespace)", everywhere, True)
        for p in self.k.pragmas:
            if p.kind in _MEMORY_DIRECTIVES and id(p) not in self.used and \
                    any(f.contains(p.source, p.at) for f in self.reachable):
                self.findings.append(f"{p.source.where(p.at)}: {p.kind} names '{p.options.get('variable', '')}', "
                                     "not an on-chip array or stream declared there (not applied)")
        return sorted(self.rows, key=lambda r: (_location_key(r.where), r.name, r.instance, r.slr))

    def _instance(self, decl: Decl, path: str, scope: _Scope, unit: str, pragmas: list[_Pragma],
                  static: bool) -> None:
        """Rows for a declared variable: an array, a stream (array), or a struct's members."""
        if decl.indirect or "extern" in decl.specifiers:
            return
        name, args = self.k.resolve(decl.type)
        mine = [p for p in pragmas if p.options.get("variable") == path]
        if name == "stream":
            self._stream(decl, path, scope, unit, mine, args)
        elif name == "stream_of_blocks" and args and self.k.resolve(args[0])[0] in self.k.structs:
            self._blocks(decl, path, scope, unit, pragmas, args, static)
        elif decl.dims:
            self._array(decl, path, scope, unit, mine, static)
        elif name in self.k.structs:
            struct = self.k.structs[name]
            inner = self.k.struct_scope(struct, args, scope)
            for member in struct.decls:
                if "static" not in member.specifiers:
                    self._instance(member, f"{path}.{member.name}", inner, unit, pragmas, static)

    def _blocks(self, decl: Decl, path: str, scope: _Scope, unit: str, pragmas: list[_Pragma],
                args: list[str], static: bool) -> None:
        """An hls::stream_of_blocks<T, N>: a ping-pong buffer of N blocks, so each array
        member of T is an array with a leading dimension N (a pragma's `dim` on `path.member`
        counts the member's own dimensions, as written)."""
        blocks = scope.evaluate(args[1]) if len(args) > 1 else 2
        name, targs = self.k.resolve(args[0])
        struct = self.k.structs[name]
        inner = self.k.struct_scope(struct, targs, scope)
        for member in struct.decls:
            if "static" in member.specifiers or not member.dims:
                continue
            member_path = f"{path}.{member.name}"
            shifted = [dataclasses.replace(p, options={**p.options, "dim": str(int(p.options["dim"]) + 1)})
                       if p.options.get("variable") == member_path and p.options.get("dim", "").isdigit() and
                       p.options["dim"] != "0" else p for p in pragmas]
            self._instance(dataclasses.replace(member, dims=(str(blocks or 2), *member.dims)), member_path, inner,
                           unit, shifted, static)
            self.used |= {id(p) for p, q in zip(pragmas, shifted) if q is not p and id(q) in self.used}

    def _dims(self, decl: Decl, path: str, scope: _Scope, unit: str) -> list[int] | None:
        dims = [scope.evaluate(d) for d in decl.dims]
        for expr, v in zip(decl.dims, dims):
            if v is None or v < 0:
                self.findings.append(f"{decl.where}: '{path}' in {unit}: size '{expr}' not resolved (not counted)")
                return None
        return dims

    def _element_width(self, decl: Decl, type_text: str, path: str, scope: _Scope, unit: str) -> int | None:
        width = self.k.width(type_text, scope)
        if width is None:
            self.findings.append(f"{decl.where}: '{path}' in {unit}: width of '{type_text}' not resolved "
                                 "(not counted)")
        return width

    def _array(self, decl: Decl, path: str, scope: _Scope, unit: str, pragmas: list[_Pragma],
               static: bool) -> None:
        dims = self._dims(decl, path, scope, unit)
        width = self._element_width(decl, decl.type, path, scope, unit)
        if dims is None or width is None or 0 in dims:
            return
        depth = math.prod(dims)
        bank_dims, bank_width, banks = list(dims), width, 1
        impl, ram_type, directives = "auto", "", []
        for p in pragmas:
            self.used.add(id(p))
            if p.off:
                continue
            if p.kind in ("ARRAY_PARTITION", "ARRAY_RESHAPE"):
                kind = p.options.get("type") or next((f for f in ("complete", "cyclic", "block") if f in p.flags),
                                                     "complete")
                dim = scope.evaluate(p.options.get("dim", "1"))
                factor = scope.evaluate(p.options["factor"]) if kind != "complete" and "factor" in p.options else None
                if dim is None or not 0 <= dim <= len(dims) or (kind != "complete" and not factor):
                    self.findings.append(f"{p.source.where(p.at)}: {p.kind} of '{path}': dim or factor not "
                                         "resolved (not applied)")
                    continue
                for d in range(len(dims)) if dim == 0 else [dim - 1]:
                    parts = bank_dims[d] if kind == "complete" else min(factor, bank_dims[d])
                    bank_dims[d] = math.ceil(bank_dims[d] / parts)
                    if p.kind == "ARRAY_RESHAPE":
                        bank_width *= parts
                    else:
                        banks *= parts
                verb = "reshape" if p.kind == "ARRAY_RESHAPE" else "partition"
                directives.append(f"{verb} {kind}{f' {factor}' if factor else ''} dim {dim}")
            elif p.kind == "BIND_STORAGE":
                impl, ram_type = self._impl(p, path), p.options.get("type", "").lower()
                directives.append(" ".join(filter(None, ["bind", ram_type, impl])))
            elif p.kind == "STREAM":
                self.findings.append(f"{p.source.where(p.at)}: STREAM on the array '{path}' is not modelled")
        bank_depth = math.prod(bank_dims)
        if not static and banks == 1 and impl == "auto" and depth < _COMPLETE_THRESHOLD:
            bank_depth, bank_width, banks = 1, width, depth
            directives.append(f"auto complete (< {_COMPLETE_THRESHOLD} elements)")
        storage, shape, cost = place_bank(bank_width, bank_depth, impl, False, ram_type == "ram_t2p")
        self._row(decl, path, unit, "array", decl.type, width, dims, depth, directives, banks, bank_depth,
                  bank_width, storage, shape, cost)

    def _stream(self, decl: Decl, path: str, scope: _Scope, unit: str, pragmas: list[_Pragma],
                args: list[str]) -> None:
        dims = self._dims(decl, path, scope, unit)
        width = self._element_width(decl, args[0], path, scope, unit) if args else None
        if dims is None or width is None:
            return
        template = scope.evaluate(args[1]) if len(args) > 1 else None
        depth, impl, directives = template or _STREAM_DEPTH, "auto", []
        for p in pragmas:
            self.used.add(id(p))
            if p.off:
                continue
            if p.kind == "STREAM" and "depth" in p.options:
                given = scope.evaluate(p.options["depth"])
                if given is None:
                    self.findings.append(f"{p.source.where(p.at)}: STREAM depth of '{path}' not resolved")
                elif template is not None and given != template:
                    self.findings.append(f"{p.source.where(p.at)}: '{path}': STREAM depth {given} disagrees with "
                                         f"the template depth {template} at {decl.where} (the larger counted)")
                    depth = max(given, template)
                else:
                    depth = given
            elif p.kind == "BIND_STORAGE":
                impl = self._impl(p, path)
                directives.append(f"bind {impl}")
        directives.insert(0, f"depth {depth}")
        storage, shape, cost = place_bank(width, depth, impl, True, False)
        # An array of streams whose elements the floorplan places (`beats[3]`): a row per SLR.
        placed: dict[int | None, int] = {}
        for i in range(math.prod(dims)):
            slr = self.slr_of.get(f"{path}[{i}]") if len(dims) == 1 else None
            placed[slr] = placed.get(slr, 0) + 1
        for slr, banks in sorted(placed.items(), key=lambda item: -1 if item[0] is None else item[0]):
            self._row(decl, path, unit, "stream", args[0], width, dims, depth, directives, banks, depth,
                      width, storage, shape, cost, slr)

    def _impl(self, p: _Pragma, path: str) -> str:
        """The BIND_STORAGE implementation, 'auto' when it names none we know."""
        impl = p.options.get("impl", "auto").lower()
        if impl not in _IMPLS:
            self.findings.append(f"{p.source.where(p.at)}: '{path}': impl '{impl}' not modelled (mapped as auto)")
            return "auto"
        return impl

    def _row(self, decl: Decl, path: str, unit: str, kind: str, element: str, width: int, dims: list[int],
             depth: int, directives: list[str], banks: int, bank_depth: int, bank_width: int, storage: str,
             shape: str, cost: dict[str, int], slr: int | None = None) -> None:
        copy = self.current
        if slr is None:
            slr = copy.slr if copy is not None else self.slr_of.get(unit, 0)
        self.rows.append(MemoryRow(
            name=path, unit=unit, kind=kind, element=re.sub(r"\b(?:const|volatile)\b\s*", "", element).strip(),
            width=width, dims=tuple(dims), depth=depth, directives="; ".join(directives), banks=banks,
            bank_depth=bank_depth, bank_width=bank_width, storage=storage, shape=shape,
            bram18k=banks * cost.get("bram18k", 0), uram=banks * cost.get("uram", 0),
            lutram=banks * cost.get("lutram", 0), ff=banks * cost.get("ff", 0),
            slr=slr, where=decl.where, instance=copy.label if copy is not None else ""))

    # -- DSPs

    def dsps(self) -> list[DspRow]:
        rows = []
        typing = _Typing(self.k, self._copies)
        for copy in self.copies:
            f = copy.f
            code, scope = f.source.code, self._copy_scope(copy)
            loops = _loops(code, f.open + 1, f.close)
            pragmas = [p for p in self.k.pragmas if f.contains(p.source, p.at)]
            for p in pragmas:
                if p.kind != "PIPELINE" or p.off:
                    continue
                loop = _innermost(loops, p.at)
                lo, hi = (loop[1], loop[2]) if loop else (f.open + 1, f.close)
                multiplies = typing.multiplies(f, lo, hi)
                if multiplies == 0:
                    continue
                unroll = self._unroll(f, loop, loops, pragmas, scope) if loop else 1
                unit = f.name
                rows.append(DspRow(unit, f.source.where(loop[0] if loop else f.open), multiplies, unroll,
                                   multiplies * unroll, copy.slr, copy.label))
        return sorted(rows, key=lambda r: (_location_key(r.where), r.unit, r.instance))

    def _copies(self, f: _Block, loops: list[tuple[int, int, int]], at: int) -> int:
        """Iterations of the `loops` around position `at` (unrolled inside a pipelined body):
        the product of their trip counts (compile-time bounds; a runtime bound counts once,
        with a finding)."""
        copies = 1
        for loop in loops:
            if loop[1] <= at < loop[2]:
                trips = _trip_count(f, loop, self.scopes[id(f)])
                if trips is None:
                    self.findings.append(f"{f.source.where(loop[0])}: a loop inside a pipelined iteration has no "
                                         "compile-time bound (its multiplies counted once)")
                    trips = 1
                copies *= trips
        return copies

    def _unroll(self, f: _Block, loop: tuple[int, int, int], loops: list[tuple[int, int, int]],
                pragmas: list[_Pragma], scope: _Scope) -> int:
        """The UNROLL factor of `loop` (its trip count when unrolled fully, 1 without UNROLL)."""
        where = f.source.where(loop[0])
        for p in pragmas:
            if p.kind != "UNROLL" or _innermost(loops, p.at) != loop or p.off:
                continue
            factor = scope.evaluate(p.options["factor"]) if "factor" in p.options else _trip_count(f, loop, scope)
            if factor is None:
                self.findings.append(f"{where}: UNROLL factor of the pipelined loop not resolved (counted as 1)")
                return 1
            return factor
        return 1


def _location_key(where: str) -> tuple[str, int]:
    name, _, line = where.rpartition(":")
    return name, int(line)


def _loops(code: str, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """(keyword offset, body start, body end) of the for/while/do loops in code[lo:hi]."""
    found = []
    for m in LOOP.finditer(code, lo, hi):
        k = skip_space(code, m.end())
        if m.group(1) != "do":
            if code[k:k + 1] != "(":
                continue
            k = skip_space(code, match_close(code, k) + 1)
        if code[k:k + 1] == "{":
            found.append((m.start(), k + 1, match_close(code, k)))
        elif code[k:k + 1] != ";":  # ';' ends a do-while's tail
            found.append((m.start(), k, code.find(";", k)))
    return found


def _innermost(loops: list[tuple[int, int, int]], at: int) -> tuple[int, int, int] | None:
    around = [loop for loop in loops if loop[1] <= at < loop[2]]
    return max(around, key=lambda loop: loop[1]) if around else None


def _trip_count(f: _Block, loop: tuple[int, int, int], scope: _Scope) -> int | None:
    """Iterations of `for (v = start; v < bound; ...)` with compile-time start and bound."""
    code = f.source.code
    paren = code.find("(", loop[0])
    clauses = split_top(code[paren + 1:match_close(code, paren)], ";")
    init = re.search(r"([A-Za-z_]\w*)\s*=\s*(.+)$", clauses[0].strip()) if len(clauses) == 3 else None
    bound = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*(<=?)\s*(.+?)\s*", clauses[1]) if init else None
    if bound is None or bound.group(1) != init.group(1):
        return None
    start, end = scope.evaluate(init.group(2)), scope.evaluate(bound.group(3))
    if start is None or end is None:
        return None
    return max(0, end - start + (bound.group(2) == "<="))


# ---------------------------------------------------------------------------------------
# DSP counting: integer multiplies, told from floating-point ones by a little typing
# ---------------------------------------------------------------------------------------

def _operand_start(text: str, end: int) -> int:
    """Start of the postfix expression (a.b[i], f(x), static_cast<T>(y), (e)) ending at `end`."""
    k = end
    while True:
        j = k - 1
        while j >= 0 and text[j].isspace():
            j -= 1
        if j < 0:
            return k
        if text[j] in ")]":
            k = match_open(text, j)
            j = k - 1
            while j >= 0 and text[j].isspace():
                j -= 1
            if j >= 0 and text[j] == ">":  # name<T>(...)
                k = match_open(text, j)
                j = k - 1
            if j >= 0 and (text[j].isalnum() or text[j] in "_)]"):
                word = re.search(r"[A-Za-z_]\w*$", text[:j + 1])
                if word and word.group() in KEYWORDS:
                    return k
                continue  # the group calls or indexes what precedes it
            return k
        if text[j].isalnum() or text[j] in "_.":
            i = j
            while i >= 0 and (text[i].isalnum() or text[i] in "_."):
                i -= 1
            word = text[i + 1:j + 1]
            if word in KEYWORDS:
                return k
            k = i + 1
            if word.startswith("."):
                continue
            if text[max(0, i - 1):i + 1] in ("->", "::"):
                k = i - 1
                continue
            return k
        return k


def _operand_end(text: str, start: int) -> int:
    """End of the (unary-prefixed) postfix expression that starts at `start`."""
    k = skip_space(text, start)
    while text[k:k + 1] in ("-", "+", "!", "~", "&", "*"):
        k = skip_space(text, k + 1)
    if text[k:k + 1] == "(":
        k = match_close(text, k) + 1
    elif m := _OPERAND.match(text, k):
        k = m.end()
        j = skip_space(text, k)
        if text[j:j + 1] == "<":
            close = match_angle(text, j)
            if close is not None and text[skip_space(text, close + 1):skip_space(text, close + 1) + 1] == "(":
                k = close + 1
    else:
        return k
    while True:
        j = skip_space(text, k)
        if text[j:j + 1] in ("(", "["):
            k = match_close(text, j) + 1
        elif m := _ACCESS.match(text, j):
            k = m.end()
        else:
            return k


def _blank_groups(text: str) -> str:
    """`text` with the insides of its (...) and [...] groups blanked."""
    out, depth = [], 0
    for ch in text:
        depth -= ch in ")]"
        out.append(" " if depth > 0 else ch)
        depth += ch in "(["
    return "".join(out)


class _Typing:
    """Just enough C++ typing to tell floating-point operands of a multiply from integer ones.
    `copies(f, loops, at)`: how many times the code at `at` is replicated by `loops` (the
    auditor's trip counts, which need each function's constants)."""

    def __init__(self, kernel: _Kernel, copies: Callable[[_Block, list[tuple[int, int, int]], int], int]):
        self.k = kernel
        self.copies = copies
        self.returns: dict[str, str] = {}
        self.envs: dict[int, dict[str, str]] = {}
        self.counts: dict[int, int] = {}
        for f in kernel.functions:
            head = f.head[leading_template(f.head)[1]:]
            at = [m.start() for m in re.finditer(rf"\b{re.escape(f.name)}\s*\(", head)]
            if at:
                words = [w for w in re.split(r"\s+", head[:at[-1]].strip()) if w and w not in SPECIFIERS]
                self.returns.setdefault(f.name, re.sub(r"(?:\w+::)+$", "", " ".join(words)))
        self.globals = {d.name: d.type for d in kernel.namespace}

    def env(self, f: _Block) -> dict[str, str]:
        if id(f) not in self.envs:
            params = {p.name: p.type for p in parameters(f.params)}
            self.envs[id(f)] = {**self.globals, **params, **{d.name: d.type for d in f.decls}}
        return self.envs[id(f)]

    def is_float_type(self, type_text: str | None) -> bool:
        return type_text is not None and self.k.resolve(type_text)[0] in FLOAT_TYPES

    def _is_type(self, word: str) -> bool:
        return (word in SCALAR_BITS or word in BUILTIN_WORDS or word in self.k.structs or word in self.k.aliases
                or word in self.k.enums or word in AP_TYPES)

    def _member(self, struct_type: str | None, member: str) -> str | None:
        """The type of `member` in `struct_type`, else in whichever struct has such a member."""
        struct = self.k.structs.get(self.k.resolve(struct_type)[0]) if struct_type else None
        for candidate in ([struct] if struct else []) + list(self.k.structs.values()):
            for d in candidate.decls:
                if d.name == member:
                    return d.type
        return None

    def is_float(self, expr: str, env: Mapping[str, str]) -> bool:
        """Whether the expression's value is floating point."""
        primaries, ops, k = [], [], 0
        while k < len(expr):
            end = _operand_end(expr, k)
            if end == skip_space(expr, k):
                break
            primaries.append(expr[k:end])
            m = _OPERATOR.match(expr, skip_space(expr, end))
            if m is None:
                break
            ops.append(m.group())
            k = m.end()
        if "?" in ops:
            return any(self._primary_float(p, env) for p in primaries[ops.index("?") + 1:])
        if _COMPARISONS & set(ops):
            return False
        return any(self._primary_float(p, env) for p in primaries)

    def _primary_float(self, text: str, env: Mapping[str, str]) -> bool:
        text = text.strip().lstrip("-+~&*").strip()
        if not text or text.startswith("!"):
            return False
        if text.startswith("("):
            close = match_close(text, 0)
            inner, rest = text[1:close], text[close + 1:].strip()
            if self._is_type(inner.strip()):  # a C-style cast
                return self.is_float_type(inner)
            members = _MEMBERS.findall(_blank_groups(rest))
            return self.is_float_type(self._member(None, members[-1])) if members else self.is_float(inner, env)
        if _FLOAT_LITERAL.fullmatch(text):
            return True
        m = QUALIFIED.match(text)
        if m is None:
            return False
        name = re.split(r"\s*::\s*", m.group())[-1]
        rest = text[m.end():].strip()
        if rest.startswith("<"):
            close = match_angle(rest, 0)
            targ, rest = (rest[1:close], rest[close + 1:].strip()) if close is not None else ("", rest)
            if name.endswith("_cast"):
                return self.is_float_type(targ)
        members = _MEMBERS.findall(_blank_groups(rest))
        if rest.startswith("("):
            t = name if self._is_type(name) else self.returns.get(name)
        else:
            t = env.get(name)
        for member in members:
            t = self._member(t, member)
        return self.is_float_type(t)

    def _products(self, text: str) -> Iterator[tuple[int, str, str]]:
        """(offset, left, right) of every binary '*' and '*=' in `text`."""
        for m in re.finditer(r"\*", text):
            p = m.start()
            before = text[:p].rstrip()
            word = re.search(r"[A-Za-z_]\w*$", before)
            if not before or not (before[-1].isalnum() or before[-1] in "_)]"):
                continue  # a dereference
            if word and (word.group() in KEYWORDS or self._is_type(word.group())):
                continue  # a pointer declarator
            q = p + 1 + (text[p + 1:p + 2] == "=")
            if text[q:].lstrip()[:1] in (">", ")", ",", "&", "*", ";", ""):
                continue  # a pointer type in a cast or template argument
            yield p, text[_operand_start(text, p):p], text[q:_operand_end(text, q)]

    def multiplies(self, f: _Block, lo: int, hi: int, stack: tuple[int, ...] = ()) -> int:
        """Integer multiplies by a non-constant in f's code[lo:hi], called functions' included,
        each counted once per iteration of the loops around it inside code[lo:hi] (inside a
        pipelined iteration every loop is unrolled: UG1399)."""
        code, env = f.source.code, self.env(f)
        inner = [loop for loop in _loops(code, lo, hi) if loop[0] >= lo]
        count = 0
        for at, left, right in self._products(code[lo:hi]):
            if not (is_compile_time(left) or is_compile_time(right) or self.is_float(left, env)
                    or self.is_float(right, env)):
                count += self.copies(f, inner, lo + at)
        for at, name in _call_sites(code, lo, hi):
            callee = max((self._function_multiplies(g, stack + (id(f),)) for g in self.k.by_name.get(name, [])
                          if id(g) not in stack and g is not f), default=0)
            count += callee * self.copies(f, inner, at) if callee else 0
        return count

    def _function_multiplies(self, g: _Block, stack: tuple[int, ...]) -> int:
        if id(g) not in self.counts:
            self.counts[id(g)] = self.multiplies(g, g.open + 1, g.close, stack)
        return self.counts[id(g)]


# ---------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------

def audit_project(project_dir: str | Path, *, slr_of: Mapping[str, int] | None = None) -> Audit:
    """The on-chip memories and DSPs of the kernel of the HLS project at `project_dir`.
    `slr_of` places units (the functions that instantiate memories or hold MAC loops, or
    template instances such as `array_slice<1>`, or elements of an array of streams such as
    `beats[3]`) in SLRs; every unit it does not name is in its caller's SLR, the top's is
    SLR0. Without `slr_of`, the project's own floorplan (project.json) places them."""
    if slr_of is None:
        slr_of = project_floorplan(project_dir)
    slr_of = dict(slr_of)
    if any(not isinstance(v, int) or v < 0 for v in slr_of.values()):
        raise AccllmError("error: memory audit: slr_of values must be SLR indices (0, 1, ...)")
    auditor = _Auditor(_Kernel(Path(project_dir)), slr_of)
    rows = auditor.memories()
    dsp = auditor.dsps()
    totals = dict.fromkeys(RESOURCES, 0)
    per_slr: dict[int, dict[str, int]] = {0: dict.fromkeys(RESOURCES, 0)}
    for item in [*rows, *dsp]:
        used = per_slr.setdefault(item.slr, dict.fromkeys(RESOURCES, 0))
        for key in RESOURCES:
            totals[key] += getattr(item, key, 0)
            used[key] += getattr(item, key, 0)
    return Audit(rows, dsp, totals, dict(sorted(per_slr.items())), sorted(set(auditor.findings), key=_finding_key))


def project_floorplan(project_dir: str | Path) -> dict[str, int]:
    """The `slr_of` of the project's floorplan (project.json), empty when it has none."""
    try:
        meta = json.loads((Path(project_dir) / "project.json").read_text())
    except (OSError, ValueError):
        return {}
    placed = meta.get("floorplan", {}).get("slr_of", {}) if isinstance(meta, dict) else {}
    return {str(k): v for k, v in placed.items() if isinstance(v, int)} if isinstance(placed, dict) else {}


def _finding_key(finding: str) -> tuple:
    m = re.match(r"(.+?):(\d+): ", finding)
    return (m.group(1), int(m.group(2)), finding) if m else ("", 0, finding)


_LABELS = {"bram18k": "BRAM18K", "uram": "URAM", "dsp": "DSP", "lutram": "LUT", "ff": "FF"}


def _table(header: list[str], lines: list[list[str]], numeric: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    return ["  ".join(cell.rjust(w) if i in numeric else cell.ljust(w)
                      for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
            for row in [header, *lines]]


def board_capacity(board: str) -> tuple[dict[str, int], int]:
    """The board's totals in the audit's units, and its number of SLRs."""
    try:
        hw = board_by_name(board)
    except ValueError as err:
        raise AccllmError(f"error: {err}") from None
    return ({"bram18k": 2 * hw.total.bram36, "uram": hw.total.uram, "dsp": hw.total.dsp,
             "lutram": hw.total.lut, "ff": hw.total.ff}, hw.slrs)


def audit_table(audit: Audit, *, model: Mapping[str, int] | None, board: str) -> str:
    """The audit as fixed-width text: one line per memory and per MAC loop, then the totals
    beside the cost model's `declared_resources()` figures and the board's capacity, and per SLR."""
    capacity, slrs = board_capacity(board)
    hw = board_by_name(board)
    if max(audit.per_slr) >= slrs:
        raise AccllmError(f"error: memory audit: a unit is placed in SLR{max(audit.per_slr)}, "
                          f"but {hw.name} has {slrs} SLRs")
    modelled = None if model is None else {"bram18k": model["bram18k"], "uram": model["uram"],
                                           "dsp": model["dsp"], "lutram": model["lut"], "ff": model["ff"]}
    out = ["On-chip memories (BRAM18K, URAM288, LUTs as LUTRAM/SRL, FFs)"]
    out += _table(
        ["name", "unit", "element", "bits", "dims", "directives", "banks x depth x bits", "storage", "shape",
         "BRAM18K", "URAM", "LUT", "FF", "SLR", "where"],
        [[r.name, r.unit, r.element, str(r.width), "x".join(map(str, r.dims)) or "-", r.directives or "-",
          f"{r.banks} x {r.bank_depth} x {r.bank_width}", r.storage, r.shape, str(r.bram18k), str(r.uram),
          str(r.lutram), str(r.ff), str(r.slr), r.where] for r in audit.rows],
        {3, 9, 10, 11, 12, 13})
    out += ["", "DSPs of pipelined loops (integer multiplies per iteration x UNROLL factor)"]
    out += _table(["unit", "multiplies", "unroll", "DSP", "SLR", "where"],
                  [[d.unit, str(d.multiplies), str(d.unroll), str(d.dsp), str(d.slr), d.where] for d in audit.dsp],
                  {1, 2, 3, 4})
    out += ["", "Totals (audit LUT: memory only; model LUT: all logic)"]
    out += _table(["resource", "audit", "model", f"{hw.name} total"],
                  [[_LABELS[key], str(audit.totals[key]), str(modelled[key]) if modelled else "-",
                    str(capacity[key])] for key in ("bram18k", "uram", "dsp", "lutram", "ff")],
                  {1, 2, 3})
    out += ["", f"Per SLR: audit / capacity ({hw.name} has {slrs} SLRs, HBM on SLR0; capacity = total / {slrs}, "
                "an even-split approximation)"]
    lines = []
    for slr in range(slrs):
        used = audit.per_slr.get(slr, dict.fromkeys(RESOURCES, 0))
        cells = [str(slr)]
        for key in ("bram18k", "uram", "dsp", "lutram", "ff"):
            cap = capacity[key] // slrs
            cells.append(f"{used[key]}/{cap} ({100 * used[key] / cap:.0f}%)")
        lines.append(cells)
    out += _table(["SLR", "BRAM18K", "URAM", "DSP", "LUT", "FF"], lines, {1, 2, 3, 4, 5})
    if audit.findings:
        out += ["", "Findings"] + [f"  {f}" for f in audit.findings]
    return "\n".join(out) + "\n"
