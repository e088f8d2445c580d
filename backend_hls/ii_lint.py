"""The II lint: rules that check that a declared PIPELINE II is reachable in the kernel.

UG1399 (optimizing for throughput, burst transfers, array partitioning): ii-ports (no array
accessed more often per pipelined iteration than its ports after partitioning),
ii-carried-dependence (no read-modify-write across iterations without a DEPENDENCE pragma, no
float accumulation), burst-port (each m_axi port read or written by one unconditional
sequential loop) and bundle-conflict (no m_axi bundle shared by ports with different
options). They read all kernel files as one program (a loop in a header is pipelined by its
own directive but partitioned by a pragma of the top function, and sized by
accllm_config.h), following arrays and ports into called functions, as text (cpp_text.py),
and are conservative where the text leaves them unsure; docs/hls.md lists their model and
limits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .cpp_text import (CAST, CONST_NAME, DIRECTIVE, NOT_FUNCTIONS, Function, Source, blank, config_view, eval_int,
                       functions, kernel_files, match_close, parameters, skip_space, split_top,
                       strip_comments_and_literals, strip_parens, type_name, without_directives)

_HLS = re.compile(DIRECTIVE + r"(\w+)([^)\n]*)", re.IGNORECASE)
_HLS_SPAN = re.compile(r"ACCLLM_HLS\s*\([^)\n]*\)|#\s*pragma\b[^\n]*")
_CHAIN = r"(?:[A-Za-z_]\w*\s*(?:::|\.|->)\s*)*[A-Za-z_]\w*"
_ACCESS = re.compile(rf"(?<![\w.:>])({_CHAIN})\s*\[")
_CALL = re.compile(r"(?<!\w)([A-Za-z_]\w*)\s*(?:<(?:[^<>;{}()]|<[^<>;{}()]*>)*>\s*)?\(")
_DECL = re.compile(
    r"(?:(?<=[;{}()])|^)\s*(?P<qual>(?:(?:const|static|constexpr)\s+)*)"
    r"(?P<type>[A-Za-z_]\w*(?:\s*::\s*[A-Za-z_]\w*)*(?:\s*<[^;{}()]*>)?)(?:\s+const\b)?"
    r"\s*(?P<ref>[&*]*)\s*(?P<name>[A-Za-z_]\w*)\s*(?P<dims>(?:\[[^\]]*\]\s*)*)(?P<end>=(?!=)|;|\{|,)",
    re.MULTILINE)
_NOT_TYPES = {"return", "case", "else", "goto", "delete", "new", "throw", "typedef", "using",
              "break", "continue", "default", "do", "sizeof"}
_ASSIGN = re.compile(r"(?<![\w.:>])([A-Za-z_]\w*)\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)")
_INCDEC = re.compile(r"(?:\+\+|--)\s*([A-Za-z_]\w*)\b(?!\s*(?:\.|->|\[|::))"
                     r"|(?<![\w.:>])([A-Za-z_]\w*)\s*(?:\+\+|--)")
_MEMBER_TAIL = re.compile(r"(?:\s*(?:\.|->)\s*[A-Za-z_]\w*)*")
_WRITE_OP = re.compile(r"\s*(?:(=)(?!=)|(?:[-+*/%&|^]|<<|>>)=|\+\+|--)")
_VAR = re.compile(r"(?<![\w.:#@])(?<!->)[A-Za-z_]\w*\b(?!\s*(?:::|\())")
_ACCUMULATE = re.compile(r"(?<![\w.:>])([A-Za-z_]\w*)\s*(?:[-+]=|=\s*\1\s*[-+](?![-+=]))")
_ACCUMULATE_ELEMENT = re.compile(r"([A-Za-z_]\w*)\s*((?:\[[^\]]*\]\s*)+)(?:[-+]=|=\s*\1\s*\2\s*[-+](?![-+=]))")
_CONDITION = re.compile(r"\b(?:if|switch)\s*\(")
_CONTROL = re.compile(r"(for|if|while|switch)\s*\(")
_ELSE = re.compile(r"\s*else\b")
_FOR = re.compile(r"\bfor\s*\(")
_BUNDLE_OPTIONS = ("max_read_burst_length", "max_write_burst_length", "num_read_outstanding",
                   "num_write_outstanding", "latency", "depth", "offset")
# Vitis HLS partitions local arrays of fewer elements than these completely on its own
# (config_array_partition: -complete_threshold 4; constant-indexed, e.g. in an unrolled
# loop: -auto_promotion_threshold 64).
_COMPLETE_THRESHOLD = 4
_PROMOTION_THRESHOLD = 64
# Missing UNROLL factors count as this, the least a partial unroll can be.
_UNKNOWN_FACTOR = 2

_Key = tuple[str, str]  # (scope, name): '.' member, '#' parameter index, a function's fid, '' global


def _option(text: str, key: str) -> str | None:
    """The value of `key = value` in a directive's options."""
    m = re.search(rf"\b{key}\s*=\s*([\w.:>-]+)", text, re.IGNORECASE)
    return m.group(1) if m else None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _last(chain: str) -> str:
    """The last name of `a.b`, `a->b` or `a::b`."""
    return re.split(r"\s*(?:::|\.|->)\s*", chain.strip())[-1]


def _is_member(chain: str) -> bool:
    return re.search(r"\.|->", chain) is not None


def _names(text: str) -> set[str]:
    """The variables an expression reads (not members, namespaces or called functions)."""
    return set(_VAR.findall(text))


def _scan_to(code: str, at: int, stops: str) -> int:
    """Index of the first of `stops` at bracket depth 0 from `at` (or of the bracket that
    closes an enclosing one)."""
    depth = 0
    for k in range(at, len(code)):
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(code[k], 0)
        if depth < 0 or (depth == 0 and code[k] in stops):
            return k
    return len(code)


