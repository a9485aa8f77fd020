/*
 * update.c - rewrites the golden references tests/golden/<name>.ref.png
 * from the scenes of tests/render/golden_scene.c.  Run on purpose (`make
 * golden`) after a deliberate change to the cartography, look at the
 * pictures, and commit them; the test run never writes them.
 */
#include "golden_scene.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    const char *src = getenv("KZ_SOURCE_DIR");
    char tmp[] = "/tmp/kzgolden-XXXXXX", path[700], cmd[100];
    kz_ctx *ctx = NULL;
    size_t i;
    int rc = 0;

    if (!src || !*src)
        src = KZ_SOURCE_DIR;
    if (!mkdtemp(tmp) || kz_ctx_create(&ctx, NULL) < 0) {
        fprintf(stderr, "golden: cannot start\n");
        return 1;
    }
    for (i = 0; kz_golden_scenes[i].name; i++) {
        cairo_surface_t *img = kz_golden_render(i, ctx, tmp, src);
        snprintf(path, sizeof(path), "%s/tests/golden/%s.ref.png", src,
                 kz_golden_scenes[i].name);
        if (!img || cairo_surface_write_to_png(img, path) !=
                        CAIRO_STATUS_SUCCESS) {
            fprintf(stderr, "golden: %s not written\n", path);
            rc = 1;
        } else {
            printf("wrote %s (%s)\n", path, kz_golden_scenes[i].what);
        }
        cairo_surface_destroy(img);
    }
    kz_ctx_destroy(ctx);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "golden: could not remove %s\n", tmp);
    return rc;
}
