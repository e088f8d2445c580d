#!/usr/bin/env python3
"""Train accllm's built-in default model: a `tiny-llama` (see frontend/architectures.py) trained from
scratch on the pydocs corpus (the Python 3.11 documentation sources), on CPU.

Everything is seeded: the byte-level BPE tokenizer, the weight initialisation and the sequence of
random training windows. Given the same `--seed`, `--steps`, batch/lr options, data, thread count and
library versions, a run reproduces the same checkpoint (bit-for-bit on the same machine type).

Without `--steps`, the number of steps is derived from `--time-budget-min`: a few throw-away steps on a
copy of the model measure seconds/step, and the run is sized to finish (tokenizer, training, periodic
validation and the final evaluation) within the budget. The chosen step count is logged together with
the exact command that reproduces the run with a fixed `--steps`.

Typical use (from the repository root; takes about 50 minutes on 2 CPU cores):

    python tools/train_builtin_model.py --time-budget-min 50

Quick timing probe (trains a few steps, prints seconds/step, writes nothing into the repository):

    python tools/train_builtin_model.py --probe 10 --batch-size 16

The tokenized data cache goes to `--work-dir` (default: a directory under the system temp dir), never
into the repository.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import math
import os
import platform
import random
import shlex
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "pydocs"
DEFAULT_OUT = REPO / "accllm" / "models" / "pydocs-tiny-llama"
SPECIAL_TOKENS = ["<s>", "</s>", "<unk>", "<pad>"]  # ids 0, 1, 2, 3


def log(msg: str, lines: list[str]) -> None:
    from tqdm import tqdm

    lines.append(msg)
    tqdm.write(msg, file=sys.stdout)
    sys.stdout.flush()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--train", type=Path, action="append",
                   help="training text file; repeat for several (each file is one document, "
                        "documents are joined with </s>) [default: pydocs train.txt]")
    p.add_argument("--valid", type=Path, default=DATA / "valid.txt")
    p.add_argument("--test", type=Path, default=DATA / "test.txt")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output model directory")
    p.add_argument("--work-dir", type=Path,
                   default=Path(tempfile.gettempdir()) / "accllm-train-builtin-model",
                   help="cache for tokenized data (keep outside the repository)")
    p.add_argument("--arch", default="tiny-llama", help="architecture preset (frontend/architectures.py)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    p.add_argument("--steps", type=int, default=None,
                   help="optimizer steps (the LR schedule spans them); derived from "
                        "--time-budget-min when omitted")
    p.add_argument("--time-budget-min", type=float, default=None,
                   help="wall-clock budget for the whole run (tokenizer, training, evaluation); sizes "
                        "--steps when it is omitted, and is a hard stop for training otherwise")
    p.add_argument("--stop-after", type=int, default=None,
                   help="stop after this many steps although the schedule spans --steps (only to "
                        "reproduce a run that hit its time budget)")
    p.add_argument("--batch-size", type=int, default=16, help="sequences per step")
    p.add_argument("--seq-len", type=int, default=512, help="training window (tokens)")
    p.add_argument("--lr", type=float, default=3e-3, help="peak learning rate")
    p.add_argument("--min-lr-ratio", type=float, default=0.1, help="final lr = ratio * peak")
    p.add_argument("--warmup-steps", type=int, default=None,
                   help="linear warmup steps [default: 5%% of --steps, at least 10]")
    p.add_argument("--weight-decay", type=float, default=0.1, help="on matrices only")
    p.add_argument("--beta1", type=float, default=0.9)
    p.add_argument("--beta2", type=float, default=0.95)
    p.add_argument("--grad-clip", type=float, default=1.0)
    p.add_argument("--vocab-size", type=int, default=None, help="[default: the preset's]")
    p.add_argument("--eval-every", type=int, default=50, help="steps between validation evals")
    p.add_argument("--eval-windows", type=int, default=16,
                   help="fixed validation subset for periodic evals (windows of --seq-len)")
    p.add_argument("--eval-context", type=int, default=512,
                   help="context of the final perplexity evaluation (stride = context)")
    p.add_argument("--probe", type=int, default=None, metavar="N",
                   help="timing probe: train N steps, print seconds/step and exit without saving")
    args = p.parse_args(argv)
    if not args.train:
        args.train = [DATA / "train.txt"]
    if args.steps is None and args.time_budget_min is None and args.probe is None:
        p.error("give --steps, --time-budget-min, or both")
    return args


# ----------------------------------------------------------------------------------------------
# Tokenizer and data


def train_tokenizer(texts: list[str], vocab_size: int):
    """A byte-level BPE (GPT-2 style pre-tokenization, no normalization, so decode(encode(x)) == x)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE(unk_token=None, fuse_unk=False, byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, min_frequency=2, special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer, length=len(texts))
    return tok


