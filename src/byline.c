/* SPDX-License-Identifier: MIT */
/*
 * The byline: the article's authors, from JSON-LD, author <meta> tags, author markup
 * (rel=author, itemprop=author, byline classes) and "By ..." lines after the title, in that
 * order of trust. Each candidate is cleaned into names: prefixes ("By", "Von", "Text:"),
 * roles ("Staff Writer"), datelines, e-mail and web addresses go, joiners ("and", "&", "und")
 * split it. The first candidate that leaves a name wins; a name that is the site's own only
 * counts when JSON-LD types it a Person.
 */
#include <string.h>

#include "internal.h"

static const char *
skip_utf8_spaces(const char *s)
{
    for (;;) {
        uint32_t cp;
        size_t n = strlen(s);
        if (n == 0)
            return s;
        size_t k = pith_utf8_next(s, n, &cp);
        if (!pith_is_space_cp(cp))
            return s;
        s += k;
    }
}

static const char *const byline_prefixes[] = {
    "written by", "posted by", "published by", "story by", "words by", "text by", "by:",
    "by", "von", "par", "por", "di", "text:", "texte:", "texto:", "author:", "authors:",
    "autor:", "autor", "auteur:", "words:", "reporter:", "reporting by", "door:",
};

static const char *const role_words[] = {
    "staff", "writer", "reporter", "correspondent", "editor", "contributor", "columnist",
    "journalist", "senior", "associate", "producer", "analyst", "news", "health", "special to",
    "bureau", "chief", "photographer", "redakteur", "redaktion", "updated", "published",
    "posted", "min read", "read more", "follow", "twitter", "email", "agency", "reuters",
    "associated press", "last", "sign in", "log in", "login", "subscribe", "share", "comments",
    "taboola", "outbrain", "authority", "sponsored", "promoted", "advertisement", "edited",
    "contact",
};

static int
has_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return 1;
    return 0;
}

static int
has_letter(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = pith_utf8_next(s + i, n - i, &cp);
        if (pith_is_word_cp(cp) && !(cp >= '0' && cp <= '9') && cp != '_')
            return 1;
        i += k;
    }
    return 0;
}

/* Strips a leading "By" / "Von" / "Text:" ...; returns the rest. */
static const char *
strip_by(const char *s)
{
    for (int again = 0; again < 2; again++) {
        s = skip_utf8_spaces(s);
        int hit = 0;
        for (size_t k = 0; k < sizeof byline_prefixes / sizeof byline_prefixes[0]; k++) {
            const char *pre = byline_prefixes[k];
            size_t pl = strlen(pre);
            if (strlen(s) > pl && pith_ascii_casecmp_n(s, pre, pl) == 0 &&
                (pre[pl - 1] == ':' || pith_is_html_space((unsigned char)s[pl]) || s[pl] == ':')) {
                s += pl;
                while (*s == ':' || pith_is_html_space((unsigned char)*s))
                    s++;
                hit = 1;
                break;
            }
        }
        if (!hit)
            break;
    }
    return s;
}

/* "By Jane Roe", or "By" alone with the names in the next elements. */
static int
starts_byline(const char *t)
{
    if (strip_by(t) != t)
        return 1;
    for (size_t k = 0; k < sizeof byline_prefixes / sizeof byline_prefixes[0]; k++) {
        const char *pre = byline_prefixes[k];
        size_t pl = strlen(pre);
        if (pre[pl - 1] == ':')
            pl--;
        if (strlen(t) >= pl && pith_ascii_casecmp_n(t, pre, pl) == 0 &&
            (t[pl] == '\0' || (t[pl] == ':' && t[pl + 1] == '\0')))
            return 1;
    }
    return 0;
}

/* Where the first date in s starts (n when none): dates.c says where a date ends, so the
 * start is the last word from which the same date is still found. */
static size_t
date_start(const char *s, size_t n, int day_first)
{
    pith_date d;
    size_t used = 0;
    if (!pith_date_parse_text(s, n, day_first, &d, &used) || !pith_date_plausible(&d))
        return n;
    size_t end = used, start = 0, i = 0;
    for (int words = 0; words < 32 && i < end; words++) {
        while (i < end && !pith_is_html_space((unsigned char)s[i]))
            i++;
        while (i < end && pith_is_html_space((unsigned char)s[i]))
            i++;
        size_t u2 = 0;
        if (i >= end || !pith_date_parse_text(s + i, n - i, day_first, &d, &u2) || i + u2 != end)
            break;
        start = i;
    }
    return start;
}

