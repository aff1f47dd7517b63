"""Writes heldout-seed23.json: stablegrad-vectors/1 optimizer sets that are not in the built-in
file (other hyperparameters, parameter names and shapes, a scalar parameter, eight steps),
computed with numpy from the recurrences in the rules' doc comments (packages/core/src/rules),
written independently of @stablegrad/core.

Run with: python3 make_heldout.py  (numpy only)
"""
import json
import numpy as np

SEED = 23
SHAPES = {"layer.0/kernel": (4, 6), "bias": (6,), "gain": ()}
STEPS = 8
TOLERANCE = {"float64": {"rel": 1e-12, "abs": 1e-14}, "float32": {"rel": 4e-6, "abs": 1e-7}}


def sgd(h, t, p, g, s, k):
    b = k(h["momentum"]) * s.get("b", 0 * p) + g
    s["b"] = b
    d = g + k(h["momentum"]) * b if h["nesterov"] else b
    return p - k(h["lr"]) * d


def rmsprop(h, t, p, g, s, k):
    a = k(h["alpha"])
    s["sq"] = a * s.get("sq", 0 * p) + k(1 - h["alpha"]) * (g * g)
    var = s["sq"]
    if h["centered"]:
        s["avg"] = a * s.get("avg", 0 * p) + k(1 - h["alpha"]) * g
        var = var - s["avg"] * s["avg"]
    d = np.sqrt(var) + k(h["eps"])
    if h["momentum"] > 0:
        s["b"] = k(h["momentum"]) * s.get("b", 0 * p) + g / d
        return p - k(h["lr"]) * s["b"]
    return p - k(h["lr"]) * (g / d)


def adam(h, t, p, g, s, k):
    s["m"] = k(h["beta1"]) * s.get("m", 0 * p) + k(1 - h["beta1"]) * g
    s["v"] = k(h["beta2"]) * s.get("v", 0 * p) + k(1 - h["beta2"]) * (g * g)
    step = k(h["lr"] / (1 - h["beta1"] ** t))
    return p - step * (s["m"] / (np.sqrt(s["v"]) / k(np.sqrt(1 - h["beta2"] ** t)) + k(h["eps"])))


def sdprop(h, t, p, g, s, k):
    gamma = k(h["gamma"])
    mu = s.get("mu", 0 * p)
    dev = g - mu
    s["c"] = gamma * s.get("c", 0 * p) + k(h["gamma"] * (1 - h["gamma"])) * (dev * dev)
    s["mu"] = gamma * mu + k(1 - h["gamma"]) * g
    lr_t = h["lr"] * np.sqrt(1 - h["gamma"] ** t) if h["biasCorrection"] else h["lr"]
    return p - k(lr_t) * (g / (np.sqrt(s["c"]) + k(h["eps"])))


def adastand(h, t, p, g, s, k):
    m = s.get("m", 0 * p)
    dev = g - m
    s["v"] = k(h["beta2"]) * s.get("v", 0 * p) + k(h["beta2"] * (1 - h["beta2"])) * (dev * dev)
    s["m"] = k(h["beta1"]) * m + k(1 - h["beta1"]) * dev
    step = k(h["lr"] * np.sqrt(1 - h["beta2"] ** t) / (1 - h["beta1"] ** t))
    return p - step * (s["m"] / (np.sqrt(s["v"]) + k(h["eps"])))


CONFIGS = [
    ("sgd", sgd, {"lr": 0.02, "momentum": 0.7, "nesterov": True}),
    ("rmsprop", rmsprop, {"lr": 0.003, "alpha": 0.95, "eps": 1e-6, "centered": True, "momentum": 0.3}),
    ("adam", adam, {"lr": 0.01, "beta1": 0.85, "beta2": 0.995, "eps": 1e-7}),
    ("sdprop", sdprop, {"lr": 0.003, "gamma": 0.95, "eps": 1e-6, "biasCorrection": True}),
    ("sdprop", sdprop, {"lr": 0.02, "gamma": 0.9, "eps": 1e-8, "biasCorrection": False}),
    ("adastand", adastand, {"lr": 0.002, "beta1": 0.8, "beta2": 0.99, "eps": 1e-8}),
]


def main():
    rng = np.random.default_rng(SEED)
    sets = []
    for rule, update, hyper in CONFIGS:
        init = {n: rng.normal(size=s) for n, s in SHAPES.items()}
        grads = [{n: rng.normal(size=s) * 10.0 ** rng.uniform(-3, 1) for n, s in SHAPES.items()} for _ in range(STEPS)]
        for dtype in ("float64", "float32"):
            cast = np.float64 if dtype == "float64" else np.float32
            k = lambda x: cast(x)  # noqa: E731  per-step coefficients, computed in float64, rounded once
            params = {n: np.asarray(v, dtype=cast) for n, v in init.items()}
            slots = {n: {} for n in SHAPES}
            steps = []
            for t, g in enumerate(grads, start=1):
                gs = {n: np.asarray(v, dtype=cast) for n, v in g.items()}
                params = {n: np.asarray(update(hyper, t, params[n], gs[n], slots[n], k), dtype=cast) for n in SHAPES}
                steps.append({"grads": {n: gs[n].ravel().tolist() for n in SHAPES},
                              "expect": {n: params[n].ravel().astype(np.float64).tolist() for n in SHAPES}})
            sets.append({
                "kind": "optimizer", "rule": rule, "hyper": hyper, "dtype": dtype,
                "source": f"numpy {np.__version__} {dtype}, the rules' recurrences written independently (make_heldout.py), seed {SEED}",
                "tolerance": TOLERANCE[dtype],
                "params": {n: {"shape": list(s), "init": np.asarray(init[n], dtype=cast).ravel().astype(np.float64).tolist()} for n, s in SHAPES.items()},
                "steps": steps,
            })
    with open("heldout-seed23.json", "w") as f:
        json.dump({"format": "stablegrad-vectors/1", "seed": SEED, "sets": sets}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