def save_tokenizer(tok, out: Path, max_len: int) -> None:
    from transformers import PreTrainedTokenizerFast

    hf = PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>",
        pad_token="<pad>", model_max_length=max_len, clean_up_tokenization_spaces=False,
    )
    hf.save_pretrained(out)
    # transformers 5 writes its own class name (TokenizersBackend); the generic fast-tokenizer name
    # loads in transformers 4 and 5 alike.
    cfg_path = out / "tokenizer_config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["tokenizer_class"] = "PreTrainedTokenizerFast"
    cfg_path.write_text(json.dumps(cfg, indent=2, ensure_ascii=False) + "\n")
    smap = out / "special_tokens_map.json"
    if not smap.exists():  # transformers 5 folds it into tokenizer_config.json; keep it for older readers
        smap.write_text(json.dumps({"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
                                    "pad_token": "<pad>"}, indent=2) + "\n")


def encode(tok, text: str, cache_dir: Path, tok_hash: str):
    """Token ids of `text` (cached under cache_dir, keyed by tokenizer and text hashes)."""
    import numpy as np

    key = hashlib.sha256(tok_hash.encode() + hashlib.sha256(text.encode()).digest()).hexdigest()[:24]
    path = cache_dir / f"ids-{key}.npy"
    if path.exists():
        return np.load(path)
    ids = np.asarray(tok.encode(text).ids, dtype=np.int32)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(tmp, ids)
    os.replace(tmp, path)
    return ids


# ----------------------------------------------------------------------------------------------
# Model, schedule, evaluation


def lr_at(step: int, args) -> float:
    """Linear warmup to --lr, then cosine decay to --min-lr-ratio * --lr at the last step."""
    if step < args.warmup_steps:
        return args.lr * (step + 1) / args.warmup_steps
    progress = (step - args.warmup_steps) / max(1, args.steps - args.warmup_steps)
    progress = min(1.0, progress)
    ratio = args.min_lr_ratio + (1 - args.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * progress))
    return args.lr * ratio


def batch_loss(model, batch):
    import torch.nn.functional as F

    logits = model(input_ids=batch[:, :-1]).logits
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), batch[:, 1:].reshape(-1).long())


def eval_windows(ids, context: int):
    """Non-overlapping windows (stride = context): window k feeds ids[s:s+L] and predicts
    ids[s+1:s+L+1] with s = k*context, so every token after the first is predicted exactly once,
    with between 1 and `context` tokens of context."""
    n = len(ids)
    return [(s, min(context, n - 1 - s)) for s in range(0, n - 1, context)]


def nll_sum(model, ids, windows, batch_size: int = 16):
    """Summed negative log-likelihood (nats) and predicted-token count over `windows`."""
    import torch
    import torch.nn.functional as F

    total, count = 0.0, 0
    t = torch.as_tensor(ids, dtype=torch.long)
    model.eval()
    with torch.no_grad():
        by_len: dict[int, list[int]] = {}
        for s, length in windows:
            by_len.setdefault(length, []).append(s)
        for length, starts in by_len.items():
            for i in range(0, len(starts), batch_size):
                chunk = starts[i:i + batch_size]
                x = torch.stack([t[s:s + length + 1] for s in chunk])
                logits = model(input_ids=x[:, :-1]).logits
                loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(),
                                       x[:, 1:].reshape(-1), reduction="sum")
                total += float(loss.double())
                count += x[:, 1:].numel()
    model.train()
    return total, count