/* A role word as a whole word ("News", not "Newsom"). */
static int
is_role(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof role_words / sizeof role_words[0]; k++) {
        size_t wl = strlen(role_words[k]);
        for (const char *f = s; (f = pith_find_ci(f, n - (size_t)(f - s), role_words[k])); f++) {
            int left = f == s || !((f[-1] | 32) >= 'a' && (f[-1] | 32) <= 'z');
            const char *e = f + wl;
            int right = e >= s + n || !((*e | 32) >= 'a' && (*e | 32) <= 'z');
            if (left && right)
                return 1;
            if ((size_t)(f - s) + 1 >= n)
                break;
        }
    }
    return 0;
}

/* Whether s is nothing but role words and fillers ("Senior Staff Writer", "Special to the
 * Post" is not): "UN News" names an author, "News" alone does not. */
static int
only_roles(pith_ctx *ctx, const char *s, size_t n)
{
    static const char *const fillers[] = {"the", "of", "to", "and", "for", "a", "&", "at"};
    char *t = pith_strndup(ctx, s, n);
    if (!t)
        return 1;
    for (size_t k = 0; k < sizeof role_words / sizeof role_words[0]; k++) {
        size_t wl = strlen(role_words[k]);
        for (char *f = t;
             (f = (char *)(uintptr_t)pith_find_ci(f, n - (size_t)(f - t), role_words[k]));) {
            int left = f == t || !((f[-1] | 32) >= 'a' && (f[-1] | 32) <= 'z');
            char *e = f + wl;
            int right = e >= t + n || !((*e | 32) >= 'a' && (*e | 32) <= 'z');
            if (left && right)
                memset(f, ' ', wl);
            f = e;
            if (f >= t + n)
                break;
        }
    }
    int other = 0;
    for (size_t i = 0; i < n && !other;) {
        while (i < n && (pith_is_html_space((unsigned char)t[i]) || t[i] == ',' || t[i] == '.'))
            i++;
        size_t j = i;
        while (j < n && !pith_is_html_space((unsigned char)t[j]) && t[j] != ',' && t[j] != '.')
            j++;
        if (j > i) {
            int filler = 0;
            for (size_t k = 0; k < sizeof fillers / sizeof fillers[0] && !filler; k++)
                filler = strlen(fillers[k]) == j - i &&
                         pith_ascii_casecmp_n(t + i, fillers[k], j - i) == 0;
            other = !filler;
        }
        i = j;
    }
    pith_free(ctx, t);
    return !other;
}

/* Day names that precede a date in a dateline ("Friday, 7 January 2022"): never a name. */
static const char *const weekdays[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "wed", "thu", "fri", "sat", "sun", "montag", "dienstag", "mittwoch", "donnerstag",
    "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
    "samedi", "dimanche", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado",
    "domingo",
};

static int
is_weekday(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof weekdays / sizeof weekdays[0]; k++)
        if (strlen(weekdays[k]) == n && pith_ascii_casecmp_n(s, weekdays[k], n) == 0)
            return 1;
    return 0;
}

static const char *const name_joiners[] = {" and ", " & ", " und ", " et ", " y ", " e ",
                                           " and\xc2\xa0", ";", " + ", ", "};

/* Degrees, licences and suffixes after a name ("Jane Roe, MD, PhD", "Jane Roe PhD"): they
 * belong to the name before and are no name of their own. name_like: a name can end with
 * the word too ("Jack Ma", "Tom Do", "Jane Ms"), so only after a comma, or written with full
 * stops ("M.A."), or before other credentials ("Jane Roe MS, RD"), is it one. */
static const struct {
    const char *word;
    int name_like;
} credentials[] = {
    {"md", 0},    {"phd", 0},    {"ma", 1},    {"ms", 1},    {"msc", 0},   {"mph", 0},
    {"rn", 0},    {"mba", 0},    {"dds", 0},   {"do", 1},    {"ba", 1},    {"bsc", 0},
    {"jd", 1},    {"rd", 1},     {"facp", 0},  {"cpa", 0},   {"cfa", 0},   {"np", 1},
    {"pharmd", 0}, {"esq", 0},   {"jr", 1},    {"sr", 1},    {"mfa", 0},   {"edd", 0},
    {"psyd", 0},  {"lcsw", 0},   {"rdn", 0},   {"ldn", 0},   {"cde", 0},   {"cdces", 0},
    {"facs", 0},  {"faap", 0},   {"frcp", 0},  {"frcs", 0},  {"frcpc", 0}, {"dnp", 0},
    {"aprn", 0},  {"fnp", 0},    {"crnp", 0},  {"ccrn", 0},  {"cscs", 0},  {"dpt", 0},
    {"mbbs", 0},  {"mbchb", 0},  {"bds", 0},   {"llb", 0},   {"llm", 0},   {"mpa", 0},
    {"mpp", 0},   {"mrcgp", 0},  {"mrcp", 0},  {"ibclc", 0}, {"cnm", 0},   {"dphil", 0},
    {"mphil", 0}, {"dsc", 0},    {"dvm", 0},   {"lpn", 0},   {"bsn", 0},   {"msn", 0},
    {"lmft", 0},  {"lpc", 0},    {"cfp", 0},   {"faan", 0},  {"facc", 0},  {"faafp", 0},
};

