"""Steps an optimizer model exported by stablegrad with Python's onnxruntime.

    stablegrad-onnx export --rule sdprop --param w:3x5 --param b:7 -o step.onnx
    python step_exported.py step.onnx

The model's metadata (`stablegrad.step`, JSON) names the rule, its hyperparameters and every input
and output; the per-step scalars are computed here, in float64, as @stablegrad/core computes them.
"""
import json
import math
import sys

import numpy as np
import onnxruntime as ort


def scalars(rule, h, t):
    """The per-step scalars of step t (1-based) of a built-in rule: its scalars(hyper, t)."""
    if rule == "sgd":
        return {"lr": h["lr"], "momentum": h["momentum"]}
    if rule == "rmsprop":
        return {"lr": h["lr"], "alpha": h["alpha"], "oneMinusAlpha": 1 - h["alpha"], "eps": h["eps"], "momentum": h["momentum"]}
    if rule == "adam":
        return {"beta1": h["beta1"], "oneMinusBeta1": 1 - h["beta1"], "beta2": h["beta2"], "oneMinusBeta2": 1 - h["beta2"],
                "eps": h["eps"], "stepSize": h["lr"] / (1 - h["beta1"] ** t), "bc2Sqrt": math.sqrt(1 - h["beta2"] ** t)}
    if rule == "sdprop":
        return {"gamma": h["gamma"], "oneMinusGamma": 1 - h["gamma"], "gammaOneMinusGamma": h["gamma"] * (1 - h["gamma"]),
                "eps": h["eps"], "lrT": h["lr"] * math.sqrt(1 - h["gamma"] ** t) if h["biasCorrection"] else h["lr"]}
    if rule == "adastand":
        return {"beta1": h["beta1"], "oneMinusBeta1": 1 - h["beta1"], "beta2": h["beta2"], "beta2OneMinusBeta2": h["beta2"] * (1 - h["beta2"]),
                "eps": h["eps"], "stepSize": h["lr"] * math.sqrt(1 - h["beta2"] ** t) / (1 - h["beta1"] ** t)}
    raise ValueError(f"rule {rule!r} is not built in; compute its scalars as its scalars(hyper, t) does")


def main(path):
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    meta = json.loads(session.get_modelmeta().custom_metadata_map["stablegrad.step"])
    layout = meta["layout"]
    dtype = np.float32 if layout["dtype"] == "float32" else np.float64
    output_names = [o.name for o in session.get_outputs()]

    rng = np.random.default_rng(0)
    params = {p["name"]: rng.normal(size=p["shape"]).astype(dtype) for p in layout["params"]}
    slots = {p["name"]: {s: np.zeros(p["shape"], dtype) for s in p["slots"]} for p in layout["params"]}
    for t in range(1, 6):
        grads = {name: rng.normal(size=value.shape).astype(dtype) for name, value in params.items()}
        feeds = {}
        for p in layout["params"]:
            feeds[p["param"]] = params[p["name"]]
            feeds[p["grad"]] = grads[p["name"]]
            for slot, name in p["slots"].items():
                feeds[name] = slots[p["name"]][slot]
        k = scalars(meta["rule"], meta["hyper"], t)
        for scalar, name in layout["scalars"].items():
            feeds[name] = np.array(k[scalar], dtype=dtype)  # shape (), rounded once to the model's dtype
        out = dict(zip(output_names, session.run(None, feeds)))
        for p in layout["params"]:
            params[p["name"]] = out[p["newParam"]]
            for slot, name in p["newSlots"].items():
                slots[p["name"]][slot] = out[name]
        norm = f", gradient norm {float(out[layout['globalNorm']]):.4f}" if "globalNorm" in layout else ""
        print(f"step {t}: " + ", ".join(f"|{n}| = {float(np.linalg.norm(v)):.6f}" for n, v in params.items()) + norm)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "step.onnx")
