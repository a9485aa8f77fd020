/*
 * shading.c - gradients of neutral greys printed with black ink alone:
 * cairo writes a gradient as a DeviceRGB shading whose function gives the
 * colours, and Ghostscript would make its greys of four inks.  A shading
 * whose colours are all exact greys (exponential functions, or stitching
 * ones made of them) is said in DeviceCMYK with [0 0 0 k] instead, k
 * chosen by the caller as for the content streams (neutral.c).  Any other
 * shading is left as it is.
 */
#include "finish/finish.h"

/* The grey v of the colour array a: three equal numbers. */
static int grey_of(qpdf_data q, qpdf_oh a, double *v)
{
    double c[3];
    int i, ok = qpdf_oh_is_array(q, a) &&
                qpdf_oh_get_array_n_items(q, a) == 3;

    for (i = 0; ok && i < 3; i++) {
        qpdf_oh x = qpdf_oh_get_array_item(q, a, i);
        ok = qpdf_oh_is_number(q, x);
        c[i] = qpdf_oh_get_numeric_value(q, x);
        qpdf_oh_release(q, x);
    }
    if (!ok || c[0] != c[1] || c[1] != c[2])
        return 0;
    *v = c[0];
    return 1;
}

/* [0 0 0 k] for the grey v. */
static qpdf_oh black_array(qpdf_data q, double v,
                           double (*black)(void *ud, double grey), void *ud)
{
    qpdf_oh a = qpdf_oh_new_array(q), x;
    int i;
    for (i = 0; i < 4; i++) {
        x = qpdf_oh_new_real_from_double(q, i < 3 ? 0 : black(ud, v), 4);
        qpdf_oh_append_item(q, a, x);
        qpdf_oh_release(q, x);
    }
    return a;
}

/* Replace the grey colour array at key of d by its black ink. */
static void key_to_black(qpdf_data q, qpdf_oh d, const char *key,
                         double (*black)(void *ud, double grey), void *ud)
{
    qpdf_oh a = qpdf_oh_get_key(q, d, key), b;
    double v;
    if (grey_of(q, a, &v)) {
        b = black_array(q, v, black, ud);
        qpdf_oh_replace_key(q, d, key, b);
        qpdf_oh_release(q, b);
    }
    qpdf_oh_release(q, a);
}

/* Whether function f gives greys only: an exponential function between
 * two greys, or a stitching function of such (done[id]: an indirect
 * function already said in black ink, shared with another shading).
 * When convert, say it in black ink. */
static int grey_function(qpdf_data q, qpdf_oh f, unsigned char *done,
                         int n_ids, int convert,
                         double (*black)(void *ud, double grey), void *ud)
{
    int id = qpdf_oh_is_indirect(q, f) ? qpdf_oh_get_object_id(q, f) : 0;
    int type, yes = 0;
    qpdf_oh t, a, b;
    double v;

    if (id > 0 && id < n_ids && done[id])
        return 1;
    if (!qpdf_oh_is_dictionary(q, f))
        return 0; /* a sampled or PostScript function: a stream */
    t = qpdf_oh_get_key(q, f, "/FunctionType");
    type = qpdf_oh_is_integer(q, t) ? qpdf_oh_get_int_value_as_int(q, t) : -1;
    qpdf_oh_release(q, t);
    if (type == 2) {
        a = qpdf_oh_get_key(q, f, "/C0");
        b = qpdf_oh_get_key(q, f, "/C1");
        yes = grey_of(q, a, &v) && grey_of(q, b, &v);
        qpdf_oh_release(q, a);
        qpdf_oh_release(q, b);
        if (yes && convert) {
            key_to_black(q, f, "/C0", black, ud);
            key_to_black(q, f, "/C1", black, ud);
        }
    } else if (type == 3) {
        int i, n;
        a = qpdf_oh_get_key(q, f, "/Functions");
        n = qpdf_oh_is_array(q, a) ? qpdf_oh_get_array_n_items(q, a) : 0;
        yes = n > 0;
        for (i = 0; yes && i < n; i++) {
            b = qpdf_oh_get_array_item(q, a, i);
            yes = grey_function(q, b, done, n_ids, 0, black, ud);
            qpdf_oh_release(q, b);
        }
        for (i = 0; yes && convert && i < n; i++) {
            b = qpdf_oh_get_array_item(q, a, i);
            grey_function(q, b, done, n_ids, 1, black, ud);
            qpdf_oh_release(q, b);
        }
        qpdf_oh_release(q, a);
    }
    if (yes && convert && id > 0 && id < n_ids)
        done[id] = 1;
    return yes;
}

int kz__shading_neutral_to_k(qpdf_data q, qpdf_oh sh, unsigned char *done,
                             int n_ids,
                             double (*black)(void *ud, double grey),
                             void *ud)
{
    qpdf_oh cs, f, bg, name;
    int yes;
    double v;

    if (!qpdf_oh_is_dictionary(q, sh) || !qpdf_oh_has_key(q, sh, "/ShadingType"))
        return 0; /* mesh shadings are streams: not cairo's gradients */
    cs = qpdf_oh_get_key(q, sh, "/ColorSpace");
    f = qpdf_oh_get_key(q, sh, "/Function");
    bg = qpdf_oh_get_key(q, sh, "/Background");
    yes = qpdf_oh_is_name_and_equals(q, cs, "/DeviceRGB") &&
          (qpdf_oh_is_null(q, bg) || grey_of(q, bg, &v)) &&
          grey_function(q, f, done, n_ids, 0, black, ud);
    if (yes) {
        grey_function(q, f, done, n_ids, 1, black, ud);
        if (!qpdf_oh_is_null(q, bg))
            key_to_black(q, sh, "/Background", black, ud);
        name = qpdf_oh_new_name(q, "/DeviceCMYK");
        qpdf_oh_replace_key(q, sh, "/ColorSpace", name);
        qpdf_oh_release(q, name);
    }
    qpdf_oh_release(q, cs);
    qpdf_oh_release(q, f);
    qpdf_oh_release(q, bg);
    return yes;
}