/* The credentials[] entry that the word s[0..n) is (full stops ignored: "Ph.D."), or -1;
 * *dotted says whether it had full stops. */
static int
credential_of(const char *s, size_t n, int *dotted)
{
    char w[8];
    size_t wl = 0;
    *dotted = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            *dotted = 1;
            continue;
        }
        if (wl + 1 >= sizeof w)
            return -1;
        w[wl++] = (char)pith_ascii_lower((unsigned char)s[i]);
    }
    w[wl] = '\0';
    for (size_t k = 0; wl > 0 && k < sizeof credentials / sizeof credentials[0]; k++)
        if (strcmp(w, credentials[k].word) == 0)
            return (int)k;
    return -1;
}

/* Whether s[0..n) is nothing but credentials, each perhaps with its field in brackets
 * ("MSc (Nutrition)"). */
static int
only_credentials(const char *s, size_t n)
{
    size_t i = 0, seen = 0;
    while (i < n) {
        while (i < n && (pith_is_html_space((unsigned char)s[i]) || s[i] == ',' || s[i] == '.'))
            i++;
        if (i < n && s[i] == '(' && seen > 0) {
            const char *close = memchr(s + i, ')', n - i);
            if (!close)
                return 0;
            i = (size_t)(close - s) + 1;
            continue;
        }
        size_t j = i;
        while (j < n && !pith_is_html_space((unsigned char)s[j]) && s[j] != ',')
            j++;
        if (j == i)
            continue;
        int dotted;
        if (credential_of(s + i, j - i, &dotted) < 0)
            return 0;
        seen++;
        i = j;
    }
    return seen > 0;
}

/* The length of s[0..n) without the degrees at its end ("Jane Roe PhD MPH" is "Jane Roe"),
 * as long as a name of two words stays. more: credentials follow after a comma, so that a
 * name-like one ("MS" of "Jane Roe MS, RD") counts too. */
static size_t
strip_trailing_degrees(const char *s, size_t n, int more)
{
    for (;;) {
        size_t e = n;
        while (e > 0 && (pith_is_html_space((unsigned char)s[e - 1]) || s[e - 1] == ','))
            e--;
        size_t b = e;
        while (b > 0 && !pith_is_html_space((unsigned char)s[b - 1]) && s[b - 1] != ',')
            b--;
        int dotted;
        int k = credential_of(s + b, e - b, &dotted);
        /* (a "Jr." or "Sr." is the name's own) */
        int suffix = k >= 0 && (strcmp(credentials[k].word, "jr") == 0 ||
                                strcmp(credentials[k].word, "sr") == 0);
        int hit = k >= 0 && !suffix && (!credentials[k].name_like || more || dotted);
        /* what stays must still be a name of two words */
        size_t rest = b, words = 0;
        while (rest > 0 && (pith_is_html_space((unsigned char)s[rest - 1]) || s[rest - 1] == ','))
            rest--;
        for (size_t i = 0; i < rest; i++)
            words += (i == 0 || pith_is_html_space((unsigned char)s[i - 1])) && !pith_is_html_space((unsigned char)s[i]);
        if (!hit || words < 2)
            return n;
        n = rest;
    }
}

/* The first needle in s[0..n) outside parentheses: "Jane Roe (with John Doe and Ann Poe)"
 * is one credit. */
static const char *
find_outside_parens(const char *s, size_t n, const char *needle)
{
    for (const char *f = s; (f = pith_find_ci(f, n - (size_t)(f - s), needle)); f++) {
        int depth = 0;
        for (const char *k = s; k < f; k++)
            depth += *k == '(' ? 1 : *k == ')' && depth > 0 ? -1 : 0;
        if (depth == 0)
            return f;
        if ((size_t)(f - s) + 1 >= n)
            break;
    }
    return NULL;
}

static int
paren_balance(const char *s, size_t n)
{
    int b = 0;
    for (size_t i = 0; i < n; i++)
        b += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
    return b;
}

/* Where the first joiner of names in s[0..n) is (n when none), its length in *seplen. */
static size_t
next_joiner(const char *s, size_t n, size_t *seplen)
{
    size_t cut = n;
    *seplen = 0;
    for (size_t k = 0; k < sizeof name_joiners / sizeof name_joiners[0]; k++) {
        const char *f = find_outside_parens(s, n, name_joiners[k]);
        /* "Mac & i" is one name: a joiner needs a name-sized word after it */
        if (f) {
            const char *r = f + strlen(name_joiners[k]);
            while (r < s + n && pith_is_html_space((unsigned char)*r))
                r++;
            size_t w = 0;
            while (r + w < s + n && !pith_is_html_space((unsigned char)r[w]) && r[w] != ',')
                w++;
            if (w < 2)
                f = NULL;
        }
        if (f && (size_t)(f - s) < cut) {
            cut = (size_t)(f - s);
            *seplen = strlen(name_joiners[k]);
        }
    }
    return cut;
}

