# scikit-learn's side of `npm run bench -- ml`: reads the files the bench wrote (same rows, same `split`
# column: 1 = test), fits the peer models and prints one JSON object on stdout.
#   python3 bench/ml/sklearn_bench.py '<json: {"datasets": [...], "forest_seeds": n, "spam": {...}, "large": {...}}>'
# Fit times are wall-clock milliseconds of fit() (vectorizing included for the spam pipeline); the large
# problem is fitted `runs` times and reports the best and the first.

import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def load_csv(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    label = data[:, header.index("label")].astype(np.int64)
    test = data[:, header.index("split")] == 1
    features = [i for i, h in enumerate(header) if h not in ("label", "split")]
    return data[:, features], label, test


def fit_and_score(model, x, y, test):
    t0 = time.perf_counter()
    model.fit(x[~test], y[~test])
    fit_s = time.perf_counter() - t0
    return model, {"accuracy": float(model.score(x[test], y[test])), "fit_ms": fit_s * 1000}


def datasets(files, seeds):
    out = {}
    for spec in files:
        x, y, test = load_csv(spec["path"])
        _, logistic = fit_and_score(
            make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=5000)), x, y, test
        )
        # The mean over seeds, as the Larch side.
        forests = [
            fit_and_score(RandomForestClassifier(n_estimators=100, random_state=seed), x, y, test)[1]
            for seed in range(1, seeds + 1)
        ]
        forest = {k: sum(f[k] for f in forests) / seeds for k in ("accuracy", "fit_ms")}
        out[spec["name"]] = {"logistic": logistic, "forest": forest}
    return out


def spam(spec):
    texts, labels, tests = [], [], []
    with open(spec["path"]) as f:
        for line in f:
            doc = json.loads(line)
            texts.append(doc["text"])
            labels.append(doc["label"])
            tests.append(doc["split"] == 1)
    y = np.array(labels)
    test = np.array(tests)
    train_texts = [t for t, s in zip(texts, tests) if not s]
    test_texts = [t for t, s in zip(texts, tests) if s]
    vectorizer = HashingVectorizer(n_features=spec["num_features"], token_pattern=r"(?u)\b\w+\b")
    t0 = time.perf_counter()
    model = LogisticRegression(C=1.0, max_iter=1000).fit(vectorizer.transform(train_texts), y[~test])
    fit_ms = (time.perf_counter() - t0) * 1000
    acc = model.score(vectorizer.transform(test_texts), y[test])
    return {"accuracy": float(acc), "fit_ms": fit_ms}


def large(spec):
    # Fitted `runs` times on the same rows, as the Larch side: the first fit's time and the best; the
    # accuracy is the final model's.
    x, y, test = load_csv(spec["path"])
    fits = [
        fit_and_score(LogisticRegression(C=1.0, solver="lbfgs"), x, y, test)
        for _ in range(max(1, spec["runs"]))
    ]
    model, out = fits[-1]
    out["first_fit_ms"] = fits[0][1]["fit_ms"]
    out["fit_ms"] = min(f[1]["fit_ms"] for f in fits)
    best = float("inf")
    for _ in range(spec["runs"]):
        t0 = time.perf_counter()
        probs = model.predict_proba(x)
        labels = probs.argmax(axis=1)
        best = min(best, time.perf_counter() - t0)
    out["predict_ms"] = best * 1000
    out["predict_rows_per_second"] = len(labels) / best
    out["iterations"] = int(model.n_iter_[0])
    return out


def main():
    spec = json.loads(sys.argv[1])
    result = {"version": sklearn.__version__}
    if "datasets" in spec:
        result["datasets"] = datasets(spec["datasets"], spec["forest_seeds"])
    if "spam" in spec:
        result["spam"] = spam(spec["spam"])
    if "large" in spec:
        result["large"] = large(spec["large"])
    json.dump(result, sys.stdout)


main()
