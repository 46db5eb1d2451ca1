#!/bin/sh
# SPDX-License-Identifier: MIT
# run_everywhere.sh REPO BIN_DIR LESSON...: runs every lesson in quick mode from the repository
# root, from its build folder and from a scratch folder, and checks that each exits 0, finds its
# data, writes its outputs where it was asked (never into the repository's tracked files).
set -u
repo=$1
bin=$2
shift 2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# A fingerprint of the tracked outputs: the lessons must leave them as they were.
fingerprint() { (cd "$repo" && find docs datasets -type f | sort | xargs cksum) | cksum; }
before=$(fingerprint)
failed=0
fashion_dir=${MLP_FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
for lesson in "$@"; do
    # Fashion-MNIST is a system package, not part of the repository: without it the lesson is skipped.
    if [ "$lesson" = fashion_mnist ] && [ ! -e "$fashion_dir/t10k-images-idx3-ubyte.gz" ]; then
        echo "skipped: fashion_mnist (no $fashion_dir/t10k-images-idx3-ubyte.gz; sudo apt install dataset-fashion-mnist)"
        continue
    fi
    for where in repo build scratch; do
        case $where in
            repo) dir=$repo; out="$scratch/out-$lesson" ;;   # --out keeps the repository clean
            build) dir=$bin; out="" ;;
            scratch) dir="$scratch/cwd-$lesson"; mkdir -p "$dir"; out="" ;;
        esac
        if [ -n "$out" ]; then
            (cd "$dir" && MLP_QUICK=1 "$bin/$lesson" --out "$out") > "$scratch/log" 2>&1
        else
            (cd "$dir" && MLP_QUICK=1 "$bin/$lesson") > "$scratch/log" 2>&1
        fi
        rc=$?
        if [ $rc -ne 0 ]; then
            echo "FAILED: $lesson from $where ($dir) exited $rc:"
            tail -5 "$scratch/log"
            failed=1
        else
            echo "ok: $lesson from $where"
        fi
    done
done
# An override wins over the compiled-in path: a data folder that does not exist is reported.
if (cd "$scratch" && MLP_DATA_DIR="$scratch/nowhere" MLP_QUICK=1 "$bin/iris") > "$scratch/log" 2>&1; then
    echo "FAILED: iris ignored MLP_DATA_DIR"; failed=1
elif ! grep -q "$scratch/nowhere/iris.csv" "$scratch/log"; then
    echo "FAILED: iris's error does not name the file it looked for:"; cat "$scratch/log"; failed=1
fi
if ! (cd "$scratch" && MLP_QUICK=1 "$bin/iris" --data "$repo/datasets") > "$scratch/log" 2>&1; then
    echo "FAILED: iris --data DIR"; failed=1
fi
# The lessons that write pictures put them in the working directory (or --out).
for f in two_moons_boundary.svg activations.svg regression_1d.svg; do
    found=$(find "$scratch" -name "$f" | head -1)
    if [ -z "$found" ]; then echo "FAILED: no $f written to the working directory or --out"; failed=1; fi
done
if [ "$(fingerprint)" != "$before" ]; then
    echo "FAILED: a lesson changed tracked files under docs/ or datasets/ without --update-repo"
    failed=1
fi
exit $failed
