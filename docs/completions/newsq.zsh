#compdef newsq

__newsq_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__newsq_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __newsq_complete "${completions[@]:0:-1}"
    fi
}

__newsq_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_newsq() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'search:Full-text search, best matches first.'
            'show:Print one whole article.'
            'recent:List the most recently ingested articles.'
            'stats:Counts: articles, duplicates, updates, failures, database size, last ingest.'
            'tags:List tags with their article counts, most used first.'
            'sites:List source sites (URL hosts) with their article counts.'
            'status:Is newsd running? Its last heartbeat, the inbox backlog and failures.'
            'failures:List the files newsd could not index and why, most recent first.'
            'check:Check the database, the full-text index and the stored files.'
            'optimize:Merge the full-text index, refresh query statistics, reclaim free space.'
            'reindex:Rebuild the full-text index and the lookup tables from the stored articles (files are not read).'
            'export:Write every article as JSON lines (backup, migration).'
            'import:Add the articles of a `newsq export` file to the index.'
            'parse:Parse files exactly as newsd would, without touching the index.'
            'dups:List duplicate groups: each stored article and the files recorded as its duplicates.'
            'similar:Articles similar to one article, with an estimated similarity (0–1).'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        search|show|recent|stats|tags|sites|status|failures|check|optimize|reindex|export|import|parse|dups|similar|help)
            "_newsq_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_newsq_search() {
    local -i ret=1
    local -ar ___sort=('relevance' 'newest' 'oldest')
    local -ar ___format=('text' 'json' 'jsonl' 'csv' 'paths')
    local -ar ___color=('auto' 'always' 'never')
    local -ar arg_specs=(
        '*:query:'
        '(--limit -l)'{--limit,-l}'[Results per page.]:limit:'
        '--offset[Skip this many results (paging).]:offset:'
        '--sort[relevance, newest or oldest.]:sort:{__newsq_complete "${___sort[@]}"}'
        '--since[Only articles dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD).]:since:'
        '--until[Only articles dated before the end of this day/month/year.]:until:'
        '--exact-forms[Rank articles with the word forms typed above those with other forms only.]'
        '--no-exact-forms[Rank articles with the word forms typed above those with other forms only.]'
        '--fts[Pass the query to SQLite FTS5 as raw MATCH syntax (experts).]'
        '--explain[Show why each result ranks where it does\: each field'\''s part of the BM25F score, the words that matched (~ marks another form of a word typed) and the exact-form bonus.]'
        '--json[Same as --format json.]'
        '--format[text, json, jsonl, csv or paths.]:format:{__newsq_complete "${___format[@]}"}'
        '--color[Colour\: auto (terminal and no NO_COLOR), always or never.]:color:{__newsq_complete "${___color[@]}"}'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_show() {
    local -i ret=1
    local -ar ___color=('auto' 'always' 'never')
    local -ar arg_specs=(
        ':id:'
        '--raw[Print the original file'\''s bytes, unmodified.]'
        '--json[Print the article as JSON.]'
        '--color[Colour\: auto, always or never.]:color:{__newsq_complete "${___color[@]}"}'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_recent() {
    local -i ret=1
    local -ar ___color=('auto' 'always' 'never')
    local -ar arg_specs=(
        '(--limit -l)'{--limit,-l}'[How many.]:limit:'
        '--since[Only articles ingested on or after this day, month or year (YYYY-MM-DD, YYYY-MM or YYYY).]:since:'
        '--json[Print JSON.]'
        '--color[Colour\: auto, always or never.]:color:{__newsq_complete "${___color[@]}"}'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_stats() {
    local -i ret=1
    local -ar ___by=('site' 'tag' 'lang' 'month')
    local -ar ___color=('auto' 'always' 'never')
    local -ar arg_specs=(
        '--by[Count articles by site, tag, lang or month.]:by:{__newsq_complete "${___by[@]}"}'
        '(--limit -l)'{--limit,-l}'[With --by\: how many values (default\: all).]:limit:'
        '--json[Print JSON.]'
        '--color[Colour\: auto, always or never.]:color:{__newsq_complete "${___color[@]}"}'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_tags() {
    local -i ret=1
    local -ar ___color=('auto' 'always' 'never')
    local -ar arg_specs=(
        '(--limit -l)'{--limit,-l}'[How many (default\: all).]:limit:'
        '--json[Print JSON\: a list of {value, count} (value null\: none).]'
        '--color[Colour\: auto, always or never.]:color:{__newsq_complete "${___color[@]}"}'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_sites() {
    local -i ret=1
    local -ar ___color=('auto' 'always' 'never')
    local -ar arg_specs=(
        '(--limit -l)'{--limit,-l}'[How many (default\: all).]:limit:'
        '--json[Print JSON\: a list of {value, count} (value null\: none).]'
        '--color[Colour\: auto, always or never.]:color:{__newsq_complete "${___color[@]}"}'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_status() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Print JSON.]'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_failures() {
    local -i ret=1
    local -ar ___color=('auto' 'always' 'never')
    local -ar arg_specs=(
        '(--limit -l)'{--limit,-l}'[How many.]:limit:'
        '--json[Print JSON.]'
        '--color[Colour\: auto, always or never.]:color:{__newsq_complete "${___color[@]}"}'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_check() {
    local -i ret=1
    local -ar arg_specs=(
        '--deep[Also hash every stored file and compare with the hash recorded at ingest.]'
        '--json[Print JSON.]'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_optimize() {
    local -i ret=1
    local -ar arg_specs=(
        '--vacuum[VACUUM even when little space would be reclaimed.]'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_reindex() {
    local -i ret=1
    local -ar arg_specs=(
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_export() {
    local -i ret=1
    local -ar ___format=('jsonl')
    local -ar arg_specs=(
        '--format[Output format (jsonl).]:format:{__newsq_complete "${___format[@]}"}'
        '(--output -o)'{--output,-o}'[Write to this file instead of stdout.]:output:'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_import() {
    local -i ret=1
    local -ar arg_specs=(
        ':file:'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_parse() {
    local -i ret=1
    local -ar ___color=('auto' 'always' 'never')
    local -ar arg_specs=(
        '*:files:'
        '--json[Print JSON\: one object per file (a list of them for several files).]'
        '--color[Colour\: auto, always or never.]:color:{__newsq_complete "${___color[@]}"}'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_dups() {
    local -i ret=1
    local -ar ___color=('auto' 'always' 'never')
    local -ar arg_specs=(
        '(--limit -l)'{--limit,-l}'[How many groups.]:limit:'
        '--json[Print JSON.]'
        '--color[Colour\: auto, always or never.]:color:{__newsq_complete "${___color[@]}"}'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_similar() {
    local -i ret=1
    local -ar ___color=('auto' 'always' 'never')
    local -ar arg_specs=(
        ':id:'
        '--threshold[Lowest similarity to list (0–1).]:threshold:'
        '(--limit -l)'{--limit,-l}'[How many.]:limit:'
        '--json[Print JSON.]'
        '--color[Colour\: auto, always or never.]:color:{__newsq_complete "${___color[@]}"}'
        '--db[Database file (default\: <state-dir>/news.db).]:db:'
        '--state-dir[newsd'\''s state folder (default\: ./state, or state_dir from the config).]:state-dir:'
        '--config[Config file (default\: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).]:config:'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_newsq_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _newsq ]]; then
    _newsq "${@}"
else
    compdef _newsq newsq
fi