def split_metrics(model, ids, n_bytes: int, context: int, prefix_tokens: int = 20480) -> dict:
    total, count = nll_sum(model, ids, eval_windows(ids, context))
    pt, pc = nll_sum(model, ids[:prefix_tokens + 1], eval_windows(ids[:prefix_tokens + 1], context))
    return {
        "tokens": int(len(ids)), "bytes": int(n_bytes), "predicted_tokens": count,
        "loss": total / count, "ppl": math.exp(total / count),
        "bits_per_byte": total / math.log(2) / n_bytes,
        "context": context, "stride": context,
        f"prefix_{prefix_tokens}_tokens_loss": pt / pc,
        f"prefix_{prefix_tokens}_tokens_ppl": math.exp(pt / pc),
    }


# ----------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    t_start = time.time()
    args = parse_args(argv)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")
    import numpy as np
    import torch
    from tqdm import tqdm
    import tokenizers
    import transformers
    from transformers import LlamaConfig, LlamaForCausalLM

    from accllm.frontend.architectures import _ARCHITECTURES

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    lines: list[str] = []
    command = "python " + shlex.join([os.path.relpath(__file__, REPO)] + (argv if argv is not None else sys.argv[1:]))
    log(f"command: {command}", lines)

    arch = dict(_ARCHITECTURES[args.arch])
    if args.vocab_size:
        arch["vocab_size"] = args.vocab_size
    if args.seq_len > arch["max_position_embeddings"]:
        raise SystemExit(f"--seq-len {args.seq_len} exceeds the context {arch['max_position_embeddings']}")

    # --- data and tokenizer ---------------------------------------------------------------------
    train_texts = [p.read_text(encoding="utf-8") for p in args.train]
    valid_text = args.valid.read_text(encoding="utf-8")
    test_text = args.test.read_text(encoding="utf-8")
    t0 = time.time()
    tok = train_tokenizer(train_texts, arch["vocab_size"])
    tok_json = tok.to_str()
    tok_hash = hashlib.sha256(tok_json.encode()).hexdigest()
    assert tok.get_vocab_size() == arch["vocab_size"], tok.get_vocab_size()
    eos = tok.token_to_id("</s>")
    docs = [encode(tok, t, args.work_dir, tok_hash) for t in train_texts]
    train_ids = np.concatenate([np.append(d, eos).astype(np.int32) for d in docs])
    valid_ids = encode(tok, valid_text, args.work_dir, tok_hash)
    test_ids = encode(tok, test_text, args.work_dir, tok_hash)
    log(f"tokenizer: byte-level BPE, vocab {tok.get_vocab_size()}, sha256 {tok_hash[:16]}, "
        f"{time.time() - t0:.1f}s (with encoding)", lines)
    n_train_bytes = sum(len(t.encode()) for t in train_texts)
    log(f"data: train {len(train_ids):,} tokens ({n_train_bytes / len(train_ids):.2f} bytes/token, "
        f"{len(docs)} document(s)), valid {len(valid_ids):,}, test {len(test_ids):,}", lines)

    # --- model ------------------------------------------------------------------------------------
    config = LlamaConfig(
        **arch, bos_token_id=tok.token_to_id("<s>"), eos_token_id=eos,
        pad_token_id=tok.token_to_id("<pad>"), attn_implementation="sdpa",
    )
    torch.manual_seed(args.seed)
    model = LlamaForCausalLM(config).float()
    model.train()
    n_params = sum(p.numel() for p in model.parameters())
    log(f"model: {args.arch}, {n_params:,} parameters, {config._attn_implementation} attention", lines)

    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]

    def make_optimizer(m_decay, m_no_decay):
        return torch.optim.AdamW(
            [{"params": m_decay, "weight_decay": args.weight_decay},
             {"params": m_no_decay, "weight_decay": 0.0}],
            lr=args.lr, betas=(args.beta1, args.beta2), eps=1e-8, fused=True,
        )

    optimizer = make_optimizer(decay, no_decay)
    data = torch.as_tensor(train_ids.astype(np.int64))
    gen = torch.Generator().manual_seed(args.seed)
    window = args.seq_len + 1
    n_starts = len(data) - window + 1

    def next_batch():
        starts = torch.randint(0, n_starts, (args.batch_size,), generator=gen)
        return torch.stack([data[s:s + window] for s in starts.tolist()])

    val_windows_all = [w for w in eval_windows(valid_ids, args.seq_len) if w[1] == args.seq_len]
    pick = np.linspace(0, len(val_windows_all) - 1, min(args.eval_windows, len(val_windows_all)))
    val_subset = [val_windows_all[int(round(i))] for i in pick]

    # --- step count ---------------------------------------------------------------------------------
    def time_steps(n: int) -> tuple[float, float]:
        """Seconds per training step and per periodic eval, measured on a throw-away model copy
        with its own random batches (the real model, optimizer and data stream are untouched)."""
        m = copy.deepcopy(model)
        opt = make_optimizer([p for p in m.parameters() if p.dim() >= 2],
                             [p for p in m.parameters() if p.dim() < 2])
        g = torch.Generator().manual_seed(12345)
        times = []
        for _ in range(n + 1):
            x = data[torch.randint(0, n_starts, (1,), generator=g).item():][:window].repeat(args.batch_size, 1)
            t = time.time()
            batch_loss(m, x).backward()
            opt.step()
            opt.zero_grad(set_to_none=True)
            times.append(time.time() - t)
        t = time.time()
        nll_sum(m, valid_ids, val_subset)
        return float(np.median(times[1:])), time.time() - t

    eval_tokens = len(val_subset) * args.seq_len
    final_eval_tokens = len(valid_ids) + len(test_ids) + 2 * 20480
    planned_from_budget = False
    if args.probe is None and args.steps is None:
        sps, eval_s = time_steps(3)
        final_eval_s = 1.3 * eval_s * final_eval_tokens / eval_tokens
        remaining = args.time_budget_min * 60 - (time.time() - t_start) - final_eval_s - 30
        per_step = sps + eval_s / args.eval_every
        args.steps = max(1, int(0.92 * remaining / per_step))
        planned_from_budget = True
        log(f"budget: {sps:.2f} s/step, periodic eval {eval_s:.1f}s, final eval ~{final_eval_s:.0f}s "
            f"-> {args.steps} steps (provisional; re-planned at the end of warmup)", lines)
    if args.probe is not None:
        args.steps = args.probe
    if args.warmup_steps is None:
        args.warmup_steps = max(10, round(0.05 * args.steps))
    stop_after = min(args.steps, args.stop_after or args.steps)

    # --- training -------------------------------------------------------------------------------
    history: list[dict] = []
    evals: list[dict] = []
    tokens_per_step = args.batch_size * args.seq_len
    log(f"training: {args.steps} steps x {args.batch_size} x {args.seq_len} tokens, lr {args.lr:g} "
        f"(warmup {args.warmup_steps}, cosine to {args.min_lr_ratio:g}x), wd {args.weight_decay:g}, "
        f"clip {args.grad_clip:g}, seed {args.seed}, {args.threads} threads", lines)

    def do_eval(step: int) -> float:
        t = time.time()
        total, count = nll_sum(model, valid_ids, val_subset)
        evals.append({"step": step, "val_loss": total / count, "val_ppl": math.exp(total / count),
                      "tokens_seen": step * tokens_per_step, "elapsed_s": time.time() - t_start,
                      "eval_s": time.time() - t})
        return total / count

    def final_eval_estimate() -> float:
        per_token = float(np.median([e["eval_s"] for e in evals])) / eval_tokens if evals else 0.0
        return 1.3 * per_token * final_eval_tokens

    def training_deadline() -> float | None:
        """Time by which training must stop to leave room for the final evaluation and saving."""
        if args.time_budget_min is None or args.probe is not None:
            return None
        return t_start + args.time_budget_min * 60 - final_eval_estimate() - 45

    t_train = time.time()
    truncated = False
    replanned = None
    bar = tqdm(total=stop_after, desc="train", unit="step", mininterval=5, dynamic_ncols=True, file=sys.stderr)
    smoothed = None
    step = 0
    while step < stop_after:
        if args.probe is None and (step % args.eval_every == 0):
            vl = do_eval(step)
            log(f"step {step:5d} | val loss {vl:.4f} | val ppl {math.exp(vl):8.2f} | "
                f"elapsed {time.time() - t_start:7.1f}s", lines)
        lr = lr_at(step, args)
        for group in optimizer.param_groups:
            group["lr"] = lr
        t = time.time()
        loss = batch_loss(model, next_batch())
        loss.backward()
        grad_norm = float(torch.nn.utils.clip_grad_norm_(model.parameters(), args.grad_clip))
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        dt = time.time() - t
        lv = float(loss.detach())
        smoothed = lv if smoothed is None else 0.9 * smoothed + 0.1 * lv
        step += 1
        history.append({"step": step, "loss": lv, "lr": lr, "grad_norm": grad_norm,
                        "tokens_seen": step * tokens_per_step,
                        "elapsed_s": time.time() - t_start, "step_s": dt})
        bar.set_postfix(loss=f"{smoothed:.3f}", lr=f"{lr:.2e}", refresh=False)
        bar.update(1)
        if step % 10 == 0 or step == 1:
            recent = [h["step_s"] for h in history[-10:]]
            log(f"step {step:5d} | loss {lv:.4f} | lr {lr:.2e} | gnorm {grad_norm:.2f} | "
                f"tokens {step * tokens_per_step:,} | {sum(recent) / len(recent):.2f} s/step | "
                f"elapsed {time.time() - t_start:7.1f}s", lines)
        if planned_from_budget and step == args.warmup_steps and step < stop_after:
            # Re-plan the step count from the real seconds/step of the warmup steps. The warmup
            # schedule does not depend on --steps, so the run equals one started with the final
            # --steps (and this --warmup-steps) from the beginning.
            sps = float(np.mean([h["step_s"] for h in history[1:]] or [dt]))
            per_step = sps + float(np.median([e["eval_s"] for e in evals])) / args.eval_every
            remaining = training_deadline() - time.time()
            new_steps = max(step + 1, step + int(0.85 * remaining / per_step))
            log(f"re-plan after warmup: {sps:.2f} s/step measured -> {new_steps} steps "
                f"(was {args.steps})", lines)
            replanned = {"at_step": step, "sec_per_step": sps, "from": args.steps, "to": new_steps}
            args.steps = stop_after = new_steps
            bar.total = stop_after
        deadline = training_deadline()
        if deadline is not None and time.time() > deadline and step < stop_after:
            truncated = True
            log(f"time budget reached: stopping after step {step} of {args.steps}", lines)
            break
    bar.close()
    steps_done = len(history)
    train_s = time.time() - t_train
    sec_per_step = float(np.mean([h["step_s"] for h in history]))
    if args.probe is not None:
        log(f"probe: {steps_done} steps, {sec_per_step:.2f} s/step (median "
            f"{float(np.median([h['step_s'] for h in history[1:] or history])):.2f}), "
            f"{tokens_per_step / sec_per_step:.0f} tokens/s", lines)
        return 0
    vl = do_eval(steps_done)
    log(f"step {steps_done:5d} | val loss {vl:.4f} | val ppl {math.exp(vl):8.2f} | "
        f"elapsed {time.time() - t_start:7.1f}s", lines)

    reproduce = [os.path.relpath(__file__, REPO), "--steps", str(args.steps)]
    for flag, value, default in [
        ("--seed", args.seed, 0), ("--threads", args.threads, 2), ("--batch-size", args.batch_size, 16),
        ("--seq-len", args.seq_len, 512), ("--lr", args.lr, 3e-3), ("--min-lr-ratio", args.min_lr_ratio, 0.1),
        ("--weight-decay", args.weight_decay, 0.1), ("--beta1", args.beta1, 0.9),
        ("--beta2", args.beta2, 0.95), ("--grad-clip", args.grad_clip, 1.0),
        ("--eval-every", args.eval_every, 50), ("--eval-windows", args.eval_windows, 16),
        ("--arch", args.arch, "tiny-llama"), ("--eval-context", args.eval_context, 512),
    ]:
        if value != default:
            reproduce += [flag, str(value)]
    if args.warmup_steps != max(10, round(0.05 * args.steps)):
        reproduce += ["--warmup-steps", str(args.warmup_steps)]
    if args.vocab_size:
        reproduce += ["--vocab-size", str(args.vocab_size)]
    if [p.resolve() for p in args.train] != [(DATA / "train.txt").resolve()]:
        for p in args.train:
            reproduce += ["--train", str(p)]
    if truncated or steps_done < args.steps:
        reproduce += ["--stop-after", str(steps_done)]

    # --- final evaluation ---------------------------------------------------------------------
    t0 = time.time()
    valid_m = split_metrics(model, valid_ids, len(valid_text.encode()), args.eval_context)
    test_m = split_metrics(model, test_ids, len(test_text.encode()), args.eval_context)
    log(f"final: valid ppl {valid_m['ppl']:.3f} (loss {valid_m['loss']:.4f}, {valid_m['bits_per_byte']:.3f} "
        f"bits/byte) | test ppl {test_m['ppl']:.3f} (loss {test_m['loss']:.4f}, "
        f"{test_m['bits_per_byte']:.3f} bits/byte) | context {args.eval_context}, stride "
        f"{args.eval_context} | {time.time() - t0:.0f}s", lines)

    # --- save -------------------------------------------------------------------------------------
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    os.chmod(out / "model.safetensors", 0o644)
    save_tokenizer(tok, out, arch["max_position_embeddings"])
    total_s = time.time() - t_start
    record = {
        "command": command,
        "reproduce_command": "python " + shlex.join(reproduce),
        "seed": args.seed,
        "args": {k: (str(v) if isinstance(v, Path) else [str(x) for x in v] if isinstance(v, list) else v)
                 for k, v in vars(args).items()},
        "architecture": args.arch,
        "model_config": config.to_dict(),
        "parameters": n_params,
        "tokenizer": {"type": "byte-level BPE (tokenizers)", "vocab_size": tok.get_vocab_size(),
                      "special_tokens": SPECIAL_TOKENS, "sha256": tok_hash},
        "data": {
            "train": [str(p) for p in args.train], "valid": str(args.valid), "test": str(args.test),
            "train_sha256": [hashlib.sha256(t.encode()).hexdigest() for t in train_texts],
            "train_tokens": int(len(train_ids)), "train_bytes": n_train_bytes,
            "valid_tokens": int(len(valid_ids)), "test_tokens": int(len(test_ids)),
        },
        "steps_planned": args.steps, "steps": steps_done, "truncated_by_time_budget": truncated,
        "steps_from_time_budget": planned_from_budget, "replanned_after_warmup": replanned,
        "tokens_per_step": tokens_per_step, "tokens_seen": steps_done * tokens_per_step,
        "epochs": steps_done * tokens_per_step / len(train_ids),
        "sec_per_step": sec_per_step, "train_time_s": train_s, "total_time_s": total_s,
        "final": {"valid": valid_m, "test": test_m,
                  "note": f"perplexity over non-overlapping {args.eval_context}-token windows "
                          f"(stride {args.eval_context}); each split is one token stream; every token "
                          "after the first is predicted once, with 1..context tokens of context"},
        "evals": evals,
        "history": history,
        "environment": {"python": platform.python_version(), "torch": torch.__version__,
                        "transformers": transformers.__version__, "tokenizers": tokenizers.__version__,
                        "numpy": np.__version__, "threads": args.threads,
                        "machine": platform.machine(), "processor": platform.processor()},
    }
    log(f"saved {out} ({(out / 'model.safetensors').stat().st_size:,} bytes weights) in "
        f"{total_s / 60:.1f} min total; reproduce: {record['reproduce_command']}", lines)
    (out / "training_log.json").write_text(json.dumps(record, indent=1) + "\n")
    (out / "training_log.txt").write_text("\n".join(lines) + "\n")
    write_readme(out, record)
    return 0


