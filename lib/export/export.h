/*
 * export.h - internals of the GeoPackage export: metadata documents and
 * the QGIS style, built as text, and SQL literal quoting.
 */
#ifndef KZ_EXPORT_H
#define KZ_EXPORT_H

#include <ogr_srs_api.h>

#include "aggregate/locator.h"

/* Append s as an SQL string literal ('...' with quotes doubled). */
int kz__sql_quote(kz_buf *b, const char *s);
/* Append s escaped for XML text and attributes. */
int kz__xml_escape(kz_buf *b, const char *s);
/* ISO 19115 (ISO 19139 XML) dataset metadata in Azerbaijani and English. */
int kz__export_iso19115(kz_buf *b, const kz_export_texts *texts,
                        const kz_survey *sv, const char *stamp,
                        OGRSpatialReferenceH srs);
/* QGIS QML: kahrizes categorised by last_condition with these colours. */
int kz__export_qml_kahrizes(kz_buf *b, const char *const *colors);

#endif