def _statement_end(code: str, at: int) -> int:
    """Index just past the statement at `at`: a block, a for/if/while/switch with its body (and
    else branch), or a simple statement up to its ';'."""
    at = skip_space(code, at)
    if code.startswith("{", at):
        return match_close(code, at) + 1
    m = _CONTROL.match(code, at)
    if m:
        end = _statement_end(code, match_close(code, m.end() - 1) + 1)
        tail = _ELSE.match(code, end) if m.group(1) == "if" else None
        return _statement_end(code, tail.end()) if tail else end
    end = _scan_to(code, at, ";")
    return end + 1 if code[end:end + 1] == ";" else end


def _base(expr: str) -> str | None:
    """The array an argument designates: `rec + 4` -> rec, `s.vectors[slot]` -> s.vectors."""
    text = strip_parens(CAST.sub("", expr)).lstrip("&").strip()
    m = re.match(_CHAIN, text)
    if m is None:
        return None
    rest = text[m.end():].lstrip()
    while rest.startswith("["):
        rest = rest[match_close(rest, 0) + 1:].lstrip()
    return m.group(0) if not rest or (rest[0] in "+-" and not rest.startswith("->")) else None


def _terms(expr: str) -> list[str]:
    """The top-level summands of an expression (split at binary + and -)."""
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(expr):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(ch, 0)
        before = expr[:k].rstrip()[-1:]
        if depth == 0 and ch in "+-" and (before.isalnum() or before in "_)]") and \
                expr[k + 1:k + 2] not in ("+", "-", "=", ">"):
            parts.append(expr[start:k])
            start = k + 1
    parts.append(expr[start:])
    return [part.strip() for part in parts if part.strip()]


def _depends(index: tuple[str, ...], varying: set[str]) -> bool:
    """Whether normalized subscripts may change with `varying` names (@: unknown, so yes)."""
    return any("@" in i or _names(i) & varying for i in index)


def _affine(expr: str, var: str, varying: set[str]) -> bool:
    """Whether `expr` is c * var + d with c and d loop-invariant: no other name the loop
    assigns, no array element, no call."""
    expr = strip_parens(expr).replace("->", ".")
    if "[" in expr or "@" in expr or re.search(r"\w\s*\(", expr) or _names(expr) & varying:
        return False
    for term in _terms(expr):
        factors = split_top(strip_parens(term), "*")
        with_var = [f for f in factors if var in _names(f)]
        if not with_var:
            continue
        inner = strip_parens(with_var[0])
        if len(with_var) > 1 or (inner != var and len(factors) == 1 and len(_terms(inner)) == 1):
            return False  # var * var, or var under /, %, >> ...
        if inner != var and not _affine(inner, var, varying):
            return False
    return True


@dataclass(frozen=True)
class _Source(Source):
    """One kernel file: `code` without comments, literals and preprocessor lines other than
    #pragma; `plain` also without HLS directives (statements only, same offsets)."""
    plain: str = ""

    @classmethod
    def parse(cls, name: str, text: str) -> _Source:
        code = without_directives(config_view(strip_comments_and_literals(text)))
        plain = _HLS_SPAN.sub(lambda m: blank(m.string, m.start(), m.end()), code)
        return cls(name, code, Source.newlines_of(code), plain)


@dataclass(frozen=True)
class _Loop:
    at: int                  # the `for` keyword
    var: str                 # induction variable
    header: tuple[str, ...]  # init, condition, increment
    body: tuple[int, int]    # [start, end) of the body statement


@dataclass(frozen=True)
class _Access:
    at: int
    chain: str                    # `s.act`, `rec`, `isa::kHasResult`
    subscripts: tuple[str, ...]
    read: bool
    write: bool


@dataclass(frozen=True)
class _Call:
    at: int
    name: str
    obj: str | None  # the object of a member call ('' when it is an expression), None if free
    args: tuple[str, ...]


@dataclass(frozen=True)
class _Decl:
    at: int
    type: str
    const: bool
    static: bool
    pointer: bool  # a pointer or reference
    dims: tuple[str, ...]
    init: str | None


@dataclass(frozen=True)
class _Directive:
    at: int
    kind: str   # PIPELINE, UNROLL, ARRAY_PARTITION, ...
    text: str   # the options


