function __newsq_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __newsq_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __newsq_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __newsq_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __newsq_parse_tokens -S
    set -l unparsed_tokens (__newsq_tokens -pc)
    switch $unparsed_tokens[1]
    case 'newsq'
        __newsq_parse_subcommand 0 'h/help'
        switch $unparsed_tokens[1]
        case 'search'
            __newsq_parse_subcommand -r 1 'l/limit=' 'offset=' 'sort=' 'since=' 'until=' 'exact-forms' 'no-exact-forms' 'fts' 'explain' 'json' 'format=' 'color=' 'db=' 'state-dir=' 'config=' 'h/help'
        case 'show'
            __newsq_parse_subcommand 1 'raw' 'json' 'color=' 'db=' 'state-dir=' 'config=' 'h/help'
        case 'recent'
            __newsq_parse_subcommand 0 'l/limit=' 'since=' 'json' 'color=' 'db=' 'state-dir=' 'config=' 'h/help'
        case 'stats'
            __newsq_parse_subcommand 0 'by=' 'l/limit=' 'json' 'color=' 'db=' 'state-dir=' 'config=' 'h/help'
        case 'tags'
            __newsq_parse_subcommand 0 'l/limit=' 'json' 'color=' 'db=' 'state-dir=' 'config=' 'h/help'
        case 'sites'
            __newsq_parse_subcommand 0 'l/limit=' 'json' 'color=' 'db=' 'state-dir=' 'config=' 'h/help'
        case 'status'
            __newsq_parse_subcommand 0 'json' 'db=' 'state-dir=' 'config=' 'h/help'
        case 'failures'
            __newsq_parse_subcommand 0 'l/limit=' 'json' 'color=' 'db=' 'state-dir=' 'config=' 'h/help'
        case 'check'
            __newsq_parse_subcommand 0 'deep' 'json' 'db=' 'state-dir=' 'config=' 'h/help'
        case 'optimize'
            __newsq_parse_subcommand 0 'vacuum' 'db=' 'state-dir=' 'config=' 'h/help'
        case 'reindex'
            __newsq_parse_subcommand 0 'db=' 'state-dir=' 'config=' 'h/help'
        case 'export'
            __newsq_parse_subcommand 0 'format=' 'o/output=' 'db=' 'state-dir=' 'config=' 'h/help'
        case 'import'
            __newsq_parse_subcommand 1 'db=' 'state-dir=' 'config=' 'h/help'
        case 'parse'
            __newsq_parse_subcommand -r 1 'json' 'color=' 'h/help'
        case 'dups'
            __newsq_parse_subcommand 0 'l/limit=' 'json' 'color=' 'db=' 'state-dir=' 'config=' 'h/help'
        case 'similar'
            __newsq_parse_subcommand 1 'threshold=' 'l/limit=' 'json' 'color=' 'db=' 'state-dir=' 'config=' 'h/help'
        case 'help'
            __newsq_parse_subcommand -r 1 
        end
    end
end