/* Particles that belong to a surname and follow the given names when it is written first:
 * "Jong, Michiel de" is Michiel de Jong. */
static const char *const surname_particles[] = {"de", "van", "von", "der", "den", "da", "di",
                                                "du", "la", "le", "del", "dos", "das", "ten",
                                                "ter", "zu", "bin", "al"};

/* Whether s[0..n) has an initial ("F.", "J") or a surname's particle as a word. */
static int
has_initial_or_particle(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        while (i < n && pith_is_html_space((unsigned char)s[i]))
            i++;
        size_t j = i;
        while (j < n && !pith_is_html_space((unsigned char)s[j]))
            j++;
        size_t wl = j - i;
        if (wl > 0 && s[j - 1] == '.')
            wl--;
        if (wl == 1 && s[i] >= 'A' && s[i] <= 'Z')
            return 1;
        for (size_t k = 0; k < sizeof surname_particles / sizeof surname_particles[0]; k++)
            if (strlen(surname_particles[k]) == wl && memcmp(s + i, surname_particles[k], wl) == 0)
                return 1;
        i = j;
    }
    return 0;
}

/* Given names after a surname and its comma: one to three words. */
#define INVERTED_GIVEN_MAX_WORDS 3

/* A name written surname first ("Jong, Michiel de", "Roe, Jane" in "Roe, Jane; Doe, John"):
 * one word, a comma, then one to three words up to the next joiner that is not a comma, the
 * first a capital, none a role or a degree, and an initial, a particle or a semicolon between
 * the names (listed) to tell it from a place. Then it is one person, and the
 * arena copy "Michiel de Jong" is returned with *cut and *seplen past the given names; NULL
 * when s[0..n) does not begin so. "Jane Roe, John Doe" and "Roe, Jane, Doe" are lists. */
static char *
inverted_name(pith_ctx *ctx, const char *s, size_t n, int listed, size_t *cut, size_t *seplen)
{
    if (*seplen != 2 || s[*cut] != ',')
        return NULL;
    size_t b = 0;
    while (b < *cut && pith_is_html_space((unsigned char)s[b]))
        b++;
    if (*cut - b < 2 || memchr(s + b, ' ', *cut - b) || has_digit(s + b, *cut - b))
        return NULL;
    const char *given = s + *cut + 2;
    size_t rest = n - *cut - 2, glen_sep = 0;
    size_t glen = next_joiner(given, rest, &glen_sep);
    if (glen_sep == 2 && given[glen] == ',')
        return NULL;
    while (glen > 0 && (pith_is_html_space((unsigned char)given[glen - 1]) || given[glen - 1] == ','))
        glen--;
    size_t words = 0;
    for (size_t i = 0; i < glen; i++)
        words += (i == 0 || given[i - 1] == ' ') && given[i] != ' ';
    if (glen == 0 || words > INVERTED_GIVEN_MAX_WORDS || !(given[0] >= 'A' && given[0] <= 'Z') ||
        has_digit(given, glen) || is_role(given, glen) || is_role(s + b, *cut - b) ||
        only_credentials(given, glen) || is_weekday(s + b, *cut - b))
        return NULL;
    /* "Hamburg, Germany" and "Columbus, Ohio" read the same way: the given names must show
     * it, by an initial ("Kooman, F."), a particle that goes with the surname ("Jong,
     * Michiel de"), or the semicolon of a list of such names ("Roe, Jane; Doe, John") */
    if (!listed && !has_initial_or_particle(given, glen))
        return NULL;
    pith_buf out;
    pith_buf_init(&out, ctx);
    pith_buf_append(&out, given, glen);
    pith_buf_putc(&out, ' ');
    pith_buf_append(&out, s + b, *cut - b);
    if (out.failed || !out.data)
        return NULL;
    size_t end = (size_t)(given - s) + glen, sep = 0;
    /* past the joiner after the given names (the end when none) */
    size_t after = end + next_joiner(s + end, n - end, &sep);
    /* "Smith, Jones and Brown": one word each side of every joiner is a list of surnames */
    if (words == 1 && after < n) {
        const char *next = s + after + sep;
        size_t nl = n - after - sep;
        while (nl > 0 && pith_is_html_space((unsigned char)*next))
            next++, nl--;
        size_t nsep = 0, nn = next_joiner(next, nl, &nsep);
        while (nn > 0 && pith_is_html_space((unsigned char)next[nn - 1]))
            nn--;
        if (nn > 0 && !memchr(next, ' ', nn) && !(nsep == 2 && next[nn] == ','))
            return NULL;
    }
    *cut = after;
    *seplen = sep;
    return out.data;
}

