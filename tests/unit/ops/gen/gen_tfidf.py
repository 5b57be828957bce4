#!/usr/bin/python3
"""Generates the TfIdfVectorizer cases (tests/unit/ops/data/tfidf_cases.h) from a plain numpy
model of the ONNX spec, written independently of the C kernel: every n-gram of a row is the
tuple (x[s], x[s + d], ..., x[s + (n-1) d]) for n in [min_gram_length, max_gram_length] and a
distance d in 1 .. max_skip_count + 1 (unigrams only at d = 1: they do not depend on d); each
(s, d) where it fits and whose tuple is in the pool counts once into the gram's column
ngram_indexes[g] (a gram listed twice in the pool is the later one). TF writes the counts, IDF
weights[col] (or 1) where a count is > 0, TFIDF weights[col] * count (weights per output column,
as the ONNX reference and onnxruntime read them). Run with Debian's python3 (python3-numpy):
    /usr/bin/python3 tests/unit/ops/gen/gen_tfidf.py
"""
import os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "tfidf_cases.h")


def pool_table(pool, counts, indexes, min_n, max_n):
    """gram tuple -> output column, for the lengths looked for."""
    table = {}
    g = 0
    for i, start in enumerate(counts):
        n = i + 1
        end = counts[i + 1] if i + 1 < len(counts) else len(pool)
        for j in range((end - start) // n):
            gram = tuple(pool[start + j * n:start + (j + 1) * n])
            if min_n <= n <= max_n:
                table[gram] = indexes[g]  # a later duplicate replaces the earlier one
            g += 1
    return table


def tfidf(x, mode, min_n, max_n, skip, counts, indexes, pool, weights):
    x = np.asarray(x)
    rows = x.reshape(1, -1) if x.ndim == 1 else x
    out_size = max(indexes) + 1
    table = pool_table(pool, counts, indexes, min_n, max_n)
    freq = np.zeros((rows.shape[0], out_size), dtype=np.int64)
    for r, row in enumerate(rows):
        C = len(row)
        for n in range(min_n, max_n + 1):
            dists = [1] if n == 1 else range(1, skip + 2)
            for d in dists:
                for s in range(C):
                    idx = s + np.arange(n) * d
                    if idx[-1] >= C:
                        break
                    col = table.get(tuple(int(v) for v in row[idx]))
                    if col is not None:
                        freq[r, col] += 1
    w = np.asarray(weights, dtype=np.float64) if weights else np.ones(out_size)
    if mode == "TF":
        y = freq.astype(np.float64)
    elif mode == "IDF":
        y = np.where(freq > 0, w[None, :out_size], 0.0)
    else:
        y = w[None, :out_size] * freq
    y = y.astype(np.float32)
    return y.reshape(out_size) if x.ndim == 1 else y


def c_ints(vals):
    return ", ".join(str(int(v)) for v in vals) if len(vals) else "0"


def c_floats(vals):
    return ", ".join("%.9ef" % float(v) for v in vals) if len(vals) else "0"


def main():
    rng = np.random.default_rng(909)
    # pool of the ONNX examples: unigrams 2 3 5 4, bigrams (5 6) (7 8) (6 7)
    pool_a = [2, 3, 5, 4, 5, 6, 7, 8, 6, 7]
    counts_a = [0, 4]
    ident7 = list(range(7))
    # unigrams, bigrams and trigrams over the alphabet 0..5
    pool_b = [0, 1, 4, 1, 2, 2, 3, 3, 1, 0, 0, 1, 2, 2, 1, 3, 3, 0, 1]
    counts_b = [0, 3, 13]  # 3 unigrams, 5 bigrams, 2 trigrams
    ident10 = list(range(10))
    cases = []

    def add(name, x, dtype, mode, min_n, max_n, skip, counts, indexes, pool, weights=None):
        x = np.asarray(x, dtype=dtype)
        y = tfidf(x, mode, min_n, max_n, skip, counts, indexes, pool, weights)
        cases.append(dict(name=name, x=x, mode=mode, min_n=min_n, max_n=max_n, skip=skip, counts=counts,
                          indexes=indexes, pool=pool, weights=weights or [], y=y))

    xa = rng.integers(2, 9, size=(3, 16))
    add("tf_uni_bi_skip2_batch", xa, np.int32, "TF", 1, 2, 2, counts_a, ident7, pool_a)
    add("tf_bi_skip0_1d", [5, 6, 7, 8, 6, 7, 5, 6, 6, 7, 7, 8, 3], np.int32, "TF", 2, 2, 0, counts_a, ident7, pool_a)
    add("idf_noweights", xa, np.int64, "IDF", 1, 2, 1, counts_a, ident7, pool_a)
    wa = [0.5, 1.25, 2.0, 0.75, 3.0, 1.5, 0.25]
    add("idf_weights", xa, np.int32, "IDF", 1, 2, 1, counts_a, ident7, pool_a, wa)
    add("tfidf_weights", xa, np.int32, "TFIDF", 1, 2, 3, counts_a, ident7, pool_a, wa)
    add("tfidf_noweights", xa, np.int64, "TFIDF", 2, 2, 3, counts_a, ident7, pool_a)
    xb = rng.integers(0, 6, size=(2, 16))
    add("tri_min2_skip1", xb, np.int64, "TF", 2, 3, 1, counts_b, ident10, pool_b)
    add("tri_all_skip2", xb, np.int32, "TF", 1, 3, 2, counts_b, ident10, pool_b)
    add("tri_only3_skip4", xb, np.int32, "TF", 3, 3, 4, counts_b, ident10, pool_b)
    add("max_beyond_groups", xb, np.int32, "TF", 1, 5, 1, counts_b, ident10, pool_b)
    # unigrams only, with skips: each position counts once
    add("uni_only_skip3", xb, np.int32, "TF", 1, 1, 3, counts_b, ident10, pool_b)
    # permuted and merged columns: grams 0..9 -> columns (two grams share column 1, column 6 unused)
    perm = [3, 1, 0, 2, 1, 5, 7, 4, 8, 9]
    add("indexes_permuted", xb, np.int32, "TF", 1, 3, 1, counts_b, perm, pool_b)
    add("indexes_permuted_tfidf", xb, np.int32, "TFIDF", 1, 3, 1, counts_b, perm, pool_b,
        [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0])
    # a bigram listed twice: the later entry (column 3) wins
    add("duplicate_gram", xa, np.int32, "TF", 2, 2, 1, [0, 0], [0, 1, 2, 3], [5, 6, 7, 8, 6, 7, 5, 6])
    # no unigram level (ngram_counts [0, 0]) and a large-valued int64 input
    big = 1 << 40
    xl = np.array([big, big + 1, 7, big, big + 1, big + 1, big], dtype=np.int64)
    add("int64_big_values", xl, np.int64, "TF", 1, 2, 1, [0, 0], [0, 1, 2],
        [big, big + 1, big + 1, big, 7, big])
    # a row shorter than any gram
    add("short_row", np.array([[5], [6]]), np.int32, "TF", 2, 2, 3, counts_a, ident7, pool_a)

    lines = ["/* Generated by tests/unit/ops/gen/gen_tfidf.py: do not edit. */",
             "#ifndef GEFLOW_TESTS_TFIDF_CASES_H", "#define GEFLOW_TESTS_TFIDF_CASES_H", "",
             "#include <stddef.h>", "#include <stdint.h>", "",
             "typedef struct tfidf_case {",
             "    const char *name, *mode;",
             "    int64_t min_n, max_n, skip;",
             "    const int64_t *counts, *indexes, *pool;",
             "    size_t n_counts, n_indexes, n_pool;",
             "    const float *weights;",
             "    size_t n_weights;",
             "    int is64, rank;",
             "    int64_t dims[2];",
             "    const int32_t *x32;",
             "    const int64_t *x64;",
             "    const float *y;",
             "    size_t n_y;",
             "    int64_t out_cols;",
             "} tfidf_case;", ""]
    table = []
    for i, c in enumerate(cases):
        p = "tc%d_" % i
        x = c["x"]
        is64 = x.dtype == np.int64
        lines.append("static const int64_t %scounts[] = {%s};" % (p, c_ints(c["counts"])))
        lines.append("static const int64_t %sindexes[] = {%s};" % (p, c_ints(c["indexes"])))
        lines.append("static const int64_t %spool[] = {%s};" % (p, c_ints(c["pool"])))
        lines.append("static const float %sweights[] = {%s};" % (p, c_floats(c["weights"])))
        lines.append("static const %s %sx[] = {%s};" % ("int64_t" if is64 else "int32_t", p, c_ints(x.reshape(-1))))
        lines.append("static const float %sy[] = {%s};" % (p, c_floats(c["y"].reshape(-1))))
        dims = list(x.shape) + [0] * (2 - x.ndim)
        table.append('    {"%s", "%s", %d, %d, %d, %scounts, %sindexes, %spool, %d, %d, %d, %sweights, %d, %d, %d, '
                     '{%d, %d}, %s, %s, %sy, %d, %d},'
                     % (c["name"], c["mode"], c["min_n"], c["max_n"], c["skip"], p, p, p, len(c["counts"]),
                        len(c["indexes"]), len(c["pool"]), p, len(c["weights"]), int(is64), x.ndim, dims[0],
                        dims[1], "NULL" if is64 else p + "x", p + "x" if is64 else "NULL", p, c["y"].size,
                        max(c["indexes"]) + 1))
    lines.append("")
    lines.append("static const tfidf_case tfidf_cases[] = {")
    lines.extend(table)
    lines.append("};")
    lines.append("")
    lines.append("#endif")
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
