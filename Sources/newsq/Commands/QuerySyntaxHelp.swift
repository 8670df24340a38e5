/// The query language, shown by `newsq search --help` and `newsq help search`.
enum QuerySyntaxHelp {
    static let text = """
        QUERY SYNTAX
          word word          both words (AND is implicit); case and accents are ignored,
                             English words match other forms (battle ~ battles)
          "exact phrase"     the words in this order
          a OR b             either word (OR binds tighter than AND: x a OR b = x AND (a OR b))
          -word, NOT word    exclude articles containing the word
          pref*              words starting with pref
          NEAR(a b, 5)       a and b within 5 words of each other
          ( … )              grouping: (syria OR iraq) refugees
          title:word         in the title (also title:"a phrase")
          author:name        in the author field
          tag:word           in the tags
          site:host          source URL host (site:aljazeera.com also matches www. and subdomains)
          lang:code          language (en, fr, ar, …)
          date:RANGE         2015 | 2015-05 | 2015-05-11 | 2015-05..2015-06 | ..2015-06 | 2015-05..

        Dates: --since/--until take the same forms; undated articles never match a date filter.
        With --fts the query is raw SQLite FTS5 syntax (errors are reported, never fatal).

        EXAMPLES
          newsq search hezbollah qalamoun
          newsq search '"last battle" -russia site:aljazeera.com'
          newsq search 'title:assad date:2015-05..2015-06' --sort newest
          newsq search 'NEAR(army aleppo, 5)' --format jsonl
        """
}
