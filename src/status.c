/* SPDX-License-Identifier: MIT */
/*
 * What a status is called, for people (pith_status_message) and for programs
 * (pith_status_name, the JSON's "status"), and the library's version: apart from the
 * pipeline's driver, so the renderer and the CLI depend on no stage to name a status.
 * Both switches have no default, so -Wswitch names a status that has no text.
 */
#include "internal.h"

const char *
pith_status_message(pith_status st)
{
    switch (st) {
    case PITH_OK:
        return "ok";
    case PITH_ERR_INVALID_ARGUMENT:
        return "invalid argument";
    case PITH_ERR_NO_MEMORY:
        return "out of memory";
    case PITH_ERR_INPUT_TOO_LARGE:
        return "input larger than max_input_bytes";
    case PITH_ERR_TOO_MANY_NODES:
        return "page has more elements than max_nodes";
    case PITH_ERR_MEMORY_LIMIT:
        return "extraction needs more memory than max_memory";
    case PITH_ERR_WORK_LIMIT:
        return "extraction needs more work than max_work";
    case PITH_ERR_NO_ARTICLE:
        return "no article found";
    case PITH_ERR_OUTPUT_TOO_LARGE:
        return "output larger than max_output_bytes";
    }
    return "unknown status";
}

const char *
pith_status_name(pith_status st)
{
    switch (st) {
    case PITH_OK:
        return "ok";
    case PITH_ERR_INVALID_ARGUMENT:
        return "invalid_argument";
    case PITH_ERR_NO_MEMORY:
        return "no_memory";
    case PITH_ERR_INPUT_TOO_LARGE:
        return "input_too_large";
    case PITH_ERR_TOO_MANY_NODES:
        return "too_many_nodes";
    case PITH_ERR_MEMORY_LIMIT:
        return "memory_limit";
    case PITH_ERR_WORK_LIMIT:
        return "work_limit";
    case PITH_ERR_NO_ARTICLE:
        return "no_article";
    case PITH_ERR_OUTPUT_TOO_LARGE:
        return "output_too_large";
    }
    return "unknown";
}

const char *
pith_version(void)
{
    return PITH_VERSION_STRING;
}
