#!/usr/bin/python3
"""District maps, kahriz-atlas against QGIS, in one run on one machine.

    bench/bench_qgis.py [BUILD_DIR] [--runs N] [--no-qgis]

Times, side by side and interleaved (one run of each command per round, so
that a busy spell of the machine falls on all of them alike):

  build     kahriz-atlas build --sections districts --jobs 2 (one PDF: the
            region pages, the maps of the 23 districts with kahrizes and
            their tables)
  each      kahriz-atlas map --each-district (77 maps, one PDF each), on
            one thread and with --jobs 2
  qgis-77   bench/qgis_districts.py: the same 77 maps made by a QGIS print
            layout atlas (PyQGIS), one PDF each
  qgis-23   the same, only the 23 districts with kahrizes

after one untimed warm-up run of each, and prints for each the median wall
time (with the range), the median CPU time (user + system, from wait4, so
that time spent waiting for a core while other programs run is left out),
peak RSS, the maps made and the bytes written; then the ratios QGIS / ours:
qgis-77 / each (the same maps, one PDF each; QGIS works on one core, its
CPU time below its wall time, as `each` without --jobs) and qgis-23 / build
(the same district maps; the atlas section also holds 5 region maps and
the tables).
A benchmark, not a test: it fails only when a command fails or makes the
wrong number of maps.  hyperfine is not used (not installed here): the
rounds are timed with time.perf_counter.  Without QGIS (the Debian
packages qgis and python3-qgis) the QGIS part is skipped with a message;
KZ_QGIS_PYTHON names the interpreter with PyQGIS (default /usr/bin/python3).
Also `make bench-qgis` (or the CMake target bench-qgis).
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Debian's, with python3-qgis (KZ_QGIS_PYTHON names another)
PYTHON = os.environ.get("KZ_QGIS_PYTHON", "/usr/bin/python3")


def run(cmd, env, stderr_path):
    """Run cmd; wall seconds, CPU seconds, peak RSS KB."""
    with open(stderr_path, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                             stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        with open(stderr_path, errors="replace") as fp:
            sys.stderr.write(fp.read())
        sys.exit("bench_qgis: %s failed (exit %d)"
                 % (" ".join(cmd), p.returncode))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def qgis_missing():
    """Why QGIS cannot be used here, or None."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    try:
        r = subprocess.run([PYTHON, "-c", "import qgis.core"], env=env,
                           capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return "%s cannot run (%s)" % (PYTHON, e)
    if r.returncode != 0:
        last = (r.stderr.strip().splitlines() or ["?"])[-1]
        return "%s cannot import qgis.core (%s)" % (PYTHON, last)
    return None


def pdf_pages(path):
    r = subprocess.run(["pdfinfo", path], capture_output=True, text=True)
    m = re.search(r"^Pages:\s+(\d+)", r.stdout, re.M)
    return int(m.group(1)) if m else 0


def output_size(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(path, f))
                   for f in os.listdir(path))
    return os.path.getsize(path)


