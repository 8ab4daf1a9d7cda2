#!/usr/bin/env python3
"""Runs one e2e scenario directory against the real bakery binaries.

A scenario directory holds:
  args              the command line, one argument per line (first: the program,
                    e.g. bakery-inspect); $SOURCE is the repo root, $TMP a scratch dir
  env               optional KEY=VALUE lines added to a minimal environment
                    (same substitutions); GITHUB_OUTPUT / GITHUB_STEP_SUMMARY /
                    BAKERY_ENV_FILE pointing into $TMP are read back after the run
  files/            optional: copied into $TMP before the run
  expected_exit     the exit code (default 0)
  expected_stdout, expected_stderr
                    optional: compared byte for byte
  expected_stdout_contains
                    optional: text that must appear in stdout (for output with a version)
  expected_files/   optional: each file compared byte for byte with $TMP/<same name>
"""
import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile


def substitute(text, source, tmp):
    return text.replace("$SOURCE", source).replace("$TMP", tmp)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def compare(label, expected, actual):
    if expected == actual:
        return True
    diff = difflib.unified_diff(
        expected.decode(errors="replace").splitlines(True),
        actual.decode(errors="replace").splitlines(True),
        f"expected {label}", f"actual {label}")
    sys.stdout.write("".join(diff) + "\n")
    return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("scenario")
    opts = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bakery-e2e-")
    scenario = opts.scenario
    if os.path.isdir(os.path.join(scenario, "files")):
        shutil.copytree(os.path.join(scenario, "files"), tmp, dirs_exist_ok=True)
    with open(os.path.join(scenario, "args")) as f:
        args = [substitute(line.rstrip("\n"), opts.source, tmp) for line in f if line.strip()]
    args[0] = os.path.join(opts.bin, args[0])
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp, "TZ": "UTC"}
    env_file = os.path.join(scenario, "env")
    if os.path.exists(env_file):
        with open(env_file) as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    key, _, value = line.rstrip("\n").partition("=")
                    env[key] = substitute(value, opts.source, tmp)
    result = subprocess.run(args, cwd=tmp, env=env, capture_output=True, timeout=100)
    ok = True
    expected_exit = 0
    exit_file = os.path.join(scenario, "expected_exit")
    if os.path.exists(exit_file):
        expected_exit = int(read(exit_file).strip())
    if result.returncode != expected_exit:
        print(f"exit code {result.returncode}, expected {expected_exit}")
        ok = False
    for stream, actual in (("stdout", result.stdout), ("stderr", result.stderr)):
        path = os.path.join(scenario, f"expected_{stream}")
        if os.path.exists(path):
            expected = substitute(read(path).decode(), opts.source, tmp).encode()
            ok = compare(stream, expected, actual) and ok
    contains = os.path.join(scenario, "expected_stdout_contains")
    if os.path.exists(contains) and read(contains) not in result.stdout:
        print("stdout does not contain:\n" + read(contains).decode())
        ok = False
    expected_dir = os.path.join(scenario, "expected_files")
    if os.path.isdir(expected_dir):
        for name in sorted(os.listdir(expected_dir)):
            actual_path = os.path.join(tmp, name)
            if not os.path.exists(actual_path):
                print(f"missing output file {name}")
                ok = False
                continue
            expected = substitute(read(os.path.join(expected_dir, name)).decode(),
                                  opts.source, tmp).encode()
            ok = compare(name, expected, read(actual_path)) and ok
    if not ok:
        print("--- stdout ---\n" + result.stdout.decode(errors="replace"))
        print("--- stderr ---\n" + result.stderr.decode(errors="replace"))
        print(f"scratch dir kept: {tmp}")
        return 1
    shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
