/* Reads .ics files with libical (Evolution's and many C apps' parser) and runs its
 * restriction checks: the properties RFC 5545 and, for a METHOD, RFC 5546 require.
 * Prints OK or FAIL per file, each problem libical reports, and a total; exits 1 on any
 * failure. Built and run by tests/ics/check. */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

/* Prints the X-LIC-ERROR properties libical put into a component and its children. */
static int report(icalcomponent *c, const char *path) {
    int n = 0;
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
        printf("    %s: %s: %s\n", path, icalcomponent_kind_to_string(icalcomponent_isa(c)),
               icalproperty_get_xlicerror(p));
        n++;
    }
    for (icalcomponent *s = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); s;
         s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
        n += report(s, path);
    }
    return n;
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *text = malloc((size_t)size + 1);
    size_t got = fread(text, 1, (size_t)size, f);
    text[got] = '\0';
    fclose(f);
    return text;
}

int main(int argc, char **argv) {
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        char *text = slurp(argv[i]);
        icalcomponent *c = text ? icalparser_parse_string(text) : NULL;
        int ok = c != NULL && icalcomponent_isa(c) == ICAL_VCALENDAR_COMPONENT;
        if (ok) {
            int restrictions = icalrestriction_check(c);
            int errors = icalcomponent_count_errors(c);
            ok = restrictions && errors == 0;
        }
        printf("%s %s\n", ok ? "OK  " : "FAIL", argv[i]);
        if (c && !ok) report(c, argv[i]);
        if (!c) printf("    %s: not read as a calendar\n", argv[i]);
        failed += !ok;
        if (c) icalcomponent_free(c);
        free(text);
    }
    printf("libical %s: %d of %d files passed its restriction checks\n", ICAL_VERSION,
           argc - 1 - failed, argc - 1);
    return failed ? 1 : 0;
}