/* Adds the names in s[0..n) after cleaning; a part that is a role ends the list. */
static void
split_names(pith_page *p, const char *s, size_t n, char ***names, size_t *count, int *roles)
{
    pith_ctx *ctx = p->ctx;
    int listed = memchr(s, ';', n) != NULL;
    while (n > 0 && *count < PITH_MAX_AUTHORS) {
        size_t seplen = 0;
        size_t cut = next_joiner(s, n, &seplen);
        const char *part = s;
        size_t plen = cut;
        /* "Jong, Michiel de": one person, surname first */
        char *turned = inverted_name(ctx, s, n, listed, &cut, &seplen);
        if (turned) {
            part = turned;
            plen = strlen(turned);
        }
        /* trim spaces and punctuation around the name; a bracket only when unpaired,
         * as in "Jane Roe (jroe)" it is part of the credit */
        while (plen > 0 && (pith_is_html_space((unsigned char)*part) || *part == ',' || *part == '-' ||
                            *part == ':' || *part == '|' || *part == ';' || *part == ')' ||
                            (*part == '(' && paren_balance(part, plen) > 0)))
            part++, plen--;
        while (plen > 0 && (pith_is_html_space((unsigned char)part[plen - 1]) || part[plen - 1] == ',' ||
                            part[plen - 1] == '.' || part[plen - 1] == '-' ||
                            part[plen - 1] == ':' || part[plen - 1] == '|' ||
                            part[plen - 1] == ';' ||
                            part[plen - 1] == '(' ||
                            (part[plen - 1] == ')' && paren_balance(part, plen) < 0)))
            plen--;
        /* "Jane Roe (Email)": a bracketed link label, not part of the name */
        if (plen > 2 && part[plen - 1] == ')') {
            size_t open = plen - 1;
            while (open > 0 && part[open] != '(')
                open--;
            if (part[open] == '(' && open > 0 &&
                only_roles(ctx, part + open + 1, plen - open - 2)) {
                plen = open;
                while (plen > 0 && pith_is_html_space((unsigned char)part[plen - 1]))
                    plen--;
            }
        }
        /* "Jane Roe MS, RD": the credentials after the comma make "MS" one too */
        size_t nsep = 0, next_from = cut + seplen;
        size_t next_len = next_from < n ? next_joiner(s + next_from, n - next_from, &nsep) : 0;
        plen = strip_trailing_degrees(part, plen,
                                      next_len > 0 && only_credentials(s + next_from, next_len));
        if (plen > 0 && !(*count > 0 && only_credentials(part, plen))) {
            if (is_role(part, plen) && *count > 0) {
                *roles = 1;
                return;
            }
            char *name = pith_tidy_n(ctx, part, plen);
            if (name && has_letter(name, strlen(name)) && !has_digit(name, strlen(name)) &&
                !strchr(name, '@') && !strstr(name, "://") && strlen(name) <= 80 &&
                !only_roles(ctx, name, strlen(name)) && !is_weekday(name, strlen(name))) {
                /* a bracketed aside ("(with John Doe and Ann Poe)") is not the name */
                size_t words = 1;
                int depth = 0;
                for (const char *c = name; *c; c++) {
                    depth += *c == '(' ? 1 : *c == ')' && depth > 0 ? -1 : 0;
                    words += *c == ' ' && depth == 0;
                }
                if (words <= 7)
                    pith_add_string(ctx, names, count, PITH_MAX_AUTHORS, name);
            }
        }
        if (cut == n)
            break;
        s += cut + seplen;
        n -= cut + seplen;
    }
}

/* A web address without its scheme ("janeroe.com", "janeroe.co.uk/about,"): a word, a dot
 * and a top-level domain of two to six lower-case letters, perhaps a path after. Initials
 * ("J.R.R.") and names with a full stop ("St.John") have no such ending. */
static int
is_domain(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ',' || s[n - 1] == ';' || s[n - 1] == ')' || s[n - 1] == '>'))
        n--;
    while (n > 0 && (*s == '(' || *s == '<'))
        s++, n--;
    const char *slash = memchr(s, '/', n);
    size_t host = slash ? (size_t)(slash - s) : n;
    const char *dot = NULL;
    for (size_t i = host; i-- > 0;)
        if (s[i] == '.') {
            dot = s + i;
            break;
        }
    if (!dot || dot - s < 2 || (size_t)(dot - s) + 1 >= host)
        return 0;
    size_t tld = host - (size_t)(dot - s) - 1;
    for (const char *c = dot + 1; c < s + host; c++)
        if (*c < 'a' || *c > 'z')
            return 0;
    return tld >= 2 && tld <= 6 && dot[-1] != '.' && !(dot - s >= 2 && dot[-2] == '.');
}