class _Fn:
    """A function definition and the facts of its body the II rules read off the text."""

    def __init__(self, src: _Source, f: Function, owner: str, known: set[str]) -> None:
        self.src, self.name, self.owner = src, f.name, owner
        self.open, self.close = f.body_open, f.body_close
        self.fid = f"{owner}::{f.name}" if owner else f.name
        self.params = parameters(f.params)
        self.param_index = {name: k for k, (_, name, _) in enumerate(self.params)}
        self.required = sum(1 for *_, default in self.params if not default)
        text, lo, hi = src.plain, f.body_open + 1, f.body_close
        self.directives = [_Directive(m.start(), m.group(1).upper(), m.group(2))
                           for m in _HLS.finditer(src.code, lo, hi)]
        self.decls: dict[str, _Decl] = {}
        for m in _DECL.finditer(text, lo, hi):
            if m.group("type") in _NOT_TYPES or m.group("name") in self.decls:
                continue
            init = None
            if m.group("end") == "=":
                init = text[m.end():_scan_to(text, m.end(), ";,")].strip()
            qual = m.group("qual")
            self.decls[m.group("name")] = _Decl(
                m.start("name"), m.group("type"), "const" in qual, "static" in qual, bool(m.group("ref")),
                tuple(re.findall(r"\[([^\]]*)\]", m.group("dims"))), init)
        self.loops = self._loops(text, lo, hi)
        self.conditions = [(match_close(text, m.end() - 1) + 1, _statement_end(text, m.start()))
                           for m in _CONDITION.finditer(text, lo, hi)]
        self.calls: list[_Call] = []
        bare: set[str] = set()
        for m in _CALL.finditer(text, lo, hi):
            if m.group(1) in NOT_FUNCTIONS or m.group(1).endswith("_cast"):
                continue
            inside = text[m.end():match_close(text, m.end() - 1)]
            args = tuple(a.strip() for a in split_top(inside, ",")) if inside.strip() else ()
            bare |= {a for a in args if re.fullmatch(r"[A-Za-z_]\w*", a)}
            if m.group(1) in known:
                before = text[max(lo, m.start() - 200):m.start()]
                member = re.search(r"(?:\.|->)\s*$", before)
                obj = re.search(r"(?<![\w.>])([A-Za-z_]\w*)\s*(?:\.|->)\s*$", before) if member else None
                self.calls.append(_Call(m.start(), m.group(1), (obj.group(1) if obj else "") if member else None,
                                        args))
        self.accesses = self._accesses(text, lo, hi)
        self.assigns = sorted([(m.start(1), m.group(1)) for m in _ASSIGN.finditer(text, lo, hi)] +
                              [(m.start(), m.group(1) or m.group(2)) for m in _INCDEC.finditer(text, lo, hi)])
        defs = {name: sum(1 for _, n in self.assigns if n == name) for name in self.decls}
        self.single = {name: d.init for name, d in self.decls.items()
                       if d.init is not None and defs[name] == 1 and (d.const or name not in bare)}
        self.aliases = {name: base for name, d in self.decls.items()
                        if d.pointer and d.init and not d.dims and (base := _base(d.init))}

    @staticmethod
    def _loops(text: str, lo: int, hi: int) -> list[_Loop]:
        loops = []
        for m in _FOR.finditer(text, lo, hi):
            close = match_close(text, m.end() - 1)
            header = tuple(c.strip() for c in split_top(text[m.end():close], ";"))
            names = re.findall(r"([A-Za-z_]\w*)\s*=(?!=)", header[0]) if len(header) == 3 else []
            if not names:
                continue  # range-based for
            start = skip_space(text, close + 1)
            loops.append(_Loop(m.start(), names[-1], header, (start, _statement_end(text, start))))
        return loops

    def _accesses(self, text: str, lo: int, hi: int) -> list[_Access]:
        declared = {d.at for d in self.decls.values() if d.dims}
        found = []
        for m in _ACCESS.finditer(text, lo, hi):
            if m.start() in declared:
                continue
            subscripts, k = [], m.end() - 1
            while text.startswith("[", k):
                close = match_close(text, k)
                subscripts.append(text[k + 1:close].strip())
                k = skip_space(text, close + 1)
            tail = _MEMBER_TAIL.match(text, k).end()
            op = _WRITE_OP.match(text, tail)
            prefix = text[max(lo, m.start() - 8):m.start()].rstrip().endswith(("++", "--"))
            write = bool(op) or prefix
            found.append(_Access(m.start(), " ".join(m.group(1).split()), tuple(subscripts),
                                 not (op and op.group(1)) or prefix, write))
        return found

    def enclosing(self, at: int) -> list[_Loop]:
        return [loop for loop in self.loops if loop.body[0] <= at < loop.body[1]]

    def conditional(self, at: int) -> bool:
        return any(lo <= at < hi for lo, hi in self.conditions)

    def loop_directives(self, loop: _Loop) -> list[_Directive]:
        """The directives whose innermost enclosing loop is `loop` (not one nested in it)."""
        return [d for d in self.directives
                if min(self.enclosing(d.at), key=lambda l: l.body[1] - l.body[0], default=None) == loop]

    def type_of(self, name: str) -> str:
        """The class of a parameter or local, or ''."""
        for type_text, param, _ in self.params:
            if param == name:
                return type_name(type_text)[0]
        return type_name(self.decls[name].type)[0] if name in self.decls else ""


_STRUCT = re.compile(r"\b(?:struct|class|union)\s+([A-Za-z_]\w*)[^;{}()]*\{")
_CONSTANT = re.compile(r"\b(?:constexpr|const)\s+(?:static\s+)?[A-Za-z_][\w:]*\s+([A-Za-z_]\w*)\s*=\s*([^;{}]+);")
_AGGREGATE = re.compile(r"(?<![\w.:])([A-Za-z_]\w*)\s+([A-Za-z_]\w*)\s*=?\s*\{")
_MEMBER = re.compile(r"(.*?)([*&]*)\s*([A-Za-z_]\w*)\s*((?:\[[^\]]*\]\s*)*)(?:=.*)?$", re.DOTALL)


@dataclass(frozen=True)
class _Member:
    name: str
    type: str
    array: bool  # an array or a pointer
    dims: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Use:
    """One array access a region makes each time it runs, named in the region's function."""
    at: int                  # the access, or the call that makes it
    key: _Key
    write: bool
    index: tuple[str, ...]   # the subscripts, normalized (_Kernel.norm)
    shown: str               # the access as written
    via: str                 # the function called from the region that makes it, or ''
    times: int               # runs per run of the region (constant trip counts around it)
    fixed: bool              # the index is a constant once the region's inner loops are unrolled


@dataclass(frozen=True)
class _Site:
    """An access to an m_axi port and the calls that lead to it from the top function."""
    fn: _Fn
    access: _Access
    frames: tuple[tuple[_Fn, _Call], ...]


