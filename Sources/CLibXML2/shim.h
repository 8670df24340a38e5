#ifndef NEWSD_CLIBXML2_SHIM_H
#define NEWSD_CLIBXML2_SHIM_H
/* libxml2's headers pull in the system ICU when it was built with it; those declarations
   clash with Foundation's own ICU copy in a module that imports both. newsd never uses
   libxml2's ICU entry points, so hide them. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

/* Silence libxml2's default error printer: malformed input is normal here, not an event. */
static void newsd_xml_ignore_error(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void newsd_xml_silence_errors(void) {
    xmlSetGenericErrorFunc(NULL, newsd_xml_ignore_error);
}

#include <libxml/parserInternals.h>
/* Makes a parser context decode its input from a named charset (iconv); -1 if libxml2 does not know it. */
static inline int newsd_html_use_encoding(htmlParserCtxtPtr ctxt, const char *encoding) {
    xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(encoding);
    if (handler == NULL) return -1;
    return xmlSwitchToEncoding(ctxt, handler);
}
#endif
