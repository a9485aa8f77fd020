#!/usr/bin/python3
"""scripts/check-layers on small houses built here: a clean one passes,
and each kind of breach (a call up, an include up, two files calling each
other, a circle of three, a room not in the house) fails naming the
files.  Each house is compiled with the C compiler into objects laid out
as CMake lays out lib/'s (OBJDIR/ROOM/FILE.c.o)."""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CHECK = os.path.join(ROOT, "scripts", "check-layers")
CC = os.environ.get("CC", "cc")
failures = 0


def house(files):
    """files: {"room/name.c" or "room/name.h": text}; returns (lib, objdir)."""
    top = tempfile.mkdtemp(prefix="kz-layers-")
    lib, obj = os.path.join(top, "lib"), os.path.join(top, "obj")
    for rel, text in files.items():
        path = os.path.join(lib, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(text)
    for rel in files:
        if rel.endswith(".c"):
            out = os.path.join(obj, rel + ".o")
            os.makedirs(os.path.dirname(out), exist_ok=True)
            subprocess.run([CC, "-c", "-I", lib, "-o", out,
                            os.path.join(lib, rel)], check=True)
    return lib, obj


def expect(name, files, code, needles):
    global failures
    lib, obj = house(files)
    res = subprocess.run([sys.executable, CHECK, obj, lib],
                         capture_output=True, text=True)
    out = res.stdout + res.stderr
    missing = [n for n in needles if n not in out]
    if res.returncode != code or missing:
        failures += 1
        print(f"FAIL {name}: exit {res.returncode} (want {code}), "
              f"missing {missing}\n{out}")
    else:
        print(f"ok   {name}")


BASE = {
    "core/core.h": "int core_one(void);\n",
    "core/one.c": '#include "core/core.h"\nint core_one(void) { return 1; }\n',
    "map/map.h": "int map_draw(void);\n",
    "map/draw.c": '#include "core/core.h"\n#include "map/map.h"\n'
                  "int map_draw(void) { return core_one(); }\n",
}

expect("a house whose calls point down", BASE, 0,
       ["2 files in", "all downward, no circle"])

up = dict(BASE)
up["core/two.c"] = ('#include "map/map.h"\n'
                    "int core_two(void) { return map_draw(); }\n")
expect("a call up", up, 1,
       ["core/two.c calls up into map/draw.c: map_draw",
        "core/two.c includes map/map.h, of a higher room"])

inc = dict(BASE)
inc["core/three.c"] = '#include "map/map.h"\nint core_three(void) { return 3; }\n'
expect("an include up alone", inc, 1,
       ["core/three.c includes map/map.h, of a higher room"])

pair = dict(BASE)
pair["map/a.c"] = "int map_b(void);\nint map_a(int n) { return n ? map_b() : 0; }\n"
pair["map/b.c"] = "int map_a(int);\nint map_b(void) { return map_a(0); }\n"
expect("two files calling each other", pair, 1,
       ["a circle of calls", "map/a.c -> map/b.c (map_b)",
        "map/b.c -> map/a.c (map_a)"])

ring = dict(BASE)
ring["map/x.c"] = "int map_y(void);\nint map_x(void) { return map_y(); }\n"
ring["map/y.c"] = "int map_z(void);\nint map_y(void) { return map_z(); }\n"
ring["map/z.c"] = "int map_x(void);\nint map_z(void) { return map_x(); }\n"
expect("a circle of three", ring, 1,
       ["a circle of calls", "map/z.c -> map/x.c (map_x)"])

stray = dict(BASE)
stray["render/old.c"] = "int render_old(void) { return 0; }\n"
expect("a room not in the house", stray, 1,
       ["render/old.c: room 'render' is not in the house"])

print(f"{6 - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
