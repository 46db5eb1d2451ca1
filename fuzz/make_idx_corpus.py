# SPDX-License-Identifier: MIT
# make_idx_corpus.py: writes the seed corpus of fuzz/fuzz_idx.cpp (fuzz/corpus/idx/): small IDX
# image and label files, raw and gzipped (Python's gzip module, a compressor independent of
# mlp's inflate), plus a truncated file, a wrong magic number, sizes of 0 with no data behind
# them, and gzip data whose trailer declares more than it holds (the declared size is checked
# before inflating). The first byte of each seed
# picks the reader: 0 images, 1 labels. Run from the repository root: python3 fuzz/make_idx_corpus.py
import gzip
import os
import struct

out = "fuzz/corpus/idx"
os.makedirs(out, exist_ok=True)


def images(n, rows, cols):
    return struct.pack(">IIII", 0x803, n, rows, cols) + bytes((i * 7) % 256 for i in range(n * rows * cols))


def labels(n):
    return struct.pack(">II", 0x801, n) + bytes(i % 10 for i in range(n))


seeds = {
    "images_raw": b"\x00" + images(2, 3, 3),
    "labels_raw": b"\x01" + labels(5),
    "images_gz": b"\x00" + gzip.compress(images(3, 4, 4), mtime=0),
    "labels_gz": b"\x01" + gzip.compress(labels(20), mtime=0),
    "images_gz_stored": b"\x00" + gzip.compress(images(1, 2, 2), compresslevel=0, mtime=0),
    "images_truncated": b"\x00" + images(2, 3, 3)[:-1],
    "labels_wrong_magic": b"\x01" + images(1, 1, 1),
    "empty_gz": b"\x01" + gzip.compress(b"", mtime=0),
    "images_zero_size": b"\x00" + struct.pack(">IIII", 0x803, 0, 0xFFFFFFFF, 0xFFFFFFFF),
    "labels_gz_declares_more": b"\x01" + gzip.compress(labels(20), mtime=0)[:-4] + struct.pack("<I", 1 << 30),
    "images_gz_repeats": b"\x00" + gzip.compress(images(1, 200, 200)[:16] + bytes(40000), mtime=0),
}
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
