// SPDX-License-Identifier: MIT
// pith.h from C++: must compile cleanly under -Wall -Wextra -pedantic -Werror and link
// (extern "C"). Extracts FILE and prints the title and the block count.
#include <pith/pith.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

namespace {
struct result_deleter {
    void operator()(pith_result *r) const { pith_result_free(r); }
};
} // namespace

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    std::ifstream in(argv[1], std::ios::binary);
    std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    pith_options o;
    pith_options_init(&o, sizeof o);
    o.bias = PITH_BIAS_BALANCED;
    pith_result *raw = nullptr;
    pith_status st = pith_extract(html.data(), html.size(), &o, &raw);
    std::unique_ptr<pith_result, result_deleter> r(raw);
    if (st != PITH_OK || !r || !r->title || !*r->title) {
        std::fprintf(stderr, "consumer.cpp: %s\n", pith_status_message(st));
        return 1;
    }
    char *json = nullptr;
    size_t len = 0;
    if (pith_render(r.get(), PITH_FORMAT_JSON, &json, &len) != PITH_OK || len == 0)
        return 1;
    pith_buffer_free(json);
    std::printf("%s (%zu blocks)\n", r->title, r->n_blocks);
    return r->n_blocks > 0 ? 0 : 1;
}
