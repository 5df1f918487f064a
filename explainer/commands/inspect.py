"""mlp-explainer inspect: a readable summary of a trace, or JSON for machines."""

from __future__ import annotations

import json

from mlp.trace import load_trace
from scenes.toolkit.words import percent

NAME = "inspect"
HELP = "Summarise a trace file (architecture, training, final loss and accuracy)."


def add_arguments(p) -> None:
    p.add_argument("trace", help="a trace file (.npz)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")


def _points(shown: int, total: int) -> str:
    """"200 examples", or "2,000 of 60,000 examples" when the trace holds a sample."""
    return f"{shown} examples" if shown == total else f"{shown:,} of {total:,} examples"


def format_summary(s: dict) -> str:
    arch = "-".join(map(str, s["sizes"]))
    acts = ", ".join(s["activations"]) or "none (no hidden layer)"
    tr = s["training"]
    ds = s["dataset"]
    lines = [
        f"trace      {s['path']}",
        f"network    {arch}  hidden: {acts}  output: {s['output']}"
        + (f"  input map: {s['input_map']}" if s["input_map"] != "identity" else ""),
        f"data       {ds.get('name', '?')}, {_points(s['n_examples'], s['n_total'])}"
        + (f", test set of {_points(s['n_test'], s['n_test_total'])}" if "n_test" in s else ""),
    ]
    if tr:
        opt = tr.get("optimizer")
        lr = tr.get("lr", tr.get("optimizer_lr"))
        parts = [str(opt) if opt else None,
                 f"lr {lr}" if lr is not None else None,
                 "betas " + ", ".join(map(str, tr["betas"]))
                 if isinstance(tr.get("betas"), list) else None,
                 f"eps {tr['eps']}" if "eps" in tr else None,
                 f"{tr['steps']} steps" if "steps" in tr else None,
                 "full batch" if tr.get("full_batch") else
                 (f"batch {tr['batch_size']}" if tr.get("batch_size") else None),
                 f"momentum {tr['momentum']}" if tr.get("momentum") else None,
                 f"l2 {tr['l2']}" if tr.get("l2") else None]
        lines.append("training   " + ", ".join(p for p in parts if p))
    prod = s["producer"]
    if prod:
        lines.append(f"producer   {prod.get('name', '?')} {prod.get('version', '')}".rstrip())
    lines += [
        f"snapshots  {s['snapshots']} (steps {s['first_step']} to {s['last_step']})"
        + ("" if s["has_gradients"] else ", no gradients"),
        f"loss       {s['first_loss']:.6g} -> {s['final_loss']:.6g}"
        + (f" ({s['loss']})" if s.get("loss") not in (None, "cross_entropy") else "")
        + (f", test {s['final_test_loss']:.6g}" if "final_test_loss" in s else ""),
    ]
    if "final_accuracy" in s:
        lines.append(f"accuracy   {percent(s['final_accuracy'], 1)}"
                     + (f", test {percent(s['final_test_accuracy'], 1)}"
                        if "final_test_accuracy" in s else ""))
    if "final_r2" in s:
        lines.append(f"R^2        {s['final_r2']:.4f}, RMSE {s['final_rmse']:.4g}"
                     + (f"; test R^2 {s['final_test_r2']:.4f}, RMSE {s['final_test_rmse']:.4g}"
                        if "final_test_r2" in s else ""))
    warning = s.get("convergence", {}).get("warning")
    if warning:
        lines.append(f"warning    {warning}")
    return "\n".join(lines)


def run(args) -> int:
    summary = load_trace(args.trace).summary()
    print(json.dumps(summary, indent=2) if args.json else format_summary(summary))
    return 0