def write_readme(out: Path, r: dict) -> None:
    v, t = r["final"]["valid"], r["final"]["test"]
    c = r["model_config"]
    size = (out / "model.safetensors").stat().st_size
    text = f"""# pydocs-tiny-llama

accllm's built-in default model: a `{r['architecture']}` LlamaForCausalLM ({r['parameters']:,} parameters:
vocab {c['vocab_size']}, hidden {c['hidden_size']}, FFN {c['intermediate_size']}, {c['num_hidden_layers']} layers,
{c['num_attention_heads']} heads / {c['num_key_value_heads']} KV heads, context {c['max_position_embeddings']},
{'tied' if c.get('tie_word_embeddings') else 'untied'} embeddings) trained from scratch on CPU with `tools/train_builtin_model.py`. Float32 weights
(`model.safetensors`, {size:,} bytes) and its own byte-level BPE tokenizer (`tokenizer.json`, vocab
{r['tokenizer']['vocab_size']}, special tokens {', '.join('`%s`' % s for s in r['tokenizer']['special_tokens'])}).
Loads with `transformers.AutoModelForCausalLM.from_pretrained` / `AutoTokenizer.from_pretrained`.

It is a small demo model for compiling and simulating, not a useful language model.

## Data

The pydocs corpus: reStructuredText sources of the Python 3.11 documentation (PSF license), split by
file into train ({r['data']['train_bytes']:,} bytes, {r['data']['train_tokens']:,} tokens), valid
({v['bytes']:,} bytes, {v['tokens']:,} tokens) and test ({t['bytes']:,} bytes, {t['tokens']:,} tokens).

## Training

    {r['reproduce_command']}

(run as `{r['command']}`; the step count was {'derived from the time budget' if r['steps_from_time_budget'] else 'given'}.)
{r['steps']} steps of {r['args']['batch_size']} x {r['args']['seq_len']} tokens ({r['tokens_seen']:,} tokens,
{r['epochs']:.2f} epochs), AdamW (peak lr {r['args']['lr']:g}, {r['args']['warmup_steps']} warmup steps, cosine
to {r['args']['min_lr_ratio']:g}x, weight decay {r['args']['weight_decay']:g}, clip {r['args']['grad_clip']:g}),
seed {r['seed']}, {r['environment']['threads']} CPU threads: {r['train_time_s'] / 60:.1f} min of training,
{r['total_time_s'] / 60:.1f} min in all ({r['sec_per_step']:.2f} s/step).

## Results

Perplexity per token over non-overlapping {v['context']}-token windows (stride {v['stride']}):

| split | perplexity | loss (nats/token) | bits/byte |
|---|---|---|---|
| valid | {v['ppl']:.2f} | {v['loss']:.4f} | {v['bits_per_byte']:.3f} |
| test | {t['ppl']:.2f} | {t['loss']:.4f} | {t['bits_per_byte']:.3f} |

`training_log.json` has the full record (config, per-step loss, validation curve, environment);
`training_log.txt` is the console log.
"""
    (out / "README.md").write_text(text)


if __name__ == "__main__":
    sys.exit(main())
