/*
 * kobo_fixture.h - field form exports written for the tests from the
 * tables in tests/data/kobo (see its README): KoboToolbox XLSX through
 * GDAL's XLSX driver, KoboToolbox CSV, ODK Central's CSV zip through
 * /vsizip/, and a media download holding one of the photos.
 */
#ifndef KZ_KOBO_FIXTURE_H
#define KZ_KOBO_FIXTURE_H

/* An XLSX with the main sheet main_sheet from table main (a file name in
 * tests/data/kobo) and, unless NULL, the sheet "shafts" from shafts. */
void kobo_write_xlsx(const char *path, const char *main_sheet,
                     const char *main, const char *shafts);
/* A CSV of table with separator sep. */
void kobo_write_csv(const char *path, const char *table, char sep);
/* ODK Central's zip: form.csv and form-shafts.csv. */
void kobo_write_central_zip(const char *path, const char *form,
                            const char *main, const char *shafts);
/* KoboToolbox's media download layout under dir, holding p1.jpg of the
 * submission uuid-a. */
void kobo_write_attachments(const char *dir);

#endif
