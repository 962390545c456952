//! Full-text search over the committee's documents (cases, case papers, agenda items,
//! protocol paragraphs and decisions) with a Swedish analyzer: lower-casing, the Snowball
//! Swedish stemmer, and before it a rule for the definite endings -an/-ans that Snowball leaves
//! ("förskolan" and "förskola" meet). Results respect permissions: a document marked secret is
//! searched only when the caller may see it.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, QueryParser, TermQuery};
use tantivy::schema::{Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TEXT, TextFieldIndexing, TextOptions, Value};
use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};
use tantivy::{Index, IndexWriter, TantivyDocument, Term, doc};

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The query could not be read.
    #[error("the query could not be read: {0}")]
    Query(#[from] tantivy::query::QueryParserError),
}

/// One searchable document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Where it opens (a page path).
    pub id: String,
    /// `ärende`, `paragraf`, `kallelsepunkt`, `beslut`.
    pub kind: String,
    /// Body key (`SN`).
    pub body: String,
    /// Year.
    pub year: i32,
    /// Title.
    pub title: String,
    /// The text.
    pub text: String,
    /// Secret: only those who may see secret content search it.
    pub secret: bool,
}

/// A hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Where it opens.
    pub id: String,
    /// What kind.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Relevance.
    pub score: f32,
}

/// Filters on a search.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this body.
    pub body: Option<String>,
    /// Only this year.
    pub year: Option<i32>,
    /// The caller may see secret documents.
    pub secret_allowed: bool,
}

/// Strips the definite endings the Snowball Swedish stemmer misses: -ans, -an (after at least
/// four letters), so "förskolans" → "förskol", "förskolan" → "förskol".
fn strip_definite(word: &mut String) {
    let n = word.chars().count();
    for suffix in ["ans", "an"] {
        if n > suffix.len() + 4 && word.ends_with(suffix) {
            word.truncate(word.len() - suffix.len());
            return;
        }
    }
}

/// The -an/-ans rule as a tantivy token filter (runs before the stemmer).
#[derive(Clone)]
pub struct DefiniteSuffix;

impl TokenFilter for DefiniteSuffix {
    type Tokenizer<T: Tokenizer> = DefiniteSuffixFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        DefiniteSuffixFilter { tokenizer }
    }
}

/// See [`DefiniteSuffix`].
#[derive(Clone)]
pub struct DefiniteSuffixFilter<T> {
    tokenizer: T,
}

impl<T: Tokenizer> Tokenizer for DefiniteSuffixFilter<T> {
    type TokenStream<'a> = DefiniteSuffixStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        DefiniteSuffixStream { tail: self.tokenizer.token_stream(text) }
    }
}

/// See [`DefiniteSuffix`].
pub struct DefiniteSuffixStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for DefiniteSuffixStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        strip_definite(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The Swedish analyzer.
pub fn swedish() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(DefiniteSuffix)
        .filter(Stemmer::new(Language::Swedish))
        .build()
}

/// The terms a text becomes (for tests and for explaining a hit).
pub fn terms(text: &str) -> Vec<String> {
    let mut a = swedish();
    let mut s = a.token_stream(text);
    let mut out = Vec::new();
    while s.advance() {
        out.push(s.token().text.clone());
    }
    out
}

struct Fields {
    id: Field,
    kind: Field,
    body: Field,
    year: Field,
    title: Field,
    text: Field,
    secret: Field,
}

/// An index in memory, built from documents (the committee's documents are few; the pages build
/// it per request).
pub struct SearchIndex {
    index: Index,
    f: Fields,
}

impl SearchIndex {
    /// Indexes the documents.
    pub fn build(docs: &[Doc]) -> Result<SearchIndex, SearchError> {
        let mut sb = Schema::builder();
        let text_options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer("sv").set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let f = Fields {
            id: sb.add_text_field("id", STRING | STORED),
            kind: sb.add_text_field("kind", STRING | STORED),
            body: sb.add_text_field("body", STRING),
            year: sb.add_i64_field("year", INDEXED),
            title: sb.add_text_field("title", text_options.clone().set_stored()),
            text: sb.add_text_field("text", text_options),
            secret: sb.add_u64_field("secret", INDEXED),
        };
        let _ = TEXT;
        let index = Index::create_in_ram(sb.build());
        index.tokenizers().register("sv", swedish());
        let mut w: IndexWriter = index.writer(15_000_000)?;
        for d in docs {
            w.add_document(doc!(
                f.id => d.id.clone(),
                f.kind => d.kind.clone(),
                f.body => d.body.clone(),
                f.year => d.year as i64,
                f.title => d.title.clone(),
                f.text => d.text.clone(),
                f.secret => d.secret as u64,
            ))?;
        }
        w.commit()?;
        Ok(SearchIndex { index, f })
    }

