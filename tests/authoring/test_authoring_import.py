"""``perfblog import``: only what the post needs, inside the post, never over other data."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, ROOT

CRITERION = FIXTURES / "criterion-0.3.6" / "criterion"
POST = "content/posts/p"


def files_under(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def renders_cleanly(site, block: str) -> None:
    """The printed block, pasted into the post, renders with the real renderers."""
    post = site.content / "posts" / "p" / "index.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n" + block + "\n", encoding="utf-8")
    result = site.run("check", POST)
    assert (result.code, result.out) == (0, ""), result.out


def test_criterion_copies_only_the_named_baselines_json(real_site):
    real_site.post("p")
    result = real_site.run("import", "criterion", str(CRITERION), "--baselines", "before,new", "--into", POST)
    assert result.code == 0, result.err
    data = real_site.content / "posts" / "p" / "data"
    expected = [
        f"criterion/{bench}/{version}/{name}"
        for bench in ("fib 20", "fibonacci/recursive/10")
        for version in ("before", "new")
        for name in ("benchmark.json", "estimates.json", "sample.json", "tukey.json")
    ] + ["criterion/fib 20/change/estimates.json", "criterion/fibonacci/recursive/10/change/estimates.json"]
    assert files_under(data) == sorted(expected + ["README.md"])  # no raw.csv, no base/
    assert (data / "criterion/fib 20/new/sample.json").read_bytes() == (CRITERION / "fib 20/new/sample.json").read_bytes()
    assert result.out == "```bench\nfile: data/criterion\nformat: criterion\nbefore: #before\nafter: #new\n```\n"
    assert "copied 18 file(s)" in result.err
    readme = (data / "README.md").read_text(encoding="utf-8")
    assert f"`data/criterion`: criterion output, 18 file(s) imported from `{CRITERION}`" in readme
    renders_cleanly(real_site, result.out)


def test_criterion_selects_benchmarks_and_says_what_exists(real_site):
    real_site.post("p")
    picked = real_site.run("import", "criterion", str(CRITERION), "--baselines", "base,before",
                           "--benchmarks", "fib*20", "--into", POST)
    assert picked.code == 0, picked.err
    assert "benchmarks: fib*20\n" in picked.out
    assert {p.split("/")[0] for p in files_under(real_site.content / "posts/p/data/criterion")} == {"fib 20"}
    # no change/ without 'new': Criterion's change estimate belongs to 'new'
    assert not (real_site.content / "posts/p/data/criterion/fib 20/change").exists()
    renders_cleanly(real_site, picked.out)

    typo = real_site.run("import", "criterion", str(CRITERION), "--baselines", "before",
                         "--benchmarks", "fib20", "--into", POST)
    assert typo.code == 1
    assert typo.err.strip() == ("perfblog import: no benchmark matches 'fib20' (did you mean 'fib 20'?); "
                                "there are: fib 20, fibonacci/recursive/10")
    baseline = real_site.run("import", "criterion", str(CRITERION), "--baselines", "befor,new", "--into", POST)
    assert baseline.code == 1
    assert "has no baseline 'befor' (did you mean 'before'?); it has base, before, new" in baseline.err
    assert real_site.run("import", "criterion", str(CRITERION), "--into", POST).code == 1  # --baselines needed


SINGLE_FILES = [
    ("hyperfine", "hyperfine-1.15.0/hf_two_commands.json", "data/hf_two_commands.json",
     "```bench\nfile: data/hf_two_commands.json\nformat: hyperfine\nbaseline: python3 slow.py\n```"),
    ("pytest-benchmark", "pytest-benchmark-5.3.1/pytest_benchmark_before.json", "data/pytest_benchmark_before.json",
     "```bench\nfile: data/pytest_benchmark_before.json\nformat: pytest-benchmark\n```"),
    ("google-benchmark", "google-benchmark-1.7.1/gbench_before_reps3.json", "data/gbench_before_reps3.json",
     "```bench\nfile: data/gbench_before_reps3.json\nformat: gbench\n```"),
    ("go", "go-1.19.8/go_bench_before.txt", "data/go_bench_before.txt",
     "```bench\nfile: data/go_bench_before.txt\nformat: go\n```"),
    ("folded", "folded/perf-before.folded", "profiles/perf-before.folded",
     "```flamegraph\nfile: profiles/perf-before.folded\n```"),
    ("perf-script", "perf-script/perf-script-sort-before.head.txt", "profiles/perf-script-sort-before.head.txt",
     "```flamegraph\nfile: profiles/perf-script-sort-before.head.txt\n```"),
]


@pytest.mark.parametrize("tool, source, copied, block", SINGLE_FILES, ids=[case[0] for case in SINGLE_FILES])
def test_single_file_tools(real_site, tool, source, copied, block):
    real_site.post("p")
    result = real_site.run("import", tool, str(FIXTURES / source), "--into", POST)
    assert result.code == 0, result.err
    assert result.out == block + "\n"
    target = real_site.content / "posts" / "p" / copied
    assert target.read_bytes() == (FIXTURES / source).read_bytes()
    renders_cleanly(real_site, result.out)


PAIRS = [
    ("go", "go-1.19.8/go_bench_before.txt", "go-1.19.8/go_bench_after.txt",
     "```bench\nformat: go\nbefore: data/go_bench_before.txt\nafter: data/go_bench_after.txt\n```"),
    ("folded", "folded/perf-before.folded", "folded/perf-after.folded",
     "```flamegraph-diff\nbefore: profiles/perf-before.folded\nafter: profiles/perf-after.folded\n```"),
]


@pytest.mark.parametrize("tool, before, after, block", PAIRS, ids=[case[0] for case in PAIRS])
def test_before_and_after_files(real_site, tool, before, after, block):
    real_site.post("p")
    result = real_site.run("import", tool, str(FIXTURES / before), str(FIXTURES / after), "--into", POST)
    assert (result.code, result.out) == (0, block + "\n"), result.err
    renders_cleanly(real_site, result.out)


def test_never_overwrites_different_data_and_reimporting_is_harmless(real_site):
    real_site.post("p")
    source = FIXTURES / "go-1.19.8" / "go_bench_before.txt"
    assert real_site.run("import", "go", str(source), "--into", POST).code == 0
    again = real_site.run("import", "go", str(source), "--into", POST)
    assert again.code == 0 and "copied 0 file(s)" in again.err and "(1 already there)" in again.err
    target = real_site.content / "posts" / "p" / "data" / "go_bench_before.txt"
    target.write_text("edited by hand\n")
    clash = real_site.run("import", "go", str(source), "--into", POST)
    assert clash.code == 1
    assert clash.err.strip() == ("perfblog import: content/posts/p/data/go_bench_before.txt already exists "
                                 "with different content; remove it or import into another --dest")
    assert target.read_text() == "edited by hand\n"


def test_copies_stay_inside_the_post(real_site):
    real_site.post("p")
    result = real_site.run("import", "go", str(FIXTURES / "go-1.19.8" / "go_bench_before.txt"),
                           "--into", POST, "--dest", "../../elsewhere")
    assert result.code == 1 and "would land outside the post's folder content/posts/p" in result.err
    assert not (real_site.content / "elsewhere").exists()


def test_refuses_the_wrong_tool_and_a_folder_that_is_no_post(real_site):
    real_site.post("p")
    wrong = real_site.run("import", "google-benchmark", str(FIXTURES / "go-1.19.8" / "go_bench_before.txt"),
                          "--into", POST)
    assert wrong.code == 1 and "does not look like google-benchmark output" in wrong.err
    nopost = real_site.run("import", "go", str(FIXTURES / "go-1.19.8" / "go_bench_before.txt"),
                           "--into", "content/posts")
    assert (nopost.code, nopost.err.strip()) == (
        1, "perfblog import: --into content/posts: not a post folder (no index.md in it)")
    broken = real_site.root / "broken.json"
    broken.write_text('{"results": [{"command": "x"}]}')
    bad = real_site.run("import", "hyperfine", str(broken), "--into", POST)
    assert (bad.code, bad.err.strip()) == (1, "perfblog import: broken.json: [results[0]] missing 'mean'")
    assert not (real_site.content / "posts" / "p" / "data" / "broken.json").exists()


def test_profiles_are_parsed_before_they_are_copied(real_site):
    real_site.post("p")
    json_as_folded = real_site.run("import", "folded", str(FIXTURES / "hyperfine-1.15.0" / "hf_two_commands.json"),
                                   "--into", POST)
    assert json_as_folded.code == 1
    assert "hf_two_commands.json:1: expected 'frame;frame;... count'" in json_as_folded.err
    folded_as_perf = real_site.run("import", "perf-script", str(FIXTURES / "folded" / "perf-before.folded"),
                                   "--into", POST)
    assert folded_as_perf.code == 1 and "no samples found: is this 'perf script' output?" in folded_as_perf.err
    assert not (real_site.content / "posts" / "p" / "profiles").exists()


def test_two_files_with_one_name_are_refused(real_site, tmp_path):
    real_site.post("p")
    for side in ("a", "b"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "bench.txt").write_bytes((FIXTURES / "go-1.19.8" / "go_bench_before.txt").read_bytes())
    result = real_site.run("import", "go", str(tmp_path / "a" / "bench.txt"), str(tmp_path / "b" / "bench.txt"),
                           "--into", POST)
    assert (result.code, result.err.strip()) == (
        1, "perfblog import: two files would both be copied to data/bench.txt: rename one first")


@pytest.mark.parametrize("tool, fixture, block", [
    ("perf-stat", "perf-stat-6.1.187", "```bench\nfile: data/{name}\nformat: perf-stat\n```"),
    ("gnu-time", "gnu-time-1.9", "```memory\nfile: data/{name}\nformat: gnu-time\n```"),
    ("speedscope", "", "```flamegraph\nfile: profiles/{name}\n```"),
])
def test_the_newer_formats_import_into_the_block_that_reads_them(real_site, tool, fixture, block):
    real_site.post("p")
    if tool == "speedscope":
        source = ROOT / "tests" / "fixtures" / "flame" / "wordcount.speedscope.json"
    else:
        source = next(p for p in sorted((ROOT / "tests" / "fixtures" / "bench" / fixture).iterdir())
                      if p.suffix in (".txt", "") and "README" not in p.name)
    result = real_site.run("import", tool, str(source), "--into", POST)
    assert result.code == 0, result.err
    assert result.out.strip() == block.format(name=source.name)
    assert real_site.run("check").code == 0  # the printed block renders
