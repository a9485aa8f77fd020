/*
 * reference.c - reference geography on the maps: water areas, rivers
 * and roads by class, settlements, and their labels.
 */
#include "render/render.h"

int kz__ref_draw_water(kz_page *pg)
{
    (void)pg;
    return KZ_OK;
}

int kz__ref_draw_lines(kz_page *pg)
{
    (void)pg;
    return KZ_OK;
}

int kz__ref_draw_places(kz_page *pg)
{
    (void)pg;
    return KZ_OK;
}

int kz__ref_label(kz_page *pg)
{
    (void)pg;
    return KZ_OK;
}