class _Kernel:
    """The kernel's files read together, so that a loop in one header sees the pragmas of the
    top function and the sizes of accllm_config.h."""

    def __init__(self, sources: list[_Source]) -> None:
        defined = {src.name: sorted(functions(src.plain), key=lambda f: f.body_open) for src in sources}
        self.constants = self._constants(sources, defined)
        self.members: dict[str, list[_Member]] = {}
        structs = []
        for src in sources:
            for m in _STRUCT.finditer(src.plain):
                close = match_close(src.plain, m.end() - 1)
                structs.append((src, m.group(1), m.end() - 1, close))
                self.members.setdefault(m.group(1), self._members(src.plain[m.end():close]))
        known = {f.name for found in defined.values() for f in found}
        self.fns: list[_Fn] = []
        for src in sources:
            for f in defined[src.name]:
                owners = [(hi - lo, name) for s, name, lo, hi in structs if s is src and lo < f.body_open < hi]
                self.fns.append(_Fn(src, f, min(owners)[1] if owners else "", known))
        fids = [fn.fid for fn in self.fns]
        for fn in self.fns:
            if fids.count(fn.fid) > 1:
                fn.fid += f"@{fn.src.name}:{fn.src.line(fn.open)}"
        self.by_fid = {fn.fid: fn for fn in self.fns}
        self.by_name: dict[str, list[_Fn]] = {}
        for fn in self.fns:
            self.by_name.setdefault(fn.name, []).append(fn)
        self.directives = [(self._function_at(src, m.start()),
                            _Directive(m.start(), m.group(1).upper(), m.group(2)))
                           for src in sources for m in _HLS.finditer(src.code)]
        self.interfaces = [(fn, d, port) for fn in self.fns for d in fn.directives
                           if d.kind == "INTERFACE" and re.search(r"\bm_axi\b", d.text, re.IGNORECASE)
                           and (port := _option(d.text, "port"))]
        self._aggregated = self._aggregated_structs()
        self._summaries: dict[str, list[_Use]] = {}
        self._active: set[str] = set()
        self.sites: dict[str, list[_Site]] = {}
        self.maxi: set[_Key] = set()
        for top in dict.fromkeys(fn for fn, _, _ in self.interfaces):
            self._walk(top, {port: port for fn, _, port in self.interfaces if fn is top and port in top.param_index},
                       {}, ())

    # -- reading the sources ------------------------------------------------------------

    @staticmethod
    def _constants(sources: list[_Source], defined: dict[str, list[Function]]) -> dict[str, int]:
        """The integer constants declared outside function bodies, by last name."""
        pending = {m.group(1): m.group(2) for src in sources for m in _CONSTANT.finditer(src.plain)
                   if not any(f.body_open < m.start() < f.body_close for f in defined[src.name])}
        constants: dict[str, int] = {}
        while pending:
            resolved = {name: value for name, expr in pending.items()
                        if (value := eval_int(expr, constants.get)) is not None}
            if not resolved:
                break
            constants.update(resolved)
            pending = {name: expr for name, expr in pending.items() if name not in resolved}
        return constants

    @staticmethod
    def _members(body: str) -> list[_Member]:
        """The data members of a struct body, in declaration order."""
        flat, k = [], 0
        while k < len(body):  # nested blocks (member function bodies) end a declaration
            close = match_close(body, k) if body[k] == "{" else k
            flat.append(";" + " " * (close - k) if body[k] == "{" else body[k])
            k = close + 1
        found = []
        for statement in "".join(flat).split(";"):
            statement = re.sub(r"\b(?:public|private|protected)\s*:", " ", statement).strip()
            first = _MEMBER.match(statement)
            if "(" in statement or first is None or not first.group(1).strip() or \
                    re.match(r"(?:using|typedef|friend|static_assert|enum|struct|class|union|template)\b", statement):
                continue
            type_text = first.group(1).strip()
            for k, part in enumerate(split_top(statement, ",")):
                m = first if k == 0 else _MEMBER.match(" " + part.strip())
                if m is None:
                    continue
                array = bool(m.group(4).strip()) or "*" in type_text + m.group(2)
                found.append(_Member(m.group(3), type_text, array, tuple(re.findall(r"\[([^\]]*)\]", m.group(4)))))
        return found

    def _function_at(self, src: _Source, at: int) -> _Fn | None:
        return next((fn for fn in self.fns if fn.src is src and fn.open < at < fn.close), None)

    def callee(self, fn: _Fn, call: _Call, owner: str | None = None) -> _Fn | None:
        """The function a call runs: a member function of the object's class, a sibling member
        function, or a free function, with a fitting number of arguments."""
        candidates = self.by_name.get(call.name, [])
        if call.obj is not None:
            owner = owner or (fn.type_of(call.obj) if call.obj else None)
            candidates = [c for c in candidates if c.owner and c.owner == owner]
        else:
            candidates = [c for c in candidates if fn.owner and c.owner == fn.owner] or \
                         [c for c in candidates if not c.owner]
        return next((c for c in candidates if c.required <= len(call.args) <= len(c.params)), None)

    def _member_kinds(self, name: str) -> list[_Member]:
        return [m for members in self.members.values() for m in members if m.name == name]

    def key(self, fn: _Fn, chain: str, depth: int = 0) -> _Key | None:
        """The array `chain` names in `fn` ('#k' for parameter k), or None for a scalar."""
        name = _last(chain)
        own = "::" not in chain and name not in fn.param_index and name not in fn.decls
        if _is_member(chain) or (own and fn.owner and any(m.name == name for m in self.members.get(fn.owner, []))):
            kinds = self._member_kinds(name)
            return (".", name) if not kinds or any(m.array for m in kinds) else None
        if "::" in chain:
            return ("", name)
        if name in fn.aliases and depth < 8:
            return self.key(fn, fn.aliases[name], depth + 1)
        if name in fn.param_index:
            k = fn.param_index[name]
            return ("#", str(k)) if re.search(r"[*\[]", fn.params[k][0]) else None
        if name in fn.decls:
            return (fn.fid, name) if fn.decls[name].dims or fn.decls[name].pointer else None
        return ("", name)

    def norm(self, fn: _Fn, text: str, summary: bool, depth: int = 0) -> str:
        """`text` without casts and with locals assigned once replaced by their value; for a
        summary also parameter k as #k and other locals as @ (unknown to the caller)."""
        def name(m: re.Match) -> str:
            n = m.group(0)
            if n in fn.single and depth < 8:
                return f"({self.norm(fn, fn.single[n], summary, depth + 1)})"
            if summary and n in fn.param_index:
                return f"#{fn.param_index[n]}"
            return "@" if summary and n in fn.decls else n

        return _VAR.sub(name, CAST.sub("", text))

    def trip_count(self, loop: _Loop) -> int | None:
        """Iterations of `for (v = a; v < b; ++v)` (or <=, !=, v += s) with constant a, b, s."""
        init, condition, step = loop.header
        v = re.escape(loop.var)
        first = re.search(rf"\b{v}\s*=\s*(.+)$", init)
        bound = re.fullmatch(rf"{v}\s*(<=?|!=)\s*(.+)", condition)
        by = re.fullmatch(rf"{v}\s*\+=\s*(.+)", step)
        inc = 1 if re.fullmatch(rf"\+\+\s*{v}|{v}\s*\+\+", step) else \
            (eval_int(by.group(1), self.constants.get) if by else None)
        lo = eval_int(first.group(1), self.constants.get) if first else None
        hi = eval_int(bound.group(2), self.constants.get) if bound else None
        if lo is None or hi is None or not inc or inc < 0:
            return None
        return max(0, -(-(hi + (bound.group(1) == "<=") - lo) // inc))

    # -- array accesses per iteration -------------------------------------------------------

    def summary(self, fn: _Fn) -> list[_Use]:
        """Every array access one call of `fn` makes, parameters as '#k' keys."""
        if fn.fid not in self._summaries:
            if fn.fid in self._active:
                return []  # recursion: reported by lint_source
            self._active.add(fn.fid)
            self._summaries[fn.fid] = self.uses(fn, fn.open, fn.close, summary=True)
            self._active.discard(fn.fid)
        return self._summaries[fn.fid]

    def uses(self, fn: _Fn, lo: int, hi: int, summary: bool) -> list[_Use]:
        """The array accesses the code of `fn` in [lo, hi) makes each time it runs: its own
        (the same element read twice is read once) and those of the functions it calls."""
        loops = [loop for loop in fn.loops if lo <= loop.at < hi]

        def around(at: int) -> list[_Loop]:
            return [loop for loop in loops if loop.body[0] <= at < loop.body[1]]

        def times(at: int, index: tuple[str, ...]) -> int:
            return math.prod(self.trip_count(loop) or 1 for loop in around(at)
                             if _depends(index, self.varying(fn, loop) | {loop.var}))

        def fixed(at: int, subscripts: tuple[str, ...]) -> bool:
            unrolled = {loop.var for loop in around(at) if self.trip_count(loop) is not None}
            names = set().union(*(_names(self.norm(fn, s, summary=False)) for s in subscripts))
            return all(n in unrolled or n in self.constants or CONST_NAME.fullmatch(n) for n in names)

        def named(key: _Key) -> _Key:
            return (fn.fid, fn.params[int(key[1])][1]) if key[0] == "#" and not summary else key

        found: list[_Use] = []
        seen: set[tuple] = set()
        for a in fn.accesses:
            key = self.key(fn, a.chain) if lo <= a.at < hi else None
            if key is None:
                continue
            index = tuple(self.norm(fn, s, summary) for s in a.subscripts)
            shown = a.chain + "".join(f"[{s}]" for s in a.subscripts)
            for write in (False, True):
                if (a.write if write else a.read) and (key, write, index) not in seen:
                    seen.add((key, write, index))
                    found.append(_Use(a.at, named(key), write, index, shown, "", times(a.at, index),
                                      fixed(a.at, a.subscripts)))
        for call in fn.calls:
            callee = self.callee(fn, call) if lo <= call.at < hi else None
            if callee is None:
                continue
            args = [self.norm(fn, arg, summary) for arg in call.args]
            for u in self.summary(callee):
                key = u.key
                if key[0] == "#":
                    k = int(key[1])
                    base = _base(call.args[k]) if k < len(call.args) else None
                    key = (self.key(fn, base) if base else None) or (callee.fid, callee.params[k][1])
                index = tuple(re.sub(r"#(\d+)", lambda m: f"({args[int(m.group(1))]})"
                                     if int(m.group(1)) < len(args) else "@", i) for i in u.index)
                found.append(_Use(call.at, named(key), u.write, index, u.shown, u.via or callee.fid,
                                  u.times * times(call.at, index), u.fixed))
        return found

    def pragmas(self, key: _Key, kind: str) -> list[str]:
        """The options of the `kind` directives naming the array: `s.x` names member x
        anywhere, a plain name the local or parameter of its own function (or a global)."""
        scope, name = key
        found = []
        for owner, d in self.directives:
            variable = _option(d.text, "variable") if d.kind == kind else None
            if variable is None or _last(variable) != name:
                continue
            dotted = _is_member(variable)
            if (scope == "." and dotted) or (not dotted and (scope == "" or (owner and owner.fid == scope))):
                found.append(d.text)
        return found

    def _declared_type(self, key: _Key) -> str:
        scope, name = key
        if scope == ".":
            return " ".join(m.type for m in self._member_kinds(name))
        fn = self.by_fid.get(scope)
        if fn is None:
            return ""
        params = [t for t, p, _ in fn.params if p == name]
        return params[0] if params else (fn.decls[name].type if name in fn.decls else "")

    def is_stream(self, key: _Key) -> bool:
        """Whether the array is a FIFO (hls::stream, or a STREAM pragma): no memory ports."""
        return bool(self.pragmas(key, "STREAM")) or "stream" in self._declared_type(key)

    def fresh(self, key: _Key, fn: _Fn, loop: _Loop) -> bool:
        """Whether the array is new in every iteration: a non-static local of the loop body or
        of a function it calls, which cannot carry a value from one iteration to the next."""
        owner = self.by_fid.get(key[0])
        decl = owner.decls.get(key[1]) if owner else None
        return bool(decl and decl.dims and not decl.static and
                    (owner is not fn or loop.body[0] <= decl.at < loop.body[1]))

    def capacity(self, key: _Key, uses: list[_Use]) -> tuple[int | None, int | None, int | None, str] | None:
        """(accesses, reads, writes) the array serves per cycle (None: no such limit) and how,
        or None when it does not limit the II (a FIFO, registers, a complete partition)."""
        if self.is_stream(key) or self.aggregated(key):
            return None
        bound = self.bound_arrays(key)
        if bound:  # a parameter: the arrays its callers pass, the most restrictive of them
            limits = [self.capacity(k, uses) for k in bound]
            return min((c for c in limits if c is not None), default=None,
                       key=lambda c: min(n for n in c[:3] if n is not None))
        if key in self.maxi:
            return None, 1, 1, "1 read and 1 write channel (m_axi)"
        partitions = [(kind, text) for kind in ("ARRAY_PARTITION", "ARRAY_RESHAPE") for text in self.pragmas(key, kind)]
        complete = self.complete_banks(key)
        if complete is None:
            return None
        fn = self.by_fid.get(key[0])
        decl = fn.decls.get(key[1]) if fn else None
        if decl and decl.dims and not decl.static:
            sizes = [eval_int(d, self.constants.get) for d in decl.dims]
            elements = math.prod(sizes) if None not in sizes else None
            if elements is not None and (elements < _COMPLETE_THRESHOLD or
                                         (elements < _PROMOTION_THRESHOLD and all(u.fixed for u in uses))):
                return None
        storage = next((_option(text, "type") for text in self.pragmas(key, "BIND_STORAGE")), None) or ""
        banks, how = complete, f" ({storage + ', ' if storage else ''}not partitioned)"
        if complete > 1:
            how = f"{f' ({storage})' if storage else ''} after complete partitions into {complete} banks"
        for directive, text in partitions:
            factor = eval_int(_option(text, "factor") or "", self.constants.get)
            kind = re.search(r"\b(cyclic|block)\b", text, re.IGNORECASE)
            if factor:
                banks *= factor
                how = " ".join([f" ({storage})" if storage else "", "after", directive,
                                *([kind.group(1)] if kind else []), "factor", str(factor)]) + \
                    (f" and complete partitions ({banks} banks)" if complete > 1 else "")
        if storage.lower().endswith("_np"):
            return None
        if storage.lower().endswith("_1p"):
            return banks, None, None, f"{_count(banks, 'port')}{how}"
        if storage.lower() == "ram_s2p":
            return None, banks, banks, f"{banks} read and {_count(banks, 'write port')}{how}"
        return 2 * banks, None, None, f"{2 * banks} ports{how}"

    def bound_arrays(self, key: _Key, depth: int = 0) -> list[_Key]:
        """The arrays the callers of a function pass as its array parameter `key` (a function's
        partitions are its callers': Vitis inlines or propagates them); [] for anything else."""
        fn = self.by_fid.get(key[0])
        if fn is None or key[1] not in fn.param_index or depth > 8:
            return []
        k = fn.param_index[key[1]]
        found = []
        for caller in self.fns:
            for call in caller.calls:
                if call.name != fn.name or self.callee(caller, call) is not fn or k >= len(call.args):
                    continue
                base = _base(call.args[k])
                arg = self.key(caller, base) if base else None
                if arg is None:
                    continue
                arg = (caller.fid, caller.params[int(arg[1])][1]) if arg[0] == "#" else arg
                if arg[0] == caller.fid and arg[1] in caller.param_index and not self.called(caller):
                    continue  # a caller nothing in the kernel calls (a header's convenience form)
                found += self.bound_arrays(arg, depth + 1) or [arg]
        return list(dict.fromkeys(found))

    def called(self, fn: _Fn) -> bool:
        """Whether the kernel runs `fn`: a top function, or called by one that is run."""
        return any(fn is top for top, _, _ in self.interfaces) or any(
            call.name == fn.name and self.callee(caller, call) is fn for caller in self.fns for call in caller.calls)

    def aggregated(self, key: _Key) -> bool:
        """Whether the array is a member of a struct that an AGGREGATE directive packs into one
        word (its element's access reads or writes every member at once)."""
        if key[0] != ".":
            return False
        owners = [struct for struct, members in self.members.items() if any(m.name == key[1] and m.array for m in members)]
        return bool(owners) and all(struct in self._aggregated for struct in owners)

    def _aggregated_structs(self) -> set[str]:
        """The struct types of the variables AGGREGATE directives name."""
        found = set()
        for owner, d in self.directives:
            variable = _option(d.text, "variable") if d.kind == "AGGREGATE" else None
            if variable is None:
                continue
            name = _last(variable)
            if _is_member(variable):
                types = [m.type for m in self._member_kinds(name)]
            else:
                decl = owner.decls.get(name) if owner else None
                types = [decl.type] if decl else []
            found |= {re.sub(r"\b(?:const|static)\b|[&*\s]", "", t).split("::")[-1] for t in types}
        return found & set(self.members)

    def registers(self, key: _Key) -> bool:
        """Whether the array is registers (completely partitioned, here or by its callers)."""
        return all(self.complete_banks(k) is None for k in self.bound_arrays(key) or [key])

    def dims(self, key: _Key) -> list[int | None]:
        """The array's dimensions (None where a size does not resolve; [] unknown)."""
        if key[0] == ".":
            texts = next((m.dims for m in self._member_kinds(key[1]) if m.dims), ())
        else:
            fn = self.by_fid.get(key[0])
            decl = fn.decls.get(key[1]) if fn else None
            texts = decl.dims if decl else ()
        return [eval_int(d, self.constants.get) for d in texts]

    def complete_banks(self, key: _Key) -> int | None:
        """The banks the array's complete partitions make (1: none), or None when they make
        registers: `dim = 0`, or every dimension (a partition's default dim is 1)."""
        dims = self.dims(key)
        done: set[int] = set()
        for kind in ("ARRAY_PARTITION", "ARRAY_RESHAPE"):
            for text in self.pragmas(key, kind):
                if not re.search(r"\bcomplete\b", text, re.IGNORECASE):
                    continue
                dim = eval_int(_option(text, "dim") or "1", self.constants.get)
                if dim == 0 or not dims:
                    return None
                done.add(dim)
        if dims and all(d in done for d in range(1, len(dims) + 1)):
            return None
        banks = 1
        for d in done:
            banks *= dims[d - 1] if 0 < d <= len(dims) and dims[d - 1] else 1
        return banks

    def _copy_constant(self, fn: _Fn, loop: _Loop, name: str, unrolled: set[str]) -> bool:
        """Whether every assignment of `name` in the loop's body is from unrolled loop
        variables and constants only."""
        plain = fn.src.plain
        sites = [at for at, n in fn.assigns if n == name and loop.body[0] <= at < loop.body[1]]
        for at in sites:
            m = re.compile(rf"{re.escape(name)}\s*=(?!=)").match(plain, at)
            if m is None:
                return False
            rhs = plain[m.end():_scan_to(plain, m.end(), ";,")]
            if any(n not in unrolled and n not in self.constants and not CONST_NAME.fullmatch(n) for n in _names(rhs)):
                return False
        return bool(sites)

    def pipelined(self) -> list[tuple[_Fn, _Loop, int]]:
        """(function, loop, II) of each loop whose own body holds a PIPELINE directive."""
        found = []
        for fn in self.fns:
            for loop in fn.loops:
                for d in fn.loop_directives(loop):
                    if d.kind == "PIPELINE" and not re.search(r"\boff\b", d.text, re.IGNORECASE):
                        ii = _option(d.text, "II")
                        found.append((fn, loop, (eval_int(ii, self.constants.get) if ii else 1) or 1))
        return found

    @staticmethod
    def varying(fn: _Fn, loop: _Loop) -> set[str]:
        """The names a loop assigns other than its induction variable."""
        return {name for at, name in fn.assigns if loop.at <= at < loop.body[1]} - {loop.var}

    def unroll(self, fn: _Fn, loop: _Loop) -> tuple[int, str]:
        """The UNROLL factor of a loop (1 without one) and how the message states it."""
        d = next((d for d in fn.loop_directives(loop) if d.kind == "UNROLL"), None)
        if d is None:
            return 1, ""
        text = _option(d.text, "factor")
        factor = eval_int(text, self.constants.get) if text else self.trip_count(loop)
        if factor is None:
            return _UNKNOWN_FACTOR, f" (UNROLL factor {text or '(full)'} unresolved, counted as {_UNKNOWN_FACTOR})"
        return factor, f" (UNROLL factor {factor})"

    # -- the rules --------------------------------------------------------------------------

    def ii_ports(self) -> list[tuple[_Source, int, str, str]]:
        found = []
        for fn, loop, ii in self.pipelined():
            factor, unrolled = self.unroll(fn, loop)
            varying = self.varying(fn, loop) | {loop.var}
            uses = self.uses(fn, *loop.body, summary=False)
            counts: dict[_Key, list[int]] = {}
            for u in uses:
                counts.setdefault(u.key, [0, 0])[u.write] += u.times * (factor if _depends(u.index, varying) else 1)
            for key, (reads, writes) in counts.items():
                limits = self.capacity(key, [u for u in uses if u.key == key])
                if limits is None:
                    continue
                total, most_reads, most_writes, how = limits
                if not ((total is not None and reads + writes > total * ii) or
                        (most_reads is not None and reads > most_reads * ii) or
                        (most_writes is not None and writes > most_writes * ii)):
                    continue
                what = (f"accessed {reads + writes} times ({_count(reads, 'read')}, {_count(writes, 'write')})"
                        if reads and writes else f"read {_count(reads, 'time')}" if reads
                        else f"written {_count(writes, 'time')}")
                owner = self.by_fid.get(key[0])
                where = f" (local to {owner.fid})" if owner and owner is not fn else ""
                over = f" over {ii} cycles" if ii > 1 else ""
                found.append((fn.src, loop.at, "ii-ports", f"'{key[1]}'{where} {what} per iteration of a "
                              f"PIPELINE II={ii} loop{unrolled}, {how}{over}"))
        return found

    def carried_dependences(self) -> list[tuple[_Source, int, str, str]]:
        found = []
        for fn, loop, ii in self.pipelined():
            uses = self.uses(fn, *loop.body, summary=False)
            # A loop inside a pipelined iteration is unrolled: its variable names a different
            # element in each copy, not a value carried from one iteration to the next.
            unrolled = {inner.var for inner in fn.loops if loop.body[0] <= inner.at < loop.body[1]}
            varying = self.varying(fn, loop) - unrolled
            # ... and so does a name the body computes from those variables and constants alone
            # (`h = g * GROUP + r`).
            varying -= {name for name in varying if self._copy_constant(fn, loop, name, unrolled)}
            declared = {_last(_option(d.text, "variable") or "") for d in fn.directives
                        if d.kind == "DEPENDENCE" and re.search(r"\b(?:false|distance)\b", d.text, re.IGNORECASE)}
            read = {u.key for u in uses if not u.write}
            flagged: set[_Key] = set()
            for u in uses:
                if not u.write or u.key not in read or u.key in flagged or u.key[1] in declared or \
                        self.is_stream(u.key) or self.fresh(u.key, fn, loop) or self.aggregated(u.key):
                    continue
                if self.registers(u.key) and not (re.search(r"\b(?:float|double)\b", self._declared_type(u.key))
                                                  and _ACCUMULATE_ELEMENT.match(fn.src.plain, u.at)):
                    continue  # registers: no memory; an integer sum or a select settles in a cycle
                if any(loop.var in _names(i) for i in u.index) and \
                        all(_affine(i, loop.var, varying) for i in u.index):
                    continue
                flagged.add(u.key)
                via = f" in {u.via}" if u.via else ""
                found.append((fn.src, u.at, "ii-carried-dependence",
                              f"'{u.key[1]}' written at {u.shown}{via} and read in a PIPELINE II={ii} loop over "
                              f"'{loop.var}': the index is not an affine function of '{loop.var}' alone, so an "
                              f"iteration may read what the one before wrote; no DEPENDENCE pragma for '{u.key[1]}'"))
            floats = {name for name, d in fn.decls.items() if d.type in ("float", "double") and not d.dims
                      and not d.pointer and not loop.body[0] <= d.at < loop.body[1]}
            floats |= {name for type_text, name, _ in fn.params
                       if re.fullmatch(r"(?:const\s+)?(?:float|double)\s*&?", type_text)}
            for m in _ACCUMULATE.finditer(fn.src.plain, *loop.body):
                if m.group(1) in floats:
                    found.append((fn.src, m.start(), "ii-carried-dependence",
                                  f"float '{m.group(1)}' accumulated across iterations of a PIPELINE II={ii} loop: "
                                  "each addition waits for the previous one through the floating-point adder's "
                                  "latency (accumulate an integer or fixed-point value, or independent partial sums)"))
        return found

    def _walk(self, fn: _Fn, bound: dict[str, str], objects: dict[str, tuple[str, dict[str, str]]],
              frames: tuple[tuple[_Fn, _Call], ...]) -> None:
        """Record where the ports `bound` (local name -> port) are accessed in `fn` and in the
        functions it passes them to; `objects` are structs initialized with ports."""
        objects = dict(objects)
        plain = fn.src.plain
        for m in _AGGREGATE.finditer(plain, fn.open + 1, fn.close):
            items = split_top(plain[m.end():match_close(plain, m.end() - 1)], ",")
            mapping = {member.name: bound[name] for member, item in zip(self.members.get(m.group(1), []), items)
                       if (name := self._bound_name(fn, item)) in bound}
            if mapping:
                objects[m.group(2)] = (m.group(1), mapping)
        for name in bound:
            self.maxi.add((fn.fid, name) if name in fn.param_index or name in fn.decls else (".", name))
        for a in fn.accesses:
            name = self._bound_name(fn, a.chain)
            if name in bound:
                self.sites.setdefault(bound[name], []).append(_Site(fn, a, frames))
        for call in fn.calls:
            struct, members = objects.get(call.obj or "", ("", {}))
            callee = self.callee(fn, call, struct or None)
            if callee is None or callee is fn or any(callee is f for f, _ in frames):
                continue
            inner, inner_objects = dict(members), {}
            for (_, param, _), arg in zip(callee.params, call.args):
                name = self._bound_name(fn, arg)
                if name in bound:
                    inner[param] = bound[name]
                if name in objects:
                    inner_objects[param] = objects[name]
            if inner or inner_objects:
                self._walk(callee, inner, inner_objects, frames + ((fn, call),))

    @staticmethod
    def _bound_name(fn: _Fn, expr: str) -> str | None:
        """The plain local or parameter an expression designates, through pointer aliases."""
        chain = _base(expr)
        for _ in range(8):
            if chain is None or _is_member(chain) or "::" in chain:
                return None
            if chain not in fn.aliases:
                return chain
            chain = fn.aliases[chain]
        return None

    def _sequential(self, index: str, fn: _Fn, at: int, frames: tuple[tuple[_Fn, _Call], ...]) -> bool:
        """Whether `index` is base + the variable of a loop around `at`; a parameter stands
        for the argument of the call that bound it."""
        terms = [strip_parens(t) for t in _terms(strip_parens(self.norm(fn, index, summary=False)))]
        if {loop.var for loop in fn.enclosing(at)} & set(terms):
            return True
        params = [t for t in terms if t in fn.param_index]
        if len(params) != 1 or not frames:
            return False
        caller, call = frames[-1]
        k = fn.param_index[params[0]]
        return k < len(call.args) and self._sequential(call.args[k], caller, call.at, frames[:-1])

    def bursts(self) -> list[tuple[_Source, int, str, str]]:
        bundles = {port: _option(d.text, "bundle") or "default" for _, d, port in self.interfaces}
        found = []
        for port, sites in self.sites.items():
            conditional = sum(1 for s in sites if s.fn.conditional(s.access.at) or
                              any(f.conditional(call.at) for f, call in s.frames))
            scattered = sum(1 for s in sites if not self._sequential(
                s.access.subscripts[0] if s.access.subscripts else "", s.fn, s.access.at, s.frames))
            if len(sites) == 1 and not conditional and not scattered:
                continue
            first = sites[0]
            path = " > ".join([f.fid for f, _ in first.frames] + [first.fn.fid])
            problems = [f"accessed in {len(sites)} place{'s' * (len(sites) > 1)}"]
            problems += [f"{conditional} inside a switch/if"] if conditional else []
            problems += [f"{scattered} not at base + loop variable"] if scattered else []
            shown = first.access.chain + "".join(f"[{s}]" for s in first.access.subscripts)
            found.append((first.fn.src, first.access.at, "burst-port",
                          f"m_axi port '{port}' (bundle {bundles[port]}): {', '.join(problems)}; a burst needs one "
                          f"unconditional loop over base + i (first: '{shown}' in {path})"))
        return found

    def bundle_conflicts(self) -> list[tuple[_Source, int, str, str]]:
        groups: dict[str, list[tuple[_Fn, _Directive, str]]] = {}
        for fn, d, port in self.interfaces:
            if _option(d.text, "bundle"):
                groups.setdefault(_option(d.text, "bundle"), []).append((fn, d, port))
        found = []
        for bundle, ports in groups.items():
            differing = [o for o in _BUNDLE_OPTIONS if len({_option(d.text, o) for _, d, _ in ports}) > 1]
            if not differing:
                continue
            kinds: dict[str, list[str]] = {}
            for _, d, port in ports:
                options = ", ".join(f"{o} = {_option(d.text, o)}" for o in differing if _option(d.text, o))
                kinds.setdefault(options or "defaults", []).append(f"'{port}'")
            fn, d, _ = ports[0]
            found.append((fn.src, d.at, "bundle-conflict",
                          f"m_axi bundle '{bundle}' is shared by ports with different {', '.join(differing)}: " +
                          " vs ".join(f"{', '.join(names)} ({options})" for options, names in kinds.items())))
        return found


def _ii_findings(files: Mapping[str, str]) -> list[tuple[str, int, str, str]]:
    """(file, line, rule, detail) of every II-rule finding in the kernel `files` (name -> text)."""
    kernel = _Kernel([_Source.parse(name, text) for name, text in files.items()])
    found = kernel.ii_ports() + kernel.carried_dependences() + kernel.bursts() + kernel.bundle_conflicts()
    return sorted({(src.name, src.line(at), rule, detail) for src, at, rule, detail in found})


def lint_ii_source(text: str, filename: str, *, context: Mapping[str, str] | None = None) -> list[str]:
    """The II-rule findings in one source, as '<filename>:<line>: <rule>: <detail>' lines.
    `context` (other kernel files, name -> text) supplies the constants, pragmas, functions and
    top-function ports the source refers to; only findings in `filename` are returned."""
    files = {filename: text, **{name: body for name, body in sorted((context or {}).items()) if name != filename}}
    return [f"{name}:{line}: {rule}: {detail}" for name, line, rule, detail in _ii_findings(files)
            if name == filename]


def lint_ii_project(project_dir: str | Path) -> list[str]:
    """The II-rule findings of a generated project's kernel, read as one program."""
    return [f"{name}:{line}: {rule}: {detail}"
            for name, line, rule, detail in _ii_findings(kernel_files(Path(project_dir)))]
