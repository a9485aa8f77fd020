/*
 * meta.c - the documents stored beside the data: ISO 19115 metadata (ISO
 * 19139 XML, English with Azerbaijani as a second locale).  Every value
 * passes through the XML escape.
 */
#include "export/export.h"

#include <math.h>
#include <string.h>

int kz__sql_quote(kz_buf *b, const char *s)
{
    int rc = kz__buf_puts(b, "'");
    const char *q;
    while (rc == KZ_OK && (q = strchr(s, '\'')) != NULL) {
        rc = kz__buf_append(b, s, (size_t)(q - s + 1));
        if (rc == KZ_OK)
            rc = kz__buf_puts(b, "'");
        s = q + 1;
    }
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, s);
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "'");
    return rc;
}

static const kz_export_texts default_texts = {
    "Azərbaycan kəhrizlərinin atlası: yerləri və texniki qiymətləndirmələr",
    "Atlas of the kahrizes of Azerbaijan: locations and technical "
    "assessments",
    "Kəhrizlərin (yeraltı su kanallarının) çıxış yerləri, quyuları və "
    "qalereyaları, texniki baxışların nəticələri və rayonlar, iqtisadi "
    "rayonlar üzrə statistika.",
    "Outlets, shafts and galleries of kahrizes (underground water "
    "channels), the results of technical assessments and statistics by "
    "district and economic region.",
    "Sahə tədqiqatları; rayon sərhədləri: Natural Earth (ictimai "
    "mülkiyyət).",
    "Field surveys; district boundaries: Natural Earth (public domain).",
    "Məlumatlar tədqiqatı aparan təşkilatın şərtləri ilə; Natural Earth "
    "ictimai mülkiyyətdədir.",
    "Survey data under the terms of the surveying organisation; Natural "
    "Earth is in the public domain."};

/* <tag><gco:CharacterString>en</gco:CharacterString> + az locale; with
 * synthetic, each text begins by saying the data are the sample. */
static int bilingual_s(kz_buf *b, const char *tag, const char *en,
                       const char *az, int synthetic)
{
    int rc = kz__buf_printf(b, "<gmd:%s xsi:type=\"gmd:PT_FreeText_PropertyType\">"
                               "<gco:CharacterString>", tag);
    if (rc == KZ_OK && synthetic)
        rc = kz__buf_puts(b, KZ_EXPORT_SYNTHETIC_EN ". ");
    if (rc == KZ_OK) rc = kz__xml_escape(b, en ? en : "");
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "</gco:CharacterString><gmd:PT_FreeText>"
                             "<gmd:textGroup><gmd:LocalisedCharacterString "
                             "locale=\"#locale-az\">");
    if (rc == KZ_OK && synthetic)
        rc = kz__buf_puts(b, KZ_EXPORT_SYNTHETIC_AZ ". ");
    if (rc == KZ_OK) rc = kz__xml_escape(b, az ? az : "");
    if (rc == KZ_OK)
        rc = kz__buf_printf(b, "</gmd:LocalisedCharacterString></gmd:textGroup>"
                               "</gmd:PT_FreeText></gmd:%s>", tag);
    return rc;
}

static int bilingual(kz_buf *b, const char *tag, const char *en,
                     const char *az)
{
    return bilingual_s(b, tag, en, az, 0);
}