/* Whether the words s[0..n) before a " by " make it someone else's credit: a name and a
 * separator came first ("Jane Roe | Medically reviewed by"), or the credit is a review, an
 * edit or a translation rather than the writing. */
static int
credits_another(const char *s, size_t n)
{
    static const char *const others[] = {"review", "edit", "check", "translat", "illustrat",
                                         "moderat", "updat"};
    if (memchr(s, '|', n) || pith_find_ci(s, n, " - "))
        return 1;
    for (size_t k = 0; k < sizeof others / sizeof others[0]; k++)
        if (pith_find_ci(s, n, others[k]))
            return 1;
    return 0;
}

/* Cleans one byline string into names: prefixes, roles, dates, emails and handles go. */
static void
byline_names(pith_page *p, const char *raw, char ***names, size_t *count)
{
    pith_ctx *ctx = p->ctx;
    char *s0 = pith_tidy(ctx, raw);
    if (!s0)
        return;
    const char *s = strip_by(s0);
    /* "Story and photos by Jane Roe"; but after "Written by Jane Roe" a later "by" is
     * someone else's credit ("Edited by ...") */
    const char *by = s == s0 ? pith_find_ci(s, strlen(s), " by ") : NULL;
    if (by && by - s < 40 && !credits_another(s, (size_t)(by - s)))
        s = strip_by(by + 1);
    size_t n = strlen(s);
    /* a pipe, a bullet or a newline-ish separator ends the names */
    static const char *const enders[] = {" | ", "|", " \xe2\x80\xa2 ", " \xc2\xb7 ", " - ",
                                         " \xe2\x80\x94 ", " \xe2\x80\x93 ", " on ", " am ",
                                         " at ", " updated", " published", " posted", " edited by "};
    for (size_t k = 0; k < sizeof enders / sizeof enders[0]; k++) {
        const char *f = pith_find_ci(s, n, enders[k]);
        if (f && f > s)
            n = (size_t)(f - s);
    }
    n = date_start(s, n, p->day_first) < n ? date_start(s, n, p->day_first) : n;
    /* drop "(@handle)", e-mail and web address tokens */
    pith_buf b;
    pith_buf_init(&b, ctx);
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && !pith_is_html_space((unsigned char)s[j]))
            j++;
        const char *at = memchr(s + i, '@', j - i);
        if (!at && j - i > 3)
            at = pith_find_ci(s + i, j - i, "://");
        if (!at && j - i > 4)
            at = pith_find_ci(s + i, j - i < 5 ? j - i : 5, "www.");
        if (!at && is_domain(s + i, j - i))
            at = s + i;
        if (!at)
            pith_buf_append(&b, s + i, j - i);
        else if (j > i && s[j - 1] == ',')
            pith_buf_putc(&b, ',');
        if (j < n)
            pith_buf_putc(&b, ' ');
        i = j + (j < n);
    }
    if (b.failed || !b.data)
        return;
    int roles = 0;
    split_names(p, b.data, b.len, names, count, &roles);
}

static int
lowercase_only(const char *s)
{
    int lower = 0;
    for (; *s; s++) {
        if (*s >= 'A' && *s <= 'Z')
            return 0;
        if ((unsigned char)*s >= 0x80)
            return 0; /* scripts without case */
        lower |= *s >= 'a' && *s <= 'z';
    }
    return lower;
}

typedef struct bcand {
    const char *raw;
    const char *source;
} bcand;

/* A repeated author meta (one per person, as Dublin Core and citation_author are written)
 * as one list: each value is one person, so "Surname, Given" (one word, then one comma) is
 * turned around. One distinct value stays as given; NULL when the key is absent. */
static char *
meta_people(pith_page *p, const char *key)
{
    const char *first_val = NULL;
    int distinct = 0;
    for (size_t i = 0; i < p->n_metas && !distinct; i++)
        if (strcmp(p->metas[i].key, key) == 0) {
            if (!first_val)
                first_val = p->metas[i].val;
            else
                distinct = strcmp(first_val, p->metas[i].val) != 0;
        }
    if (!distinct)
        return pith_page_meta(p, key);
    pith_buf b;
    pith_buf_init(&b, p->ctx);
    size_t used = 0;
    for (size_t i = 0; i < p->n_metas && used < PITH_MAX_AUTHORS; i++) {
        if (strcmp(p->metas[i].key, key) != 0)
            continue;
        char *v = pith_tidy(p->ctx, p->metas[i].val);
        if (!v || pith_is_url_like(v))
            continue;
        const char *comma = strchr(v, ',');
        if (used++)
            pith_buf_puts(&b, "; ");
        int one_word = comma && comma > v && !memchr(v, ' ', (size_t)(comma - v));
        if (one_word && !strchr(comma + 1, ',') && !strchr(v, ';')) {
            const char *first = skip_utf8_spaces(comma + 1);
            pith_buf_puts(&b, first);
            if (*first)
                pith_buf_putc(&b, ' ');
            pith_buf_append(&b, v, (size_t)(comma - v));
        } else {
            pith_buf_puts(&b, v);
        }
    }
    return b.failed || !b.data ? pith_page_meta(p, key) : b.data;
}

