/*
 * bench_ingest.c - how fast kz_survey_load reads a survey and how much
 * memory it needs: N kahrizes (mixed EPSG:4326 and UTM 38N rows) with 3
 * assessments each, generated as CSV, loaded in a child process per size
 * so that each peak RSS is its own; compared with ogr2ogr -f GPKG of the
 * same files.  Usage: bench_ingest [N...] (default 10000 100000 1000000).
 */
#include "kahriz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

static int generate(const char *dir, long n)
{
    char path[4200];
    FILE *k, *a;
    long i;
    unsigned long s = 12345;

    snprintf(path, sizeof(path), "%s/kahrizes.csv", dir);
    k = fopen(path, "w");
    snprintf(path, sizeof(path), "%s/assessments.csv", dir);
    a = fopen(path, "w");
    if (!k || !a)
        return -1;
    fputs("id,name_az,name_en,district,village_az,x,y,crs,length_m,shafts,"
          "year_built,owner\n",
          k);
    fputs("kahriz_id,date,discharge_l_s,condition,drinkable,"
          "households_served,assessor\n",
          a);
    for (i = 0; i < n; i++) {
        double lon, lat;
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        lon = 45.0 + (double)((s >> 33) % 30000) / 10000.0;
        lat = 39.0 + (double)((s >> 13) % 20000) / 10000.0;
        if (i % 4 == 3) /* a UTM 38N row: easting/northing near lon 46 */
            fprintf(k,
                    "K%07ld,Kəhriz %ld,,AZ-ORD,Kənd %ld,%.2f,%.2f,"
                    "EPSG:32638,%ld,%ld,19%02ld,bələdiyyə\n",
                    i, i, i % 5000, 580000.0 + (double)(i % 10000),
                    4400000.0 + (double)(i % 7000), 500 + i % 3000,
                    10 + i % 90, i % 100);
        else
            fprintf(k,
                    "K%07ld,Kəhriz %ld,,AZ-ORD,Kənd %ld,%.6f,%.6f,,%ld,%ld,"
                    "19%02ld,bələdiyyə\n",
                    i, i, i % 5000, lon, lat, 500 + i % 3000, 10 + i % 90,
                    i % 100);
        fprintf(a, "K%07ld,2015-%02ld-%02ld,%.1f,good,yes,%ld,A. Əliyev\n",
                i, 1 + i % 12, 1 + i % 28, (double)(i % 200) / 10.0,
                i % 300);
        fprintf(a, "K%07ld,2020-%02ld-%02ld,%.1f,fair,no,%ld,\n", i,
                1 + i % 12, 1 + i % 28, (double)(i % 150) / 10.0, i % 300);
        fprintf(a, "K%07ld,2018-06-01,%.1f,3,unknown,,\n", i,
                (double)(i % 100) / 10.0);
    }
    fclose(k);
    return fclose(a) == 0 ? 0 : -1;
}

/* Load in this process and print the figures; runs in a child. */
static int measure(const char *dir, long n)
{
    char kp[4200], ap[4200];
    kz_sources src = KZ_SOURCES_INIT;
    kz_ctx *ctx = NULL;
    kz_survey *sv = NULL;
    struct rusage ru;
    double t0, t1;
    int rc;

    snprintf(kp, sizeof(kp), "%s/kahrizes.csv", dir);
    snprintf(ap, sizeof(ap), "%s/assessments.csv", dir);
    src.kahrizes = kp;
    src.assessments = ap;
    if (kz_ctx_create(&ctx, NULL) < 0)
        return 1;
    t0 = bench_now_ms() / 1e3;
    rc = kz_survey_load(&sv, ctx, &src, NULL);
    t1 = bench_now_ms() / 1e3;
    getrusage(RUSAGE_SELF, &ru);
    if (rc < 0) {
        fprintf(stderr, "load: %s\n", kz_ctx_error(ctx)->message);
        return 1;
    }
    printf("%9ld kahrizes + %9zu assessments: %7.2f s, %9.0f rows/s, "
           "peak RSS %6.1f MB\n",
           n, kz_survey_assessment_count(sv), t1 - t0,
           (double)(n + (long)kz_survey_assessment_count(sv)) / (t1 - t0),
           (double)ru.ru_maxrss / 1024.0);
    kz_survey_destroy(sv);
    kz_ctx_destroy(ctx);
    return 0;
}

static void ogr2ogr(const char *dir, long n)
{
    char cmd[9000];
    double t0, t1;
    snprintf(cmd, sizeof(cmd),
             "ogr2ogr -f GPKG -overwrite '%s/out.gpkg' '%s/kahrizes.csv' "
             "&& ogr2ogr -f GPKG -update -overwrite '%s/out.gpkg' "
             "'%s/assessments.csv'",
             dir, dir, dir, dir);
    t0 = bench_now_ms() / 1e3;
    if (system(cmd) != 0) {
        printf("%9s ogr2ogr -f GPKG failed\n", "");
        return;
    }
    t1 = bench_now_ms() / 1e3;
    printf("%9s ogr2ogr -f GPKG of the same CSVs:   %7.2f s, %9.0f rows/s\n",
           "", t1 - t0, (double)(4 * n) / (t1 - t0));
}

int main(int argc, char **argv)
{
    static const long def[] = {10000, 100000, 1000000};
    char dir[] = "/tmp/kzbench-XXXXXX";
    int i, n = argc > 1 ? argc - 1 : 3;
    char cmd[64];

    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    for (i = 0; i < n; i++) {
        long size = argc > 1 ? atol(argv[i + 1]) : def[i];
        pid_t pid;
        int status;
        if (size <= 0 || generate(dir, size) < 0) {
            fprintf(stderr, "cannot generate %ld rows in %s\n", size, dir);
            return 1;
        }
        fflush(stdout);
        pid = fork();
        if (pid == 0) {
            int r = measure(dir, size);
            fflush(stdout); /* _exit does not flush stdio */
            _exit(r);
        }
        if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0)
            fprintf(stderr, "load of %ld rows failed\n", size);
        ogr2ogr(dir, size);
    }
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
