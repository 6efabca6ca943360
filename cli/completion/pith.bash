# SPDX-License-Identifier: MIT
# bash completion for pith. The options come from `pith --help` at completion time, so this
# file never falls behind the tool; installed to share/bash-completion/completions/pith.

_pith_options()
{
    "$1" --help 2>/dev/null | grep -oE -- '--[a-z][a-z0-9-]*|(^|[ ,])-[a-zA-Z0-9]\b' |
        tr -d ' ,' | sort -u
}

_pith()
{
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    case $prev in
    -f | --format)
        COMPREPLY=($(compgen -W 'text markdown json html' -- "$cur"))
        return
        ;;
    -o | --output | -c | --charset | -u | --url | --max-*)
        [[ $prev == -o || $prev == --output ]] && COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --output-dir)
        COMPREPLY=($(compgen -d -- "$cur"))
        return
        ;;
    -j | --jobs)
        COMPREPLY=($(compgen -W "0 1 2 4 8 $(nproc 2>/dev/null)" -- "$cur"))
        return
        ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_pith_options "${COMP_WORDS[0]}")" -- "$cur"))
        return
    fi
    # Pages, WARC/ARC files and directories.
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -d -- "$cur")
        $(compgen -f -X '!*.@(htm|html|xhtml|HTM|HTML|gz|warc|arc|WARC|ARC)' -- "$cur"))
}
complete -F _pith pith
