/*
 * golden_scene.h - the pictures kept as golden references in tests/golden:
 * each scene renders the same fixture survey to the same ARGB32 image, so
 * the test (test_golden.c) and the separate updater (tests/golden/update.c,
 * `make golden`) draw exactly the same thing.
 */
#ifndef KZ_GOLDEN_SCENE_H
#define KZ_GOLDEN_SCENE_H

#include <cairo.h>

#include "kahriz.h"

typedef struct kz_golden_scene {
    const char *name; /* tests/golden/<name>.ref.png */
    const char *what;
} kz_golden_scene;

/* The scenes, ending with a NULL name. */
extern const kz_golden_scene kz_golden_scenes[];

/* Render scene i with ctx, its fixture files written under dir (which
 * exists).  Returns a new image (caller destroys), NULL with a message on
 * stderr when the scene cannot be drawn. */
cairo_surface_t *kz_golden_render(size_t i, kz_ctx *ctx, const char *dir,
                                  const char *srcdir);

#endif
