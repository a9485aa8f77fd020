/*
 * number.c - the one rounding rule of every number a person reads (maps,
 * atlas pages, sheets, the `stats` table): half away from zero on the
 * decimal value the double stands for, so that 2.35, stored as
 * 2.3499999999999996, rounds to 2.4 like 2.45 rounds to 2.5.  The digits
 * are written without the process locale: '.' is the point.
 */
#include "core/core.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

double kz__round_scaled(double value, int decimals)
{
    double sc, x, t, tol;

    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    if (!isfinite(value))
        return value;
    sc = pow(10, decimals);
    x = value * sc;
    t = trunc(x);
    /* a half within a few units of the last place is the decimal half
     * that the binary value could not hold exactly */
    tol = 8 * DBL_EPSILON * fmax(1, fabs(x));
    if (fabs(fabs(x - t) - 0.5) <= tol)
        return t + (x < 0 ? -1 : 1);
    return round(x);
}

size_t kz__number_fixed(char *out, size_t cap, double value, int decimals)
{
    char digits[400], res[420];
    size_t n, o = 0, i;
    double r;

    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    if (!isfinite(value) || fabs(value) >= 1e15) {
        /* beyond the digits a double holds: as printf writes it */
        snprintf(res, sizeof(res), "%.*g", DBL_DIG, value);
    } else {
        r = kz__round_scaled(value, decimals);
        /* an integral value: "%.0f" has no point, whatever the locale */
        snprintf(digits, sizeof(digits), "%.0f", fabs(r));
        n = strlen(digits);
        if (r < 0 && strspn(digits, "0") != n)
            res[o++] = '-'; /* "-0.0" would read as a negative value */
        if (n <= (size_t)decimals) {
            /* 0.05 -> "5" -> "0.05": leading zeros before the digits */
            res[o++] = '0';
            res[o++] = '.';
            for (i = n; i < (size_t)decimals; i++)
                res[o++] = '0';
            memcpy(res + o, digits, n);
            o += n;
        } else {
            memcpy(res + o, digits, n - (size_t)decimals);
            o += n - (size_t)decimals;
            if (decimals > 0) {
                res[o++] = '.';
                memcpy(res + o, digits + n - (size_t)decimals,
                       (size_t)decimals);
                o += (size_t)decimals;
            }
        }
        res[o] = '\0';
    }
    n = strlen(res);
    if (cap) {
        size_t m = n < cap - 1 ? n : cap - 1;
        memcpy(out, res, m);
        out[m] = '\0';
    }
    return n;
}