int kz__export_iso19115(kz_buf *b, const kz_export_texts *t, int synthetic,
                        const kz_survey *sv, const char *stamp,
                        OGRSpatialReferenceH srs)
{
    double w = 180, s = 90, e = -180, n = -90;
    const char *auth = srs ? OSRGetAuthorityCode(srs, NULL) : NULL;
    size_t i;
    int rc;

    if (!t)
        t = &default_texts;
    for (i = 0; i < sv->n_districts; i++) {
        const kz_district *d = &sv->districts[i];
        if (d->minx < w) w = d->minx;
        if (d->miny < s) s = d->miny;
        if (d->maxx > e) e = d->maxx;
        if (d->maxy > n) n = d->maxy;
    }
    for (i = 0; i < sv->n_kahrizes; i++) {
        const kz_kahriz *k = &sv->kahrizes[i];
        if (k->lon < w) w = k->lon;
        if (k->lat < s) s = k->lat;
        if (k->lon > e) e = k->lon;
        if (k->lat > n) n = k->lat;
    }
    if (w > e) {
        w = s = e = n = 0;
    }
    rc = kz__buf_printf(
        b,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<gmd:MD_Metadata xmlns:gmd=\"http://www.isotc211.org/2005/gmd\" "
        "xmlns:gco=\"http://www.isotc211.org/2005/gco\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        "<gmd:language><gmd:LanguageCode codeList=\"http://www.loc.gov/"
        "standards/iso639-2/\" codeListValue=\"eng\">eng</gmd:LanguageCode>"
        "</gmd:language>"
        "<gmd:characterSet><gmd:MD_CharacterSetCode codeList=\"http://"
        "standards.iso.org/iso/19139/resources/gmxCodelists.xml#"
        "MD_CharacterSetCode\" codeListValue=\"utf8\">utf8"
        "</gmd:MD_CharacterSetCode></gmd:characterSet>"
        "<gmd:hierarchyLevel><gmd:MD_ScopeCode codeList=\"http://"
        "standards.iso.org/iso/19139/resources/gmxCodelists.xml#"
        "MD_ScopeCode\" codeListValue=\"dataset\">dataset</gmd:MD_ScopeCode>"
        "</gmd:hierarchyLevel>"
        "<gmd:dateStamp><gco:DateTime>%s</gco:DateTime></gmd:dateStamp>"
        "<gmd:metadataStandardName><gco:CharacterString>ISO 19115:2003/"
        "19139</gco:CharacterString></gmd:metadataStandardName>"
        "<gmd:locale><gmd:PT_Locale id=\"locale-az\"><gmd:languageCode>"
        "<gmd:LanguageCode codeList=\"http://www.loc.gov/standards/"
        "iso639-2/\" codeListValue=\"aze\">aze</gmd:LanguageCode>"
        "</gmd:languageCode><gmd:characterEncoding><gmd:MD_CharacterSetCode "
        "codeList=\"http://standards.iso.org/iso/19139/resources/"
        "gmxCodelists.xml#MD_CharacterSetCode\" codeListValue=\"utf8\">utf8"
        "</gmd:MD_CharacterSetCode></gmd:characterEncoding></gmd:PT_Locale>"
        "</gmd:locale>"
        "<gmd:referenceSystemInfo><gmd:MD_ReferenceSystem>"
        "<gmd:referenceSystemIdentifier><gmd:RS_Identifier><gmd:code>"
        "<gco:CharacterString>EPSG:%s</gco:CharacterString></gmd:code>"
        "</gmd:RS_Identifier></gmd:referenceSystemIdentifier>"
        "</gmd:MD_ReferenceSystem></gmd:referenceSystemInfo>"
        "<gmd:identificationInfo><gmd:MD_DataIdentification>"
        "<gmd:citation><gmd:CI_Citation>",
        stamp, auth ? auth : "4326");
    if (rc == KZ_OK) rc = bilingual_s(b, "title", t->title_en, t->title_az,
                        synthetic);
    if (rc == KZ_OK)
        rc = kz__buf_printf(
            b,
            "<gmd:date><gmd:CI_Date><gmd:date><gco:DateTime>%s"
            "</gco:DateTime></gmd:date><gmd:dateType><gmd:CI_DateTypeCode "
            "codeList=\"http://standards.iso.org/iso/19139/resources/"
            "gmxCodelists.xml#CI_DateTypeCode\" codeListValue=\"creation\">"
            "creation</gmd:CI_DateTypeCode></gmd:dateType></gmd:CI_Date>"
            "</gmd:date></gmd:CI_Citation></gmd:citation>",
            stamp);
    if (rc == KZ_OK)
        rc = bilingual_s(b, "abstract", t->abstract_en, t->abstract_az,
                        synthetic);
    if (rc == KZ_OK)
        rc = kz__buf_printf(b, "<gmd:credit><gco:CharacterString>kahriz-atlas "
                               "%s (%s)</gco:CharacterString></gmd:credit>",
                            kz_version(), kz_dependency_versions());
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "<gmd:resourceConstraints><gmd:MD_LegalConstraints>");
    if (rc == KZ_OK)
        rc = bilingual(b, "useLimitation", t->licence_en, t->licence_az);
    if (rc == KZ_OK)
        rc = kz__buf_puts(
            b, "</gmd:MD_LegalConstraints></gmd:resourceConstraints>"
               "<gmd:language><gmd:LanguageCode codeList=\"http://www.loc.gov/"
               "standards/iso639-2/\" codeListValue=\"eng\">eng"
               "</gmd:LanguageCode></gmd:language>"
               "<gmd:language><gmd:LanguageCode codeList=\"http://www.loc.gov/"
               "standards/iso639-2/\" codeListValue=\"aze\">aze"
               "</gmd:LanguageCode></gmd:language>"
               "<gmd:topicCategory><gmd:MD_TopicCategoryCode>inlandWaters"
               "</gmd:MD_TopicCategoryCode></gmd:topicCategory>");
    if (rc == KZ_OK)
        rc = kz__buf_printf(
            b,
            "<gmd:extent><gmd:EX_Extent><gmd:geographicElement>"
            "<gmd:EX_GeographicBoundingBox>"
            "<gmd:westBoundLongitude><gco:Decimal>%.6f</gco:Decimal>"
            "</gmd:westBoundLongitude><gmd:eastBoundLongitude><gco:Decimal>"
            "%.6f</gco:Decimal></gmd:eastBoundLongitude>"
            "<gmd:southBoundLatitude><gco:Decimal>%.6f</gco:Decimal>"
            "</gmd:southBoundLatitude><gmd:northBoundLatitude><gco:Decimal>"
            "%.6f</gco:Decimal></gmd:northBoundLatitude>"
            "</gmd:EX_GeographicBoundingBox></gmd:geographicElement>"
            "</gmd:EX_Extent></gmd:extent>"
            "</gmd:MD_DataIdentification></gmd:identificationInfo>"
            "<gmd:dataQualityInfo><gmd:DQ_DataQuality><gmd:lineage>"
            "<gmd:LI_Lineage>",
            w, e, s, n);
    if (rc == KZ_OK)
        rc = bilingual_s(b, "statement", t->source_en, t->source_az,
                        synthetic);
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "</gmd:LI_Lineage></gmd:lineage>"
                             "</gmd:DQ_DataQuality></gmd:dataQualityInfo>"
                             "</gmd:MD_Metadata>\n");
    return rc;
}
