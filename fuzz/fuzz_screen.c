/* SPDX-License-Identifier: MIT */
/*
 * pith_screen, then pith_parse of what it produced: the screen's caps are what keep gumbo's
 * time and memory linear, so its output goes through the real parser.
 *
 * Input: 2 option bytes, then the page (decoded first, as pith_extract does: the screen's
 * input is UTF-8 without NULs).
 *   [0] max_depth from a small table   [1] max_attributes and max_nodes from small tables
 * Invariants: the screened HTML is NUL-terminated at its length, holds no NUL, is UTF-8 and
 * at most 3 bytes a byte of input plus 4 KiB; JSON-LD spans are readable; n_elements is
 * within max_nodes; every text run is UTF-8, NUL-terminated, and has text inside its
 * whitespace. The parse index is a preorder: nodes[0] is the document, each node's
 * parent comes before it and its subtree [i, end) lies inside its parent's.
 */
#include <setjmp.h>

#include "fuzz.h"

static const unsigned depths[] = {0, 1, 2, 3, 8, 32, 100, 512};
static const unsigned attrs[] = {0, 1, 4, 1000};
static const size_t nodes[] = {0, 8, 1000, 100000};

static void
check_screened(const pith_screened *s, size_t in_len, const pith_options *o)
{
    FUZZ_CHECK(s->html != NULL, "html is NULL");
    FUZZ_CHECK(s->html[s->len] == '\0', "not NUL-terminated at len %zu", s->len);
    FUZZ_CHECK(memchr(s->html, 0, s->len) == NULL, "NUL inside the screened html");
    FUZZ_CHECK(fuzz_utf8_valid(s->html, s->len), "screened html is not UTF-8");
    FUZZ_CHECK(s->len <= 3 * in_len + 4096, "%zu bytes screened from %zu", s->len, in_len);
    FUZZ_CHECK(s->n_elements <= o->max_nodes, "%zu elements over max_nodes %zu", s->n_elements,
               o->max_nodes);
    FUZZ_CHECK(s->n_jsonld == 0 || s->jsonld, "jsonld NULL with n_jsonld %zu", s->n_jsonld);
    unsigned sum = 0;
    for (size_t i = 0; i < s->n_jsonld; i++) {
        FUZZ_CHECK(s->jsonld[i].len == 0 || s->jsonld[i].data, "jsonld span %zu has no data", i);
        for (size_t k = 0; k < s->jsonld[i].len; k++) /* ASan checks the span is readable */
            sum += (unsigned char)s->jsonld[i].data[k];
    }
    (void)sum;
    FUZZ_CHECK(s->n_runs == 0 || (s->runs && s->texts), "runs without their text");
    for (size_t i = 0; i < s->n_runs; i++) {
        const pith_text_run *r = &s->runs[i];
        FUZZ_CHECK(r->len > (unsigned)r->lead + r->trail, "run %zu has no text between its spaces", i);
        FUZZ_CHECK(s->texts[r->off + r->len] == '\0', "run %zu is not NUL-terminated", i);
        FUZZ_CHECK(!r->lead || pith_is_html_space((unsigned char)s->texts[r->off]),
                   "run %zu leads with a non-space", i);
        FUZZ_CHECK(fuzz_utf8_valid(s->texts + r->off, r->len), "run %zu is not UTF-8", i);
    }
}

static void
check_doc(const pith_doc *doc)
{
    if (doc->n_nodes == 0)
        return;
    FUZZ_CHECK(doc->nodes != NULL, "nodes NULL with n_nodes %u", doc->n_nodes);
    const pith_node *n = doc->nodes;
    FUZZ_CHECK(n[0].parent == PITH_NONE, "the document has a parent");
    FUZZ_CHECK(n[0].end == doc->n_nodes, "the document's subtree ends at %u of %u", n[0].end,
               doc->n_nodes);
    for (uint32_t i = 1; i < doc->n_nodes; i++) {
        FUZZ_CHECK(n[i].parent < i, "node %u has parent %u", i, n[i].parent);
        FUZZ_CHECK(n[i].end > i && n[i].end <= n[n[i].parent].end,
                   "node %u ends at %u outside its parent's [%u, %u)", i, n[i].end, n[i].parent,
                   n[n[i].parent].end);
        if (n[i].text)
            FUZZ_CHECK(fuzz_utf8_valid(n[i].text, n[i].text_len), "text of node %u is not UTF-8",
                       i);
    }
    FUZZ_CHECK(doc->html == PITH_NONE || doc->html < doc->n_nodes, "html index %u", doc->html);
    FUZZ_CHECK(doc->head == PITH_NONE || doc->head < doc->n_nodes, "head index %u", doc->head);
    FUZZ_CHECK(doc->body == PITH_NONE || doc->body < doc->n_nodes, "body index %u", doc->body);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pith_options o;
    fuzz_options(&o);
    if (size >= 2) {
        if (depths[data[0] & 7u])
            o.max_depth = depths[data[0] & 7u];
        if (attrs[data[1] & 3u])
            o.max_attributes = attrs[data[1] & 3u];
        if (nodes[(data[1] >> 2) & 3u])
            o.max_nodes = nodes[(data[1] >> 2) & 3u];
        data += 2;
        size -= 2;
    }

    pith_ctx ctx;
    pith_ctx_init(&ctx, &o);
    pith_decoded dec;
    memset(&dec, 0, sizeof dec);
    if (pith_decode(&ctx, (const char *)data, size, "utf-8", &dec) != PITH_OK || !dec.text) {
        pith_ctx_release(&ctx);
        return 0;
    }
    pith_screened scr;
    memset(&scr, 0, sizeof scr);
    pith_status st = pith_screen(&ctx, dec.text, dec.len, &scr);
    if (st == PITH_OK) {
        check_screened(&scr, dec.len, &o);
        /* As in pith_extract: gumbo's allocator hook longjmps here once over budget. */
        jmp_buf bail;
        pith_doc doc;
        memset(&doc, 0, sizeof doc);
        ctx.bail = &bail;
        if (setjmp(bail) == 0) {
            if (pith_parse(&ctx, &scr, &doc) == PITH_OK)
                check_doc(&doc);
        }
        ctx.bail = NULL;
    } else {
        FUZZ_CHECK(st == PITH_ERR_TOO_MANY_NODES || st == PITH_ERR_MEMORY_LIMIT ||
                       st == PITH_ERR_WORK_LIMIT || st == PITH_ERR_NO_MEMORY,
                   "screen failed with %d", (int)st);
    }
    pith_ctx_release(&ctx);
    return 0;
}
