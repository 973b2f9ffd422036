#!/bin/sh
# Every number in the post comes from this script's output (run on Debian 12, 2 vCPU, 2026-12-01).
# Usage: sh measure.sh DATA_DIR PROFILES_DIR   (from this folder; builds and runs in /tmp/tsparse)
set -eu
data=$(realpath "$1"); profiles=$(realpath "$2"); src=$(pwd)
mkdir -p /tmp/tsparse && cd /tmp/tsparse
gcc -O2 -o gen "$src/gen.c"
for v in 0 1 2; do gcc -O2 -g -DPARSER=$v -o tsparse_v$v "$src/tsparse.c"; done
./gen 1000000 > access.log
./gen 100000 > access-100k.log
./gen 5000000 > access-5m.log      # profiles: enough samples for the fast version too
{ gcc --version | head -1; hyperfine --version; valgrind --version; perf --version; uname -srm;
  grep -m1 'model name' /proc/cpuinfo; nproc; } > "$data/environment.txt"
for v in 0 1 2; do ./tsparse_v$v access.log; done > "$data/checksums.txt"
hyperfine -N --warmup 3 --runs 30 --style basic \
  -n sscanf './tsparse_v0 access.log' -n strptime './tsparse_v1 access.log' -n fixed-width './tsparse_v2 access.log' \
  --export-json "$data/hyperfine.json" --export-markdown "$data/hyperfine.md" > "$data/hyperfine.stdout.txt" 2>&1
for v in 0 1 2; do
  perf stat -r 10 -e task-clock,page-faults,context-switches,cpu-migrations -o "$data/perf-stat-v$v.txt" ./tsparse_v$v access.log > /dev/null
  perf stat -r 10 -x, -e task-clock,page-faults,context-switches,cpu-migrations -o "$data/perf-stat-v$v.csv" ./tsparse_v$v access.log > /dev/null
  /usr/bin/time -v ./tsparse_v$v access.log > /dev/null 2> "$data/time-v-v$v.txt"
  valgrind --tool=callgrind --callgrind-out-file="$data/callgrind.v$v.out" ./tsparse_v$v access-100k.log > /dev/null 2> "$data/callgrind.v$v.stderr.txt"
  perf record -q -e cpu-clock -F 999 --call-graph dwarf -o perf-v$v.data ./tsparse_v$v access-5m.log > /dev/null
  perf script -i perf-v$v.data > "$profiles/v$v.perf.txt" 2> /dev/null
done
# The dead end: the same sscanf version with the compiler's strongest flags.
gcc -O3 -march=native -g -DPARSER=0 -o tsparse_v0_O3 "$src/tsparse.c"
hyperfine -N --warmup 3 --runs 30 --style basic \
  -n 'sscanf -O2' './tsparse_v0 access.log' -n 'sscanf -O3 -march=native' './tsparse_v0_O3 access.log' \
  --export-json "$data/hyperfine-O3.json" > "$data/hyperfine-O3.stdout.txt" 2>&1