    /// Searches `query` (words; all are looked for, any may match) with the filter.
    pub fn search(&self, query: &str, filter: &Filter, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let reader = self.index.reader()?;
        let searcher = reader.searcher();
        let mut parser = QueryParser::for_index(&self.index, vec![self.f.title, self.f.text]);
        parser.set_field_boost(self.f.title, 2.0);
        // Quote characters are the parser's syntax; the user's words are words. A hyphen stays
        // inside a word (Lex-Maria); before one it would mean "not" ("-förskola" alone excludes
        // everything, which the parser refuses).
        let chars: Vec<char> = query.chars().collect();
        let inside = |k: usize| k > 0 && chars[k - 1].is_alphanumeric() && chars.get(k + 1).is_some_and(|c| c.is_alphanumeric());
        let clean: String = chars
            .iter()
            .enumerate()
            .map(|(k, &c)| if c.is_alphanumeric() || c.is_whitespace() || (c == '-' && inside(k)) { c } else { ' ' })
            .collect();
        if clean.trim().is_empty() {
            return Ok(vec![]);
        }
        let q = parser.parse_query(&clean)?;
        let mut clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = vec![(Occur::Must, q)];
        if !filter.secret_allowed {
            clauses.push((Occur::Must, Box::new(TermQuery::new(Term::from_field_u64(self.f.secret, 0), IndexRecordOption::Basic))));
        }
        if let Some(b) = &filter.body {
            clauses.push((Occur::Must, Box::new(TermQuery::new(Term::from_field_text(self.f.body, b), IndexRecordOption::Basic))));
        }
        if let Some(y) = filter.year {
            clauses.push((Occur::Must, Box::new(TermQuery::new(Term::from_field_i64(self.f.year, y as i64), IndexRecordOption::Basic))));
        }
        let top = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(limit).order_by_score())?;
        let mut out = Vec::new();
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let s = |f: Field| d.get_first(f).and_then(|v| v.as_str()).unwrap_or("").to_string();
            out.push(Hit { id: s(self.f.id), kind: s(self.f.kind), title: s(self.f.title), score });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str, text: &str, secret: bool) -> Doc {
        Doc { id: id.into(), kind: "paragraf".into(), body: "SN".into(), year: 2022, title: title.into(), text: text.into(), secret }
    }

    #[test]
    fn the_definite_endings_meet_their_stems() {
        assert_eq!(terms("förskolan"), terms("förskola"));
        assert_eq!(terms("förskolans"), terms("förskola"));
        assert_eq!(terms("Socialnämnden"), terms("socialnämnd"));
    }

    #[test]
    fn forskolan_and_forskola_find_each_other_and_the_public_never_sees_a_secret_hit() {
        let idx = SearchIndex::build(&[
            doc("a", "Öppna förskolan", "Verksamheten på förskolan i Tumba.", false),
            doc("b", "Budget", "Förskola och fritidshem får mer pengar.", false),
            doc("c", "Individärenden", "Barnet placeras; förskolan underrättas.", true),
        ])
        .unwrap();
        let public = Filter::default();
        let ids = |q: &str, f: &Filter| {
            let mut v: Vec<String> = idx.search(q, f, 10).unwrap().into_iter().map(|h| h.id).collect();
            v.sort();
            v
        };
        assert_eq!(ids("förskola", &public), vec!["a", "b"]);
        assert_eq!(ids("förskolan", &public), vec!["a", "b"]);
        let staff = Filter { secret_allowed: true, ..Filter::default() };
        assert_eq!(ids("förskolan", &staff), vec!["a", "b", "c"]);
        assert!(ids("placeras", &public).is_empty());
        assert_eq!(ids("placeras", &staff), vec!["c"]);
        let other_year = Filter { year: Some(2021), secret_allowed: true, ..Filter::default() };
        assert!(ids("förskola", &other_year).is_empty());
        assert!(ids("\"förskola", &public).len() == 2, "syntax characters are ignored");
        // A leading minus is a word's start, not the parser's "not" (alone it was an error).
        assert_eq!(ids("-förskola", &public), vec!["a", "b"]);
        assert_eq!(ids("- -", &public), Vec::<String>::new());
    }
}
