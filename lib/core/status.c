/*
 * status.c - names and families of status codes, library versions.
 */
#include "core/core.h"

const char *kz_status_str(int code)
{
    switch (code) {
    case KZ_OK: return "KZ_OK";
    case KZ_ERROR: return "KZ_ERROR";
    case KZ_EINVAL: return "KZ_EINVAL";
    case KZ_ENOMEM: return "KZ_ENOMEM";
    case KZ_EIO: return "KZ_EIO";
    case KZ_EFORMAT: return "KZ_EFORMAT";
    case KZ_EINTERRUPTED: return "KZ_EINTERRUPTED";
    case KZ_EUSAGE: return "KZ_EUSAGE";
    case KZ_EINPUT: return "KZ_EINPUT";
    case KZ_ENOTFOUND: return "KZ_ENOTFOUND";
    case KZ_EDATA: return "KZ_EDATA";
    case KZ_EPROJ: return "KZ_EPROJ";
    case KZ_EGEOM: return "KZ_EGEOM";
    case KZ_ERENDER: return "KZ_ERENDER";
    case KZ_ESTYLE: return "KZ_ESTYLE";
    case KZ_EFONT: return "KZ_EFONT";
    case KZ_EEXPORT: return "KZ_EEXPORT";
    case KZ_EEXISTS: return "KZ_EEXISTS";
    default: return "KZ_UNKNOWN";
    }
}

kz_family kz_status_family(int code)
{
    if (code == KZ_OK)
        return KZ_FAMILY_OK;
    if (code <= -100 && code > -200)
        return KZ_FAMILY_INPUT;
    if (code <= -200 && code > -300)
        return KZ_FAMILY_PROJECTION;
    if (code <= -300 && code > -400)
        return KZ_FAMILY_GEOMETRY;
    if (code <= -400 && code > -500)
        return KZ_FAMILY_RENDER;
    if (code <= -500 && code > -600)
        return KZ_FAMILY_EXPORT;
    return KZ_FAMILY_GENERAL;
}

const char *kz_version(void)
{
    return KZ_VERSION_STRING;
}