def loadavg():
    try:
        return "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build", nargs="?", default="build")
    ap.add_argument("--runs", type=int, default=3,
                    help="timed rounds after the warm-up (default 3)")
    ap.add_argument("--no-qgis", action="store_true",
                    help="time only kahriz-atlas")
    args = ap.parse_args()

    kz = os.path.join(args.build, "cli", "kahriz-atlas")
    fonts = os.path.join(args.build, "fonts")
    if not os.access(kz, os.X_OK):
        sys.exit("bench_qgis: build %s first" % kz)
    why = "--no-qgis" if args.no_qgis else qgis_missing()
    if why:
        print("bench_qgis: the QGIS part is skipped: %s.  Install the Debian "
              "packages qgis and python3-qgis to compare." % why)

    tmp = tempfile.mkdtemp(prefix="bench-qgis-")
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get(
        "SOURCE_DATE_EPOCH", "1764201600"), QT_QPA_PLATFORM="offscreen",
        XDG_RUNTIME_DIR=tmp)
    script = os.path.join(ROOT, "bench", "qgis_districts.py")
    # name: (command, output, maps expected (None: a PDF's pages), what)
    cmds = {
        "build": ([kz, "build", "-q", "--overwrite", "--sections", "districts",
                   "--jobs",
                   "2", "-o", os.path.join(tmp, "districts.pdf")],
                  os.path.join(tmp, "districts.pdf"), None,
                  "build --sections districts --jobs 2"),
        "each": ([kz, "map", "-q", "--overwrite", "--each-district",
                  os.path.join(tmp, "each")],
                 os.path.join(tmp, "each"), 77,
                 "map --each-district"),
        "each-j2": ([kz, "map", "-q", "--overwrite", "--each-district",
                     os.path.join(tmp, "each-j2"), "--jobs", "2"],
                    os.path.join(tmp, "each-j2"), 77,
                    "map --each-district --jobs 2"),
    }
    if not why:
        for name, extra, n in (("qgis-77", [], 77),
                               ("qgis-23", ["--only-with-kahrizes"], 23)):
            out = os.path.join(tmp, name)
            cmds[name] = ([PYTHON, script, "--font-dir", fonts,
                           "--out-dir", out] + extra, out, n,
                          "QGIS atlas, %d districts" % n)
    times = {k: [] for k in cmds}
    export = {k: [] for k in cmds}
    info = {}
    print("bench_qgis: %d timed rounds after a warm-up; load average "
          "before: %s" % (args.runs, loadavg()), flush=True)
    try:
        for rnd in range(args.runs + 1):
            for name, (cmd, out, want, _) in cmds.items():
                if os.path.isdir(out):
                    shutil.rmtree(out)
                elif os.path.exists(out):
                    os.unlink(out)
                err = os.path.join(tmp, name + ".err")
                wall, cpu, rss = run(cmd, env, err)
                if want is None:
                    maps = pdf_pages(out)
                else:
                    maps = len([f for f in os.listdir(out)
                                if f.endswith(".pdf")])
                    if maps != want:
                        sys.exit("bench_qgis: %s made %d maps, not %d"
                                 % (name, maps, want))
                info[name] = (maps, output_size(out))
                with open(err, errors="replace") as fp:
                    m = re.search(r"export ([0-9.]+) s", fp.read())
                if rnd == 0:
                    continue  # the warm-up
                times[name].append((wall, cpu, rss))
                if m:
                    export[name].append(float(m.group(1)))
        print("load average after: %s" % loadavg())
        print()
        print("| command | made | wall s, median (min-max) | "
              "CPU s | wall ms per page | peak RSS MB | output MB |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        med = {}
        for name, (cmd, out, want, what) in cmds.items():
            w = [t[0] for t in times[name]]
            c = [t[1] for t in times[name]]
            r = max(t[2] for t in times[name])
            med[name] = (statistics.median(w), statistics.median(c))
            maps, size = info[name]
            print("| %s | %d %s | %.2f (%.2f-%.2f) | %.2f | %.0f | %.0f | "
                  "%.2f |" % (what, maps, "pages" if want is None else "maps",
                              med[name][0], min(w), max(w), med[name][1],
                              1000 * med[name][0] / maps, r / 1024,
                              size / 1e6))
        for name in ("qgis-77", "qgis-23"):
            if export.get(name):
                print("  %s: QGIS's export alone (exportToPdfs, after start-up "
                      "and data preparation): median %.2f s"
                      % (name, statistics.median(export[name])))
        if "qgis-77" in med:
            print()
            for q, o, what in (("qgis-77", "each",
                                "77 district maps, one PDF each"),
                               ("qgis-77", "each-j2",
                                "77 district maps, ours with --jobs 2"),
                               ("qgis-23", "build",
                                "23 district maps (ours: the whole "
                                "district section, --jobs 2)")):
                print("QGIS / ours, %s: wall %.1fx, CPU %.1fx"
                      % (what, med[q][0] / med[o][0], med[q][1] / med[o][1]))
            print("districts-vs-qgis: each-district %.1fx (cpu %.1fx) "
                  "each-district-jobs2 %.1fx build-districts %.1fx "
                  "(cpu %.1fx)"
                  % (med["qgis-77"][0] / med["each"][0],
                     med["qgis-77"][1] / med["each"][1],
                     med["qgis-77"][0] / med["each-j2"][0],
                     med["qgis-23"][0] / med["build"][0],
                     med["qgis-23"][1] / med["build"][1]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