function __newsq_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __newsq_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __newsq_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __newsq_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__newsq_tokens -p)
    if test -z "$(__newsq_tokens -t)"
        set -l index (count (__newsq_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'newsq' -f
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'search' -d 'Full-text search, best matches first.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'show' -d 'Print one whole article.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'recent' -d 'List the most recently ingested articles.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'stats' -d 'Counts: articles, duplicates, updates, failures, database size, last ingest.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'tags' -d 'List tags with their article counts, most used first.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'sites' -d 'List source sites (URL hosts) with their article counts.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'status' -d 'Is newsd running? Its last heartbeat, the inbox backlog and failures.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'failures' -d 'List the files newsd could not index and why, most recent first.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'check' -d 'Check the database, the full-text index and the stored files.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'optimize' -d 'Merge the full-text index, refresh query statistics, reclaim free space.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'reindex' -d 'Rebuild the full-text index and the lookup tables from the stored articles (files are not read).'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'export' -d 'Write every article as JSON lines (backup, migration).'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'import' -d 'Add the articles of a `newsq export` file to the index.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'parse' -d 'Parse files exactly as newsd would, without touching the index.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'dups' -d 'List duplicate groups: each stored article and the files recorded as its duplicates.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'similar' -d 'Articles similar to one article, with an estimated similarity (0–1).'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_positional "newsq" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" l limit' -l 'limit' -s 'l' -d 'Results per page.' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" offset' -l 'offset' -d 'Skip this many results (paging).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" sort' -l 'sort' -d 'relevance, newest or oldest.' -rfka 'relevance newest oldest'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" since' -l 'since' -d 'Only articles dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" until' -l 'until' -d 'Only articles dated before the end of this day/month/year.' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" exact-forms' -l 'exact-forms' -d 'Rank articles with the word forms typed above those with other forms only.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" no-exact-forms' -l 'no-exact-forms' -d 'Rank articles with the word forms typed above those with other forms only.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" fts' -l 'fts' -d 'Pass the query to SQLite FTS5 as raw MATCH syntax (experts).'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" explain' -l 'explain' -d 'Show why each result ranks where it does: each field\'s part of the BM25F score, the words that matched (~ marks another form of a word typed) and the exact-form bonus.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" json' -l 'json' -d 'Same as --format json.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" format' -l 'format' -d 'text, json, jsonl, csv or paths.' -rfka 'text json jsonl csv paths'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" color' -l 'color' -d 'Colour: auto (terminal and no NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq search" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq show" raw' -l 'raw' -d 'Print the original file\'s bytes, unmodified.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq show" json' -l 'json' -d 'Print the article as JSON.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq show" color' -l 'color' -d 'Colour: auto, always or never.' -rfka 'auto always never'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq show" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq show" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq show" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq recent" l limit' -l 'limit' -s 'l' -d 'How many.' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq recent" since' -l 'since' -d 'Only articles ingested on or after this day, month or year (YYYY-MM-DD, YYYY-MM or YYYY).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq recent" json' -l 'json' -d 'Print JSON.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq recent" color' -l 'color' -d 'Colour: auto, always or never.' -rfka 'auto always never'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq recent" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq recent" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq recent" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq recent" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq stats" by' -l 'by' -d 'Count articles by site, tag, lang or month.' -rfka 'site tag lang month'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq stats" l limit' -l 'limit' -s 'l' -d 'With --by: how many values (default: all).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq stats" json' -l 'json' -d 'Print JSON.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq stats" color' -l 'color' -d 'Colour: auto, always or never.' -rfka 'auto always never'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq stats" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq stats" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq stats" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq stats" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq tags" l limit' -l 'limit' -s 'l' -d 'How many (default: all).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq tags" json' -l 'json' -d 'Print JSON: a list of {value, count} (value null: none).'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq tags" color' -l 'color' -d 'Colour: auto, always or never.' -rfka 'auto always never'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq tags" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq tags" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq tags" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq tags" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq sites" l limit' -l 'limit' -s 'l' -d 'How many (default: all).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq sites" json' -l 'json' -d 'Print JSON: a list of {value, count} (value null: none).'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq sites" color' -l 'color' -d 'Colour: auto, always or never.' -rfka 'auto always never'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq sites" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq sites" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq sites" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq sites" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq status" json' -l 'json' -d 'Print JSON.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq status" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq status" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq status" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq failures" l limit' -l 'limit' -s 'l' -d 'How many.' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq failures" json' -l 'json' -d 'Print JSON.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq failures" color' -l 'color' -d 'Colour: auto, always or never.' -rfka 'auto always never'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq failures" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq failures" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq failures" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq failures" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq check" deep' -l 'deep' -d 'Also hash every stored file and compare with the hash recorded at ingest.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq check" json' -l 'json' -d 'Print JSON.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq check" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq check" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq check" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq optimize" vacuum' -l 'vacuum' -d 'VACUUM even when little space would be reclaimed.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq optimize" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq optimize" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq optimize" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq optimize" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq reindex" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq reindex" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq reindex" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq reindex" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq export" format' -l 'format' -d 'Output format (jsonl).' -rfka 'jsonl'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq export" o output' -l 'output' -s 'o' -d 'Write to this file instead of stdout.' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq export" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq export" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq export" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq import" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq import" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq import" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq import" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq parse" json' -l 'json' -d 'Print JSON: one object per file (a list of them for several files).'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq parse" color' -l 'color' -d 'Colour: auto, always or never.' -rfka 'auto always never'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq parse" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq dups" l limit' -l 'limit' -s 'l' -d 'How many groups.' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq dups" json' -l 'json' -d 'Print JSON.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq dups" color' -l 'color' -d 'Colour: auto, always or never.' -rfka 'auto always never'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq dups" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq dups" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq dups" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq dups" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq similar" threshold' -l 'threshold' -d 'Lowest similarity to list (0–1).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq similar" l limit' -l 'limit' -s 'l' -d 'How many.' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq similar" json' -l 'json' -d 'Print JSON.'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq similar" color' -l 'color' -d 'Colour: auto, always or never.' -rfka 'auto always never'
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq similar" db' -l 'db' -d 'Database file (default: <state-dir>/news.db).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq similar" state-dir' -l 'state-dir' -d 'newsd\'s state folder (default: ./state, or state_dir from the config).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq similar" config' -l 'config' -d 'Config file (default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present).' -rfka ''
complete -c 'newsq' -n '__newsq_should_offer_completions_for_flags_or_options "newsq similar" h help' -s 'h' -l 'help' -d 'Show help information.'
