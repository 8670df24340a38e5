/// The query language, shown by `newsq search --help` and `newsq help search`.
/// Lines stay under 80 columns: ArgumentParser wraps longer ones.
enum QuerySyntaxHelp {
    static let text = """
        QUERY SYNTAX
          word word        all the words (AND is implicit; AND may be written)
          "exact phrase"   the words in this order
          a OR b           either (OR binds tighter than AND: x a OR b = x (a OR b))
          -word, NOT word  without the word (also -"a phrase", -title:word)
          pref*            words starting with pref
          NEAR(a b, 5)     a and b at most 5 words apart (default 10)
          ( … )            grouping: (syria OR iraq) refugees
          title:word       in the title (also title:"a phrase", title:(a OR b))
          author:name      in the author field
          tag:word         in the tags
          site:host        source host; site:aljazeera.com also matches www. and
                           subdomains
          lang:code        language: en, fr, ar, …
          date:RANGE       2015 | 2015-05 | 2015-05-11 | 2015-05..2015-06 |
                           ..2015-06 | 2015-05..  (the upper end is inclusive)

        MATCHING
          Case and accents are ignored (derniere = dernière). English words match
          their other forms (battle ~ battles ~ battled); the form typed ranks
          first (--no-exact-forms turns that off). Arabic matches with or without
          harakat and tatweel, and alef (أ إ آ ٱ → ا), yeh (ى → ي) and teh
          marbuta (ة → ه) variants. Chinese, Japanese and Korean text matches any
          substring: 研究 finds 北京大学研究人员.

        RANKING AND DATES
          Best first by BM25F (title > tags > author > body; weight_title,
          weight_tags, weight_author, weight_body in the config). recency_boost = b
          multiplies scores by 1 + b / (1 + age in years). --sort newest|oldest
          orders by date instead. --since/--until take the date: forms; undated
          articles never match a date filter.

        EXPERTS
          --fts passes the query to SQLite FTS5 as is (columns title, tags,
          author, body); its errors are reported, never fatal.

        SHELL
          Quote the query: newsq search 'kyoto -protocol'. A query that starts
          with - goes after --, options before it: newsq search -l 5 -- -sport cup

        EXIT CODES
          0 results printed, 1 no match, 2 bad query, usage or database error.

        EXAMPLES
          newsq search hezbollah qalamoun
          newsq search '"last battle" -russia site:aljazeera.com'
          newsq search 'title:assad date:2015-05..2015-06' --sort newest
          newsq search 'NEAR(army aleppo, 5)' --format jsonl
          newsq search 'tag:syria lang:ar الاسد' --limit 20 --offset 20
          newsq search --fts 'title:(oil OR gold) AND body:price*'
          newsq search kyoto --format paths | xargs less
        """
}