/* Text of a byline box with "; " where a block or <br> starts a new line: the name line and
 * the role, affiliation or editor lines under it ("Jane Roe<br>Health Editor") stay apart.
 * No mark before the first name, so "By<br>Jane Roe" reads as one line. */
static char *
byline_text(pith_ctx *ctx, const pith_doc *doc, uint32_t i, size_t max)
{
    if (max && doc->nodes[i].text_chars > max)
        return NULL;
    pith_buf b;
    pith_buf_init(&b, ctx);
    pith_buf_append(&b, "", 0);
    int brk = 0;
    for (uint32_t j = i; j < doc->nodes[i].end;) {
        const pith_node *n = &doc->nodes[j];
        if (j != i && (n->hints & (PITH_HINT_SKIP_TAG | PITH_HINT_HIDDEN))) {
            j = n->end;
            continue;
        }
        int blank = 1;
        for (uint32_t k = 0; n->text && k < n->text_len && blank; k++)
            blank = pith_is_html_space((unsigned char)n->text[k]);
        if (!blank) {
            if (brk && b.data && strip_by(b.data)[0])
                pith_buf_puts(&b, "; ");
            brk = 0;
            pith_buf_append(&b, n->text, n->text_len);
        } else if (n->text) {
            pith_buf_putc(&b, ' ');
        } else if (j != i && n->type == GUMBO_NODE_ELEMENT &&
                   (n->tag == GUMBO_TAG_BR || pith_is_block_element((GumboTag)n->tag))) {
            brk = 1;
            pith_buf_putc(&b, ' ');
        }
        j++;
    }
    if (b.failed || !b.data)
        return NULL;
    char *t = pith_tidy(ctx, b.data);
    if (!t || (max && strlen(t) > max * 4))
        return NULL;
    return t;
}

