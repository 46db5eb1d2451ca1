#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/run.sh: builds a libFuzzer target with clang (address + undefined sanitizers) and runs it
# over its seed corpus. Usage:
#   fuzz/run.sh model_file -runs=1000000         # a long run
#   fuzz/run.sh model_file -max_total_time=30    # what CI runs
# Extra arguments go to libFuzzer. The corpus in the repository is only read: inputs the fuzzer
# discovers go to build/fuzz/<target>/corpus, crashes to build/fuzz/<target>/ (crash-*, leak-*).
# Exit status: 0 clean, 1 a finding (crash, hang, sanitizer report, leak), 2 cannot build here.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:?usage: fuzz/run.sh TARGET [libFuzzer options]}"
shift
source_file="fuzz/fuzz_${target}.cpp"
[ -f "$source_file" ] || { echo "fuzz: no target $source_file" >&2; exit 2; }

CXX="${FUZZ_CXX:-clang++}"
out="build/fuzz/${target}"
mkdir -p "$out/obj" "$out/corpus"
flags=(-std=c++20 -O1 -g -Iinclude -fno-omit-frame-pointer
       -fsanitize=address,undefined -fno-sanitize-recover=all)

# The library with the sanitizers and fuzzer coverage (not libFuzzer's main), two at a time,
# rebuilding an object only when its source or a header is newer. Sources are the library's,
# as the top-level CMakeLists.txt lists them.
sources=$(sed -n 's#^ *\(src/[a-z_/]*\.cpp\)$#\1#p' CMakeLists.txt)
[ -n "$sources" ] || { echo "fuzz: found no library sources in CMakeLists.txt" >&2; exit 2; }
pids=()
for src in $sources; do
    obj="$out/obj/$(echo "${src#src/}" | tr / _ | sed 's/\.cpp$//').o"
    if [ "$obj" -nt "$src" ] && [ -z "$(find include -name '*.hpp' -newer "$obj")" ]; then continue; fi
    "$CXX" "${flags[@]}" -fsanitize=fuzzer-no-link -c "$src" -o "$obj" &
    pids+=($!)
    if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
# A target may name sources beyond the library's, and include folders, in its own comment lines
# ("// fuzz-sources: src/cli/args.cpp ..." and "// fuzz-include: src/cli examples").
extra_sources=$(sed -n 's#^// fuzz-sources: ##p' "$source_file")
for dir in $(sed -n 's#^// fuzz-include: ##p' "$source_file"); do flags+=("-I$dir"); done
for src in $extra_sources; do
    obj="$out/obj/$(echo "${src#src/}" | tr / _ | sed 's/\.cpp$//').o"
    if [ "$obj" -nt "$src" ] && [ -z "$(find include src examples -name '*.hpp' -newer "$obj")" ]; then continue; fi
    "$CXX" "${flags[@]}" -fsanitize=fuzzer-no-link -c "$src" -o "$obj" &
    pids+=($!)
    if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for pid in "${pids[@]}"; do wait "$pid"; done
"$CXX" "${flags[@]}" -fsanitize=fuzzer "$source_file" "$out"/obj/*.o -o "$out/fuzz_${target}"

dict=()
[ -f "fuzz/${target}.dict" ] && dict=(-dict="fuzz/${target}.dict")
# -timeout: an input that takes over 10 s is a hang; -rss_limit_mb: over 2 GB is a memory bug.
set +e
"$out/fuzz_${target}" "$out/corpus" "fuzz/corpus/${target}" "${dict[@]}" \
    -artifact_prefix="$out/" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$@"
status=$?
set -e
[ $status -eq 0 ] || { echo "fuzz: $target found a problem (exit $status); the input is in $out/" >&2; exit 1; }
echo "fuzz: $target clean"
