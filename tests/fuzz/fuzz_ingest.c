/*
 * fuzz_ingest.c - the whole ingest path through OGR: the input is written
 * to a temporary kahrizes CSV (and, after a line "@@", an assessments
 * CSV) and loaded; every row must be accepted or reported.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kahriz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int write_file(const char *path, const uint8_t *d, size_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return -1;
    if (n && fwrite(d, 1, n, fp) != n) {
        fclose(fp);
        return -1;
    }
    return fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char dir[64];
    char k[128], a[128];
    const uint8_t *sep = NULL;
    size_t i;
    /* one context for the whole run: creating PROJ's context (and opening
     * proj.db) for every input would make each run 50 ms slower */
    static kz_ctx *ctx = NULL;
    kz_survey *sv = NULL;
    kz_report *rep = NULL;
    kz_sources src = KZ_SOURCES_INIT;
    int rc;

    if (!dir[0]) {
        snprintf(dir, sizeof(dir), "/tmp/kzfuzz-%ld", (long)getpid());
        if (mkdir(dir, 0700) != 0) {
            /* exists from an earlier run of this pid: reuse */
        }
    }
    for (i = 0; i + 3 <= size; i++)
        if (memcmp(data + i, "\n@@", 3) == 0) {
            sep = data + i;
            break;
        }
    snprintf(k, sizeof(k), "%s/kahrizes.csv", dir);
    snprintf(a, sizeof(a), "%s/assessments.csv", dir);
    if (write_file(k, data, sep ? (size_t)(sep - data) + 1 : size) != 0)
        return 0;
    src.kahrizes = k;
    if (sep) {
        const uint8_t *rest = sep + 3;
        while (rest < data + size && *rest != '\n')
            rest++;
        if (rest < data + size)
            rest++;
        if (write_file(a, rest, (size_t)(data + size - rest)) != 0)
            return 0;
        src.assessments = a;
    }
    src.today = 20261127;
    if (!ctx && kz_ctx_create(&ctx, NULL) != KZ_OK)
        return 0;
    kz_ctx_clear_error(ctx);
    if (kz_report_create(&rep, ctx) == KZ_OK) {
        rc = kz_survey_load(&sv, ctx, &src, rep);
        if (rc == KZ_OK || rc == KZ_EDATA) {
            size_t s, read = 0, used = 0, rejected = 0;
            if (!sv)
                abort();
            /* nothing lost: every row read is accepted or rejected */
            for (s = 0; s < kz_report_summary_count(rep); s++) {
                const kz_report_summary *m = kz_report_summary_get(rep, s);
                read += (size_t)m->rows_read;
                used += (size_t)m->accepted;
                rejected += (size_t)m->rejected;
            }
            if (read != used + rejected)
                abort();
            if (kz_survey_kahriz_count(sv) + kz_survey_assessment_count(sv) !=
                used)
                abort();
        } else if (kz_ctx_error(ctx)->message[0] == '\0') {
            abort();
        }
        kz_survey_destroy(sv);
        kz_report_destroy(rep);
    }
    return 0;
}