void
pith_byline_choose(pith_page *p, pith_meta *out, uint32_t near_from)
{
    pith_ctx *ctx = p->ctx;
    const pith_doc *doc = p->doc;
    bcand c[48];
    size_t n = 0;
    const size_t max = sizeof c / sizeof c[0];
    /* JSON-LD authors, joined, as one candidate */
    if (p->ld.n_authors) {
        pith_buf b;
        pith_buf_init(&b, ctx);
        for (size_t i = 0; i < p->ld.n_authors; i++) {
            if (i)
                pith_buf_puts(&b, "; ");
            pith_buf_puts(&b, p->ld.authors[i]);
        }
        if (!b.failed && b.data)
            c[n++] = (bcand){b.data, "json-ld"};
    }
    static const struct {
        const char *key, *source;
    } metas[] = {
        {"dc:creator", "meta:dc:creator"},
        {"dcterm:creator", "meta:dcterm:creator"},
        {"author", "meta:author"},
        {"sailthru.author", "meta:sailthru.author"},
        {"parsely-author", "meta:parsely-author"},
        {"dc.creator", "meta:dc.creator"},
        {"dcterms.creator", "meta:dcterms.creator"},
        {"article:author", "meta:article:author"},
        {"og:article:author", "meta:og:article:author"},
        {"citation_author", "meta:citation_author"},
    };
    for (size_t k = 0; k < sizeof metas / sizeof metas[0] && n < max; k++) {
        char *v = meta_people(p, metas[k].key);
        if (v && !pith_is_url_like(v))
            c[n++] = (bcand){v, metas[k].source};
    }
    /* markup: rel=author, itemprop=author, byline classes */
    uint32_t hidden_end = 0;
    size_t seen = 0;
    for (uint32_t i = 0; i < doc->n_nodes && n < max && seen < 64; i++) {
        if (!pith_spend(ctx, 1))
            return;
        const pith_node *nd = &doc->nodes[i];
        if (!pith_is_element(doc, i))
            continue;
        if (nd->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG) && nd->end > hidden_end)
            hidden_end = nd->end;
        if (i < hidden_end || nd->tag == GUMBO_TAG_META || nd->tag == GUMBO_TAG_LINK)
            continue;
        const char *source = NULL;
        char *text = NULL;
        if ((nd->tag == GUMBO_TAG_A) && pith_has_token(pith_elem_attr(doc, i, "rel"), "author")) {
            source = "rel-author";
            text = pith_node_text_upto(ctx, doc, i, 100);
        } else if (pith_has_token(pith_elem_attr(doc, i, "itemprop"), "author") ||
                   pith_has_token(pith_elem_attr(doc, i, "itemprop"), "creator")) {
            source = "itemprop";
            for (uint32_t k = i + 1; k < nd->end && !text; k++)
                if (pith_is_element(doc, k) &&
                    pith_has_token(pith_elem_attr(doc, k, "itemprop"), "name")) {
                    const char *cv = pith_elem_attr(doc, k, "content");
                    text = cv ? pith_tidy(ctx, cv) : pith_node_text_upto(ctx, doc, k, 100);
                }
            if (!text) {
                const char *cv = pith_elem_attr(doc, i, "content");
                text = cv ? pith_tidy(ctx, cv) : byline_text(ctx, doc, i, 100);
            }
        } else if (nd->hints & PITH_HINT_BYLINE) {
            /* a box that marks its author inside ("Site · <span itemprop=author>Jane
             * Roe</span> · 1 day ago"): the marked element says more than the box */
            int marked = 0;
            for (uint32_t k = i + 1; k < nd->end && !marked; k++)
                marked = pith_is_element(doc, k) &&
                         (pith_has_token(pith_elem_attr(doc, k, "itemprop"), "author") ||
                          pith_has_token(pith_elem_attr(doc, k, "itemprop"), "creator") ||
                          (doc->nodes[k].tag == GUMBO_TAG_A &&
                           pith_has_token(pith_elem_attr(doc, k, "rel"), "author")));
            if (marked)
                continue;
            source = "byline-class";
            text = byline_text(ctx, doc, i, 100);
        }
        if (!text)
            continue;
        seen++;
        c[n++] = (bcand){text, source};
        /* descendants repeat the same text */
        if (source && strcmp(source, "byline-class") == 0)
            i = nd->end - 1;
    }
    /* visible "By X" lines near the title */
    if (near_from != PITH_NONE && n < max) {
        pith_near_texts it;
        pith_near_texts_start(&it, doc, near_from);
        uint32_t k;
        char *t;
        while (n < max && (t = pith_near_texts_next(ctx, doc, &it, &k))) {
            const pith_node *nd = &doc->nodes[k];
            if (!starts_byline(t) || strlen(t) > 200)
                continue;
            /* "By" alone: the names follow in the parent's text */
            uint32_t par = nd->parent;
            char *pt = par != PITH_NONE ? byline_text(ctx, doc, par, 150) : NULL;
            for (int up = 0; up < 3 && pt && strip_by(pt) == pt && par != PITH_NONE; up++) {
                par = doc->nodes[par].parent;
                pt = par != PITH_NONE ? byline_text(ctx, doc, par, 150) : NULL;
            }
            c[n++] = (bcand){pt && starts_byline(pt) ? pt : t, "text"};
        }
    }
    for (size_t i = 0; i < n; i++) {
        char **names = NULL;
        size_t count = 0;
        byline_names(p, c[i].raw, &names, &count);
        /* never the site or the publisher */
        size_t kept = 0;
        for (size_t k = 0; k < count; k++) {
            char *f = pith_fold(ctx, names[k]);
            int dup = 0;
            for (size_t j = 0; j < kept && !dup; j++) {
                char *g = pith_fold(ctx, names[j]);
                dup = pith_fold_eq(f, g);
            }
            int person = strcmp(c[i].source, "json-ld") == 0 && p->ld_extra.persons &&
                         p->ld_extra.persons == p->ld.authors;
            if (!f || !f[0] || (pith_page_is_site(p, f) && !person) || dup)
                continue;
            names[kept++] = names[k];
        }
        /* markup labels ("sign in", "authority control") are lower case; names are not */
        if (strcmp(c[i].source, "json-ld") != 0 && strncmp(c[i].source, "meta:", 5) != 0) {
            size_t k2 = 0;
            for (size_t k = 0; k < kept; k++)
                if (!lowercase_only(names[k]))
                    names[k2++] = names[k];
            kept = k2;
        }
        if (kept == 0) {
            pith_explain(ctx, "meta byline: candidate '%s' from %s (lost: no name left)",
                         c[i].raw, c[i].source);
            continue;
        }
        out->authors = names;
        out->n_authors = kept;
        out->byline_source = c[i].source;
        pith_buf b;
        pith_buf_init(&b, ctx);
        for (size_t k = 0; k < kept; k++) {
            if (k)
                pith_buf_puts(&b, ", ");
            pith_buf_puts(&b, names[k]);
        }
        out->byline = b.failed ? NULL : b.data;
        pith_explain(ctx, "meta byline: '%s' from %s", out->byline ? out->byline : "",
                     c[i].source);
        for (size_t k = i + 1; k < n; k++)
            pith_explain(ctx, "meta byline: candidate '%s' from %s (lost: lower priority)",
                         c[k].raw, c[k].source);
        return;
    }
}
